/**
 * The boundary between the wire and the reducer: an SSE frame's text becomes a typed
 * StreamEvent in one parse of the contract's union (envelope and data together).
 */
import { StreamEvent } from "../../worker/contract/events";
import { ViewSnapshot } from "../../worker/contract/view";

/**
 * A view from outside the stream (the decision set's detail, a stored copy), or null
 * when it is not one: a malformed view would crash a render, so it never reaches the reducer.
 */
export function parseSnapshot(data: unknown): ViewSnapshot | null {
  const parsed = ViewSnapshot.safeParse(data);
  return parsed.success ? parsed.data : null;
}

/**
 * Parses one SSE `data:` payload. Returns null for anything that is not a valid event of a
 * known type, so a malformed frame is counted and skipped instead of corrupting the view.
 */
export function parseStreamEvent(text: string): StreamEvent | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = StreamEvent.safeParse(json);
  return parsed.success ? parsed.data : null;
}
