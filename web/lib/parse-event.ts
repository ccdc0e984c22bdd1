/**
 * A view that comes from outside the stream, checked before the page renders it. (An SSE
 * frame's event is parsed by the contract's `parseStreamEvent`.)
 */
import { ViewSnapshot } from "../../worker/contract/view";

/**
 * A view from outside the stream (the decision set's detail, a stored copy), or null
 * when it is not one: a malformed view would crash a render, so it never reaches the reducer.
 */
export function parseSnapshot(data: unknown): ViewSnapshot | null {
  const parsed = ViewSnapshot.safeParse(data);
  return parsed.success ? parsed.data : null;
}
