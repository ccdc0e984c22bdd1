import type { WorkflowView } from "../../worker/contract/reduce";
import { isTerminal } from "../lib/status";

interface Props {
  view: WorkflowView;
  unreadable: number;
  onRetry?: () => void;
}

/** What went wrong or is being retried, and what a person can do about it. */
export function Notices({ view, unreadable, onRetry }: Props) {
  const stepTitle = (node: string | undefined) =>
    node === undefined ? undefined : (view.steps.findLast((s) => s.node === node)?.title ?? node);
  const lastRetry = view.retries.at(-1);
  const lastWarning = view.warnings.at(-1);
  const ended = isTerminal(view);
  return (
    <>
      {view.error !== undefined ? (
        <div className="notice notice-error" role="alert" data-testid="workflow-error">
          <p>
            <strong>
              The workflow failed{view.error.node !== undefined ? ` at “${stepTitle(view.error.node)}”` : ""}.
            </strong>{" "}
            {view.error.message}
          </p>
          <p>
            Nothing more will run for this request. What was decided so far stays below.{" "}
            {onRetry !== undefined ? (
              <button type="button" className="link-button" onClick={onRetry}>
                Start it again
              </button>
            ) : (
              <a href="/">Start a new design</a>
            )}
          </p>
        </div>
      ) : null}
      {!ended && lastRetry !== undefined ? (
        <p className="notice notice-warn" role="status">
          The run was interrupted ({lastRetry.reason}); attempt {lastRetry.attempt} resumes it from its last completed
          step{lastRetry.delay_seconds > 0 ? ` in about ${Math.round(lastRetry.delay_seconds)} s` : ""}. Nothing needs
          doing.
        </p>
      ) : null}
      {!ended && lastWarning !== undefined && lastRetry === undefined ? (
        <p className="notice notice-warn" role="status">
          A step ran into a temporary problem and will be retried: {lastWarning.message}
        </p>
      ) : null}
      {view.status === "cancelled" ? (
        <p className="notice notice-info" role="status">
          Cancelled{view.cancelled_by !== undefined ? ` by ${view.cancelled_by}` : ""}. Steps that had finished stay
          below.
        </p>
      ) : null}
      {view.status === "rejected" ? (
        <p className="notice notice-info" role="status">
          The plan was rejected, so no code was generated. Send a follow-up message to revise the design.
        </p>
      ) : null}
      {unreadable > 0 ? (
        <p className="notice notice-warn" role="status">
          {unreadable === 1 ? "One update" : `${unreadable} updates`} could not be read and{" "}
          {unreadable === 1 ? "was" : "were"} skipped. Reload the page to fetch a fresh copy.
        </p>
      ) : null}
    </>
  );
}
