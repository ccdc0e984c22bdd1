/**
 * The subscription between the edge Worker and a DecisionSet object, defined once: how a
 * subscribe request is answered when it is refused, and the close code of a finished
 * stream. The object writes these statuses and the edge reads them back with the same table.
 */
import type { LogBounds } from "./event-log";
import { filterParam, type TypeFilter } from "./filter";

/** Close code the object uses when a finished stream has sent everything. */
export const CLOSE_ENDED = 4000;

/** A subscribe request that opens no stream, and the status that says so. */
export const SUBSCRIBE_REFUSALS = {
  /** No decision set of that id. */
  "not-found": 404,
  /** The stream has ended and the cursor has all of it. */
  "no-content": 204,
  /** The cursor is ahead of the stream (or not a cursor at all). */
  "bad-cursor": 416,
} as const;
export type SubscribeRefusal = keyof typeof SUBSCRIBE_REFUSALS;

/** The refusal a status stands for, or null when the object opened the stream. */
export function refusalOf(status: number): SubscribeRefusal | null {
  for (const [kind, code] of Object.entries(SUBSCRIBE_REFUSALS)) {
    if (code === status && isRefusal(kind)) return kind;
  }
  return null;
}

function isRefusal(kind: string): kind is SubscribeRefusal {
  return kind in SUBSCRIBE_REFUSALS;
}

/** The URL the edge asks the object to subscribe at, for a client whose cursor is `after` (and its filter). */
export function subscribeUrl(after: number, filter: TypeFilter = null): string {
  const types = filter === null ? "" : `&types=${encodeURIComponent(filterParam(filter))}`;
  return `https://decision-set/subscribe?after=${after}${types}`;
}

/**
 * Whether a subscriber with cursor `after` is refused. The cursor was parsed at the API
 * (the contract's `Cursor`); here it is only placed against the log.
 */
export function refusal(bounds: LogBounds & { ended: boolean }, after: number): SubscribeRefusal | null {
  if (after > bounds.last_seq) return "bad-cursor";
  if (bounds.ended && after === bounds.last_seq) return "no-content";
  return null;
}
