import type { ReactNode } from "react";
import type { PlannedNode } from "../../worker/contract/events";
import { progressOf, type WorkflowView } from "../../worker/contract/reduce";
import { formatDuration, formatPercent } from "../lib/format";
import type { ConnectionState } from "../lib/stream-client";
import { ConnectionIndicator } from "./ConnectionIndicator";
import { StatusBadge } from "./StatusBadge";

interface Props {
  title: string;
  view: WorkflowView;
  /** The deployment's plan, used only until `workflow-start` names this run's own. */
  plan: PlannedNode[];
  connection: ConnectionState;
  now: number;
  skewMs: number;
  onRetry: () => void;
  actions?: ReactNode;
}

/** What the workflow is doing now, in one line a person can read at a glance. */
function currentActivity(view: WorkflowView): string | null {
  if (view.status === "paused") {
    if (view.questions !== undefined && view.questions.answered === undefined) return "Waiting for your answers";
    if (view.approval !== undefined && view.approval.decided === undefined) return "Waiting for your approval";
    // Answered, and the workflow has not picked the answer up yet.
    return "Resuming…";
  }
  if (view.status === "queued") return "Waiting to start";
  const running = view.steps.findLast((s) => s.status === "running");
  return running === undefined ? null : `Now: ${running.title}`;
}

/** Progress is the share of planned steps completed, as the reducer counts it: never a guess. */
export function ProgressHeader({ title, view, plan, connection, now, skewMs, onRetry, actions }: Props) {
  const planned = view.planned_nodes.length > 0 ? view.planned_nodes : plan;
  const share = progressOf(view);
  const done =
    view.status === "completed"
      ? planned.length
      : view.completed_nodes.filter((n) => planned.some((p) => p.id === n)).length;
  const started = view.started_at === undefined ? Number.NaN : Date.parse(view.started_at);
  const ended = view.ended_at === undefined ? now + skewMs : Date.parse(view.ended_at);
  const elapsed = Number.isNaN(started) ? null : Math.max(0, ended - started);
  const activity = currentActivity(view);
  const pct = formatPercent(share);
  return (
    <header className="progress-header">
      <div className="progress-top">
        <h2 className="progress-title">{title}</h2>
        <StatusBadge status={view.status} />
        <ConnectionIndicator connection={connection} now={now} onRetry={onRetry} />
        {actions}
      </div>
      <div
        className={`progress-bar status-${view.status}`}
        role="progressbar"
        aria-label="Share of planned steps done"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(share * 100)}
        aria-valuetext={planned.length > 0 ? `${done} of ${planned.length} steps done` : "Not started"}
      >
        <span style={{ width: pct }} />
      </div>
      <p className="progress-meta">
        <span data-testid="progress-text">
          {planned.length > 0 ? `${done} of ${planned.length} steps · ${pct}` : "Preparing…"}
        </span>
        {elapsed !== null ? <span>Elapsed {formatDuration(elapsed)}</span> : null}
        {activity !== null ? <span className="activity">{activity}</span> : null}
      </p>
    </header>
  );
}
