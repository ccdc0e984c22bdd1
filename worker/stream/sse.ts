/**
 * SSE framing. An event is encoded once, as text, and that text goes to every
 * subscriber and into replays unchanged: the hot path never re-parses JSON.
 */
import type { EventType } from "../contract/events";
import { writeFrame } from "../contract/sse";

/** The first bytes of every stream: how long EventSource waits before reconnecting. */
export const RETRY_FRAME = "retry: 2000\n\n";

/** The JSON envelope of an event, built around its already-encoded `data`. */
export function envelopeJson(
  type: EventType,
  decisionSetId: string,
  seq: number | undefined,
  timestamp: string,
  dataJson: string,
): string {
  const seqPart = seq === undefined ? "" : `,"seq":${seq}`;
  return `{"type":"${type}","decision_set_id":${JSON.stringify(decisionSetId)}${seqPart},"timestamp":"${timestamp}","data":${dataJson}}`;
}

/**
 * One SSE frame. Stored events carry `id:` (their seq); ephemeral ones do not, so they
 * never move a client's Last-Event-ID. JSON text has no raw newlines, so one `data:` line suffices.
 */
export function sseFrame(...args: Parameters<typeof envelopeJson>): string {
  const [type, , seq] = args;
  return writeFrame({ id: seq, event: type, data: envelopeJson(...args) });
}

/** The heartbeat frame, written by whoever holds the client's connection. */
export function heartbeatFrame(decisionSetId: string): string {
  return sseFrame("heartbeat", decisionSetId, undefined, new Date().toISOString(), "{}");
}
