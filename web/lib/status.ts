/** How a workflow status reads and looks: always text and a symbol, never colour alone. */
import type { WorkflowView } from "../../worker/contract/reduce";
import { isTerminalStatus, type Status } from "../../worker/contract/status";

/** True once the workflow can change no more: the stream will close and the view is final. */
export function isTerminal(view: Pick<WorkflowView, "status">): boolean {
  return isTerminalStatus(view.status);
}

/** True while a person may still cancel it. */
export function isCancellable(view: Pick<WorkflowView, "status">): boolean {
  return !isTerminalStatus(view.status);
}

export const STATUS_LABEL: Record<Status, string> = {
  queued: "Queued",
  running: "Running",
  paused: "Waiting for you",
  completed: "Completed",
  failed: "Failed",
  cancelled: "Cancelled",
  rejected: "Rejected",
};

/** A symbol beside the label, for a reader who cannot tell the badge colours apart. */
export const STATUS_SYMBOL: Record<Status, string> = {
  queued: "○",
  running: "◐",
  paused: "❚❚",
  completed: "✓",
  failed: "✕",
  cancelled: "⊘",
  rejected: "✕",
};

/** True while a gate is open and nobody has answered it: the run waits for a person. */
export function awaitsPerson(view: Pick<WorkflowView, "status" | "questions" | "approval">): boolean {
  if (view.status !== "paused") return false;
  const questionsOpen = view.questions !== undefined && view.questions.answered === undefined;
  const approvalOpen = view.approval !== undefined && view.approval.decided === undefined;
  return questionsOpen || approvalOpen;
}
