/**
 * Selective subscription: a subscriber may name the event types it wants. The filter
 * travels from the API to the object in the subscribe URL and lives in the subscriber's
 * socket attachment, so it survives hibernation. Seqs are never renumbered: a filtered
 * client's cursor is a real seq and resumes exactly like an unfiltered one.
 */
import { z } from "zod";
import { EventTypeSchema, type EventType } from "../contract/events";

/**
 * What every subscriber gets, named or not: the snapshot (what a trimmed history said),
 * the end of the replay, and the heartbeats that keep the connection honest.
 */
export const ALWAYS_SENT: readonly EventType[] = ["snapshot", "caught-up", "heartbeat"];

/** A subscriber's filter: the types it named, sorted and unique; null is everything. */
export type TypeFilter = readonly EventType[] | null;

/** The filter as the socket attachment holds it. */
export const FilterAttachment = z.object({ types: z.array(EventTypeSchema).min(1) });

/** The named types as one filter: sorted and unique, so two equal filters share one key. */
export function typeFilter(types: readonly EventType[] | undefined): TypeFilter {
  if (types === undefined || types.length === 0) return null;
  return [...new Set(types)].toSorted();
}

/** Whether an event of `type` reaches a subscriber with `filter`. */
export function passes(filter: TypeFilter, type: EventType): boolean {
  return filter === null || ALWAYS_SENT.includes(type) || filter.includes(type);
}

/** The filter as a query value, `a,b`; the empty string for no filter. */
export function filterParam(filter: TypeFilter): string {
  return filter === null ? "" : filter.join(",");
}
