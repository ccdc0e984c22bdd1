import { useId, useState } from "react";
import type { ApprovalView } from "../../worker/contract/reduce";
import { api, ApiError, errorMessage } from "../lib/api";
import { Countdown } from "./Countdown";
import { KeyValueView } from "./KeyValueView";

interface Props {
  decisionSetId: string;
  gate: ApprovalView;
  now: number;
  skewMs: number;
  /** The caller only watches this run: the plan is shown, the decision is not offered. */
  watchOnly?: boolean;
}

function decisionOf(responses: Record<string, unknown>): string {
  const d = responses.decision;
  if (d === "approved") return "Approved";
  if (d === "rejected") return "Rejected";
  return typeof d === "string" ? d : "Decided";
}

/** The final gate: the plan as the agents left it, and the person's Approve or Reject. */
export function ApprovalPanel({ decisionSetId, gate, now, skewMs, watchOnly = false }: Props) {
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState<"approved" | "rejected" | null>(null);
  const [sentHere, setSentHere] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const commentId = useId();
  const titleId = useId();
  const { decided } = gate;
  const locked = decided !== undefined || conflict;

  async function decide(decision: "approved" | "rejected") {
    setBusy(decision);
    setError(null);
    try {
      await api.approve(decisionSetId, decision, comment);
      setSentHere(true);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) setConflict(true);
      else setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  }

  const decidedComment =
    decided !== undefined && typeof decided.responses.comment === "string" ? decided.responses.comment : "";

  return (
    <section
      className="gate gate-approval"
      aria-labelledby={titleId}
      data-locked={locked}
      data-watch-only={watchOnly || undefined}
    >
      <h3 id={titleId}>
        {locked ? "Plan review" : watchOnly ? "The owner reviews the plan" : "Review the plan before code is generated"}
      </h3>
      <p className="prose-text">{gate.reason}</p>
      {gate.summary === undefined ? null : locked ? (
        <details className="gate-record">
          <summary>The plan as reviewed</summary>
          <KeyValueView data={gate.summary} />
        </details>
      ) : (
        <KeyValueView data={gate.summary} />
      )}
      {decided !== undefined ? (
        <p className="notice notice-ok" role="status" data-testid="approval-decided">
          <strong>{decisionOf(decided.responses)}</strong>
          {decided.source === "auto"
            ? ": the deadline passed, so the default decision was applied."
            : watchOnly
              ? " by the owner."
              : sentHere
                ? " by you."
                : " in another tab or window."}
          {decidedComment !== "" ? <> Comment: “{decidedComment}”</> : null}
        </p>
      ) : conflict ? (
        <p className="notice notice-info" role="status" data-testid="approval-decided">
          This plan was already decided (in another tab, or by the deadline). The outcome will appear here in a moment.
        </p>
      ) : watchOnly ? (
        <>
          <p className="notice notice-info" role="status" data-testid="gate-watch-only">
            You are watching this run: only its owner can approve or reject this plan.
          </p>
          {gate.deadline !== undefined ? (
            <Countdown deadline={gate.deadline} now={now} skewMs={skewMs} what="the default decision is applied" />
          ) : null}
        </>
      ) : (
        <>
          {gate.deadline !== undefined ? (
            <Countdown deadline={gate.deadline} now={now} skewMs={skewMs} what="the default decision is applied" />
          ) : null}
          <div className="field">
            <label htmlFor={commentId}>Comment (optional)</label>
            <textarea
              id={commentId}
              rows={2}
              maxLength={2000}
              value={comment}
              disabled={busy !== null}
              onChange={(e) => setComment(e.target.value)}
            />
          </div>
          <div className="actions">
            <button type="button" className="primary" disabled={busy !== null} onClick={() => void decide("approved")}>
              {busy === "approved" ? "Approving…" : "Approve"}
            </button>
            <button type="button" className="danger" disabled={busy !== null} onClick={() => void decide("rejected")}>
              {busy === "rejected" ? "Rejecting…" : "Reject"}
            </button>
          </div>
        </>
      )}
      {error !== null ? (
        <p className="notice notice-error" role="alert">
          Your decision was not sent: {error} You can try again.
        </p>
      ) : null}
    </section>
  );
}
