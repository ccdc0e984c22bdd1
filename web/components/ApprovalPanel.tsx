import { startTransition, useId, useOptimistic, useState } from "react";
import type { ApprovalView } from "../../worker/contract/reduce";
import { useGateAnswer } from "../hooks/useGateAnswer";
import { api } from "../lib/api";
import { answeredBy } from "../lib/answered-by";
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

type Decision = "approved" | "rejected";

function decisionOf(responses: Record<string, unknown>): string {
  const d = responses.decision;
  if (d === "approved") return "Approved";
  if (d === "rejected") return "Rejected";
  return typeof d === "string" ? d : "Decided";
}

/** The final gate: the plan as the agents left it, and the person's Approve or Reject. */
export function ApprovalPanel({ decisionSetId, gate, now, skewMs, watchOnly = false }: Props) {
  const [comment, setComment] = useState("");
  const {
    outcome,
    send,
    pending: sending,
    failed: error,
  } = useGateAnswer(({ decision, note }: { decision: Decision; note: string }) =>
    api.approve(decisionSetId, decision, note),
  );
  // Which button was pressed, for its label, while its decision is on its way.
  const [pressed, setPressed] = useOptimistic<Decision | null>(null);
  const commentId = useId();
  const titleId = useId();
  const { decided } = gate;
  const sentHere = outcome.kind === "sent";
  const conflict = outcome.kind === "conflict";
  const locked = decided !== undefined || conflict;

  function decide(decision: Decision) {
    startTransition(() => {
      setPressed(decision);
      send({ decision, note: comment });
    });
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
            : decided.by !== undefined && !sentHere
              ? ` by ${answeredBy(decided.by)}.`
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
              disabled={sending}
              onChange={(e) => setComment(e.target.value)}
            />
          </div>
          <div className="actions">
            <button type="button" className="primary" disabled={sending} onClick={() => decide("approved")}>
              {sending && pressed === "approved" ? "Approving…" : "Approve"}
            </button>
            <button type="button" className="danger" disabled={sending} onClick={() => decide("rejected")}>
              {sending && pressed === "rejected" ? "Rejecting…" : "Reject"}
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
