/**
 * Reading a trace file (`trace.jsonl`, as the export writes it) for replay in the page:
 * every line parsed with the contract's event union, one decision set, stored events in
 * seq order without gaps, a snapshot only first. Anything else is refused with a message that says
 * which line and why, never half-shown.
 */
import { initialView, reduce, type WorkflowView } from "../../worker/contract/reduce";
import { parseStreamEvent, type StreamEvent } from "../../worker/contract/events";

/** Largest trace the page opens: far above an export's size (its history is bounded), below what a tab can hold. */
export const MAX_TRACE_BYTES = 64 * 1024 * 1024;

export type Trace = { ok: true; decisionSetId: string; events: StreamEvent[] } | { ok: false; message: string };

/** Parses a trace's text. */
export function parseTrace(text: string): Trace {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  if (lines.length === 0) return { ok: false, message: "The file is empty: it holds no events." };
  const events: StreamEvent[] = [];
  let id: string | null = null;
  let last = 0;
  for (const [i, line] of lines.entries()) {
    const where = `Line ${i + 1}`;
    const event = parseStreamEvent(line);
    if (event === null)
      return {
        ok: false,
        message: `${where} is not an event of a Reasonstream trace. Is this a trace.jsonl exported from a run?`,
      };
    if (event.seq === undefined)
      return { ok: false, message: `${where} is a ${event.type} event, which a trace never holds (it is not stored).` };
    if (event.type === "snapshot" && i > 0)
      return { ok: false, message: `${where} is a snapshot: a trace may start with one, never carry one later.` };
    if (id !== null && event.decision_set_id !== id)
      return { ok: false, message: `${where} belongs to another decision set: a trace holds one run.` };
    // Seqs have no gaps, and an export has every retained one: a missing line is a damaged file.
    if (!(event.type === "snapshot" || event.seq === last + 1))
      return {
        ok: false,
        message: `${where} has seq ${event.seq} where ${last + 1} was due: the file is incomplete or out of order.`,
      };
    id = event.decision_set_id;
    last = event.seq;
    events.push(event);
  }
  return { ok: true, decisionSetId: id ?? "", events };
}

/** Reads a picked or dropped file: never uploaded, read here and only here. */
export async function readTrace(file: Blob): Promise<Trace> {
  if (file.size > MAX_TRACE_BYTES)
    return { ok: false, message: `The file is ${Math.round(file.size / 1048576)} MiB; a trace is at most 64 MiB.` };
  try {
    return parseTrace(await file.text());
  } catch {
    return { ok: false, message: "The file could not be read." };
  }
}

/** The view after the first `count` events of a trace, through the same reducer as a live run. */
export function viewAfter(decisionSetId: string, events: readonly StreamEvent[], count: number): WorkflowView {
  let view = initialView(decisionSetId);
  for (const event of events.slice(0, count)) view = reduce(view, event);
  // A recording is never "the present": caught_up stays false, and nothing waits behind a gap.
  return view;
}
