import { Link, useLoaderData, useRevalidator } from "react-router";
import type { DecisionSetSummary } from "../../worker/contract/api";
import { isTerminalStatus } from "../../worker/contract/status";
import { SharedWithYou } from "../components/SharedWithYou";
import { StatusBadge } from "../components/StatusBadge";
import { api } from "../lib/api";
import { useLiveSummaries } from "../hooks/useLiveSummaries";
import { loadMe } from "../hooks/useMe";
import { formatDateTime, formatPercent } from "../lib/format";

interface HistoryData {
  items: DecisionSetSummary[];
  shared: DecisionSetSummary[];
}

/** What others shared with a person signed in with Access; a failure leaves it empty, the person's own list is what matters. */
async function sharedWithMe(): Promise<DecisionSetSummary[]> {
  try {
    if ((await loadMe()).kind !== "person") return [];
    return (await api.sharedWithMe()).decision_sets;
  } catch {
    return [];
  }
}

/** The caller's decision sets and those shared with them, together; a failed list goes to the error element. */
export async function historyLoader(): Promise<HistoryData> {
  const [list, shared] = await Promise.all([api.listDecisionSets(), sharedWithMe()]);
  return { items: list.decision_sets, shared };
}

/** `/history`: the caller's decision sets, newest first; running ones update live over one summary stream. */
export function HistoryRoute() {
  const { items, shared } = useLoaderData<HistoryData>();
  const { revalidate, state } = useRevalidator();
  const summaries = useLiveSummaries(items.some((d) => !isTerminalStatus(d.status)));

  return (
    <div className="page">
      <div className="page-head">
        <h1>History</h1>
        <button type="button" className="small" onClick={() => void revalidate()} disabled={state === "loading"}>
          Refresh
        </button>
      </div>
      {items.length === 0 ? (
        <p>
          No decision sets yet. <Link to="/">Describe the platform you need</Link> to start one.
        </p>
      ) : null}
      {items.length > 0 ? (
        <ul className="history" aria-label="Your decision sets, newest first">
          {items.map((row) => {
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
      <SharedWithYou items={shared} />
    </div>
  );
}
