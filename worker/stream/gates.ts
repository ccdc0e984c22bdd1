/**
 * The human gates as the object holds them. A gate opens with the pause that names its
 * kind, its deadline and its defaults, and closes with the answer that passes through;
 * what the answers mean is the workflow's business, not the object's.
 */
import type { NewEvent } from "../contract/events";
import type { AnsweredBy, AnswerSource, GateKind, OpenGate } from "../contract/gate";

/** How an event changes the open gate: the gate it opens, null when it closes it, undefined when it leaves it be. */
export function gateChange(event: NewEvent, now: number): OpenGate | null | undefined {
  // The answer closes the gate, also one the workflow answered itself (no waiting configured).
  if (event.type === "responses-collected") return null;
  if (event.type !== "workflow-paused") return undefined;
  const { gate: kind, deadline, defaults } = event.data;
  // A pause without defaults waits for nobody: the workflow answers it at once.
  if (kind === undefined || defaults === undefined || deadline === undefined) return undefined;
  const at = Date.parse(deadline);
  return { kind, deadline_ms: Number.isNaN(at) ? now : at, defaults };
}

/**
 * The events that record an answer: `auto-approving` first when the deadline took the
 * defaults. The answer names who gave it: `by` for a person, the deadline for `auto`.
 */
export function answerEvents(
  kind: GateKind,
  value: Record<string, unknown>,
  source: AnswerSource,
  by?: AnsweredBy,
): NewEvent[] {
  const events: NewEvent[] = [];
  if (source === "auto") events.push({ type: "auto-approving", data: { responses: value } });
  const who: AnsweredBy | undefined = source === "auto" ? { kind: "deadline" } : by;
  events.push({
    type: "responses-collected",
    data: { responses: value, source, gate: kind, ...(who === undefined ? {} : { by: who }) },
  });
  return events;
}

/** The countdown of an open gate, for the subscribers watching it (ephemeral). */
export function countdownTick(gate: OpenGate, now: number): NewEvent {
  const deadline = new Date(gate.deadline_ms).toISOString();
  return { type: "countdown-tick", data: { remaining_seconds: Math.ceil((gate.deadline_ms - now) / 1000), deadline } };
}
