import { useCallback, useEffect, useState } from "react";
import { Link } from "react-router";
import type { DecisionSetSummary } from "../../worker/contract/api";
import { SharedWithYou } from "../components/SharedWithYou";
import { StatusBadge } from "../components/StatusBadge";
import { api, errorMessage } from "../lib/api";
import { useLiveSummaries } from "../hooks/useLiveSummaries";
import { formatDateTime, formatPercent } from "../lib/format";

type Load = { kind: "loading" } | { kind: "loaded"; items: DecisionSetSummary[] } | { kind: "failed"; message: string };

const RUNNING = new Set(["queued", "running", "paused"]);

/** `/history`: the caller's decision sets, newest first; running ones update live over one summary stream. */
export function HistoryRoute() {
  const [load, setLoad] = useState<Load>({ kind: "loading" });

  const refresh = useCallback(() => {
    setLoad({ kind: "loading" });
    api.listDecisionSets().then(
      (r) => setLoad({ kind: "loaded", items: r.decision_sets }),
      (err: unknown) => setLoad({ kind: "failed", message: errorMessage(err) }),
    );
  }, []);
  useEffect(refresh, [refresh]);
  const summaries = useLiveSummaries(load.kind === "loaded" && load.items.some((d) => RUNNING.has(d.status)));

  return (
    <div className="page">
      <div className="page-head">
        <h1>History</h1>
        <button type="button" className="small" onClick={refresh} disabled={load.kind === "loading"}>
          Refresh
        </button>
      </div>
      {load.kind === "loading" ? (
        <p className="muted" role="status">
          Loading…
        </p>
      ) : null}
      {load.kind === "failed" ? (
        <p className="notice notice-error" role="alert">
          Your decision sets could not be loaded: {load.message}{" "}
          <button type="button" className="link-button" onClick={refresh}>
            Try again
          </button>
        </p>
      ) : null}
      {load.kind === "loaded" && load.items.length === 0 ? (
        <p>
          No decision sets yet. <Link to="/">Describe the platform you need</Link> to start one.
        </p>
      ) : null}
      {load.kind === "loaded" && load.items.length > 0 ? (
        <ul className="history" aria-label="Your decision sets, newest first">
          {load.items.map((row) => {
            const live = summaries.get(row.decision_set_id);
            const d = live === undefined ? row : { ...row, status: live.status };
            return (
              <li
                key={d.decision_set_id}
                className="history-item"
                data-decision-set={d.decision_set_id}
                data-status={d.status}
              >
                <Link to={`/d/${d.decision_set_id}`} className="history-link">
                  {d.title !== "" ? d.title : d.decision_set_id}
                </Link>
                <span className="history-meta">
                  <StatusBadge status={d.status} />
                  {live !== undefined ? (
                    <span className="muted small" data-testid="history-progress">
                      {formatPercent(live.progress)}
                    </span>
                  ) : null}
                  <time dateTime={d.created_at} className="muted small">
                    {formatDateTime(d.created_at)}
                  </time>
                  {d.previous_id !== null ? <span className="muted small">revision</span> : null}
                </span>
              </li>
            );
          })}
        </ul>
      ) : null}
      <SharedWithYou />
    </div>
  );
}
