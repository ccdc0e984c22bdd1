import { lazy, Suspense, useEffect, type ReactNode } from "react";
import type { StepView, WorkflowView } from "../../worker/contract/reduce";
import { useDecisionSetStream } from "../hooks/useDecisionSetStream";
import { useNow } from "../hooks/useNow";
import { useWorkflowPlan } from "../hooks/useWorkflowPlan";
import { attention, type OpenGate } from "../lib/attention";
import { awaitsPerson, isCancellable, isTerminal } from "../lib/status";
import { ApprovalPanel } from "./ApprovalPanel";
import { CancelButton } from "./CancelButton";
import { Notices } from "./Notices";
import { ProgressHeader } from "./ProgressHeader";
import { QuestionsForm } from "./QuestionsForm";
import { StepList } from "./StepList";
import { LiveWorkflowGraph } from "./WorkflowGraphView";

// The result brings markdown-it, the zip reader and (on demand) mermaid: none of it is
// needed to show a run in progress, so it loads only when there is a result to show.
const ResultView = lazy(() => import("./result/ResultView"));

/**
 * Where a gate's panel goes: right after the step that asked, so the record reads in
 * order; -1 (after all steps) when the step is not known.
 */
function gateIndex(steps: StepView[], node: string | undefined): number {
  return node === undefined ? -1 : steps.findLastIndex((s) => s.node === node);
}

/** The gate that waits for an answer, if any. */
function openGate(view: WorkflowView): OpenGate | null {
  if (!awaitsPerson(view)) return null;
  const { questions, approval } = view;
  if (approval !== undefined && approval.decided === undefined)
    return { kind: "approval", ...(approval.deadline === undefined ? {} : { deadline: approval.deadline }) };
  if (questions !== undefined && questions.answered === undefined)
    return { kind: "questions", deadline: questions.deadline };
  return null;
}

interface Props {
  decisionSetId: string;
  title?: string;
  /** How the person knows this run (its title, or the request that started it), in what the page announces. */
  name?: string;
  /** Offered when the run failed: the chat re-sends the same request. */
  onRestart?: () => void;
  /** The caller watches someone else's run: its gates are shown without their forms, and it cannot be cancelled here. */
  watchOnly?: boolean;
  /** Draws the workflow graph with each node's live state (the run page; the chat stays compact). */
  showGraph?: boolean;
}

/** Everything about one decision set, live: one container, one stream. */
export function WorkflowContainer({
  decisionSetId,
  title = "MLOps workflow",
  name = title,
  onRestart,
  watchOnly = false,
  showGraph = false,
}: Props) {
  const { view, connection, clockSkewMs, unreadable, reconnectNow } = useDecisionSetStream(decisionSetId);
  const plan = useWorkflowPlan(view.planned_nodes.length === 0);
  const ticking = !isTerminal(view) || connection.kind === "reconnecting" || connection.kind === "offline";
  const now = useNow(ticking);

  // The tab tells the person when this run waits for them; only once the stream is live, so
  // a replay of old events (or a stale stored view) does not announce what is long past.
  const gate = watchOnly ? null : openGate(view);
  const live = view.caught_up;
  const skewS = Math.round(clockSkewMs / 1000);
  useEffect(() => {
    if (!live) return;
    attention.report({ id: decisionSetId, name, status: view.status, gate, skewMs: skewS * 1000 });
  });
  useEffect(() => () => attention.remove(decisionSetId), [decisionSetId]);

  const gates: { index: number; panel: ReactNode }[] = [];
  if (view.questions !== undefined) {
    gates.push({
      index: gateIndex(view.steps, view.questions.node),
      panel: (
        <QuestionsForm
          key={`questions:${view.questions.deadline}`}
          decisionSetId={decisionSetId}
          gate={view.questions}
          now={now}
          skewMs={clockSkewMs}
          watchOnly={watchOnly}
        />
      ),
    });
  }
  if (view.approval !== undefined) {
    gates.push({
      index: gateIndex(view.steps, view.approval.node),
      panel: (
        <ApprovalPanel
          key={`approval:${view.approval.deadline ?? ""}`}
          decisionSetId={decisionSetId}
          gate={view.approval}
          now={now}
          skewMs={clockSkewMs}
          watchOnly={watchOnly}
        />
      ),
    });
  }
  const placed = new Map(gates.filter((g) => g.index >= 0).map((g) => [g.index, g.panel]));
  const trailing = gates.filter((g) => g.index < 0).map((g) => g.panel);

  if (connection.kind === "not-found" && view.last_seq === 0) {
    return (
      <section className="workflow" aria-label={title}>
        <p className="notice notice-error" role="alert">
          There is no decision set with this id. Check the link, or find your runs in <a href="/history">History</a>.
        </p>
      </section>
    );
  }

  return (
    <section className="workflow" aria-label={title} data-decision-set={decisionSetId} data-status={view.status}>
      <ProgressHeader
        title={title}
        view={view}
        plan={plan}
        connection={connection}
        now={now}
        skewMs={clockSkewMs}
        onRetry={reconnectNow}
        actions={
          isCancellable(view) && connection.kind !== "not-found" && !watchOnly ? (
            <CancelButton decisionSetId={decisionSetId} />
          ) : null
        }
      />
      <Notices view={view} unreadable={unreadable} onRetry={onRestart} />
      {showGraph ? (
        <details className="graph-panel" open>
          <summary>Workflow graph</summary>
          <LiveWorkflowGraph view={view} />
        </details>
      ) : null}
      <StepList steps={view.steps} now={now} waiting={awaitsPerson(view)} after={placed} />
      {trailing}
      {view.final_outputs !== undefined ? (
        <Suspense fallback={<p className="muted">Loading the result…</p>}>
          <ResultView decisionSetId={decisionSetId} outputs={view.final_outputs} />
        </Suspense>
      ) : null}
    </section>
  );
}
