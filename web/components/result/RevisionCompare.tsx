import { useEffect, useState } from "react";
import { api, errorMessage } from "../../lib/api";
import { formatDateTime, formatPercent } from "../../lib/format";
import { parseSnapshot } from "../../lib/parse-event";
import { compareRevisions, type Revision } from "../../lib/revisions";

/** Revisions shown side by side: the newest and the ones before it on its thread. */
export const MAX_REVISIONS = 4;

type Load = { kind: "loading" } | { kind: "loaded"; revisions: Revision[] } | { kind: "failed"; message: string };

/** This decision set and its predecessors on the thread, oldest first, following `previous_id`. */
async function loadRevisions(id: string): Promise<Revision[]> {
  const out: Revision[] = [];
  let next: string | null = id;
  while (next !== null && out.length < MAX_REVISIONS) {
    const detail = await api.getDecisionSet(next);
    const view = parseSnapshot(detail.snapshot);
    if (view !== null) out.push({ decisionSetId: detail.decision_set_id, createdAt: detail.created_at, view });
    next = detail.previous_id;
  }
  return out.toReversed();
}

/**
 * The same node's cards across the thread's revisions, side by side (decision, confidence,
 * alternatives), each decision that differs from the revision before marked as changed.
 */
export function RevisionCompare({ decisionSetId }: { decisionSetId: string }) {
  const [load, setLoad] = useState<Load>({ kind: "loading" });
  useEffect(() => {
    let live = true;
    loadRevisions(decisionSetId).then(
      (revisions) => {
        if (live) setLoad({ kind: "loaded", revisions });
      },
      (err: unknown) => {
        if (live) setLoad({ kind: "failed", message: errorMessage(err) });
      },
    );
    return () => {
      live = false;
    };
  }, [decisionSetId]);

  if (load.kind === "loading") return <p className="muted">Loading the earlier revisions…</p>;
  if (load.kind === "failed")
    return (
      <p className="notice notice-error" role="alert">
        The earlier revisions could not be loaded: {load.message}
      </p>
    );
  const { revisions } = load;
  if (revisions.length < 2) return <p className="muted">This is the first design of its thread.</p>;
  const rows = compareRevisions(revisions);
  return (
    <div className="revisions" data-testid="revision-compare">
      <h4>Reason cards across revisions</h4>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Step</th>
              {revisions.map((r, i) => (
                <th key={r.decisionSetId} scope="col">
                  Revision {i + 1}
                  <br />
                  <span className="muted small">{formatDateTime(r.createdAt)}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.node} data-node={row.node} data-changed={row.changed.some(Boolean)}>
                <th scope="row">{row.title}</th>
                {row.cards.map((card, i) => (
                  <td key={i} className={row.changed[i] === true ? "revision-changed" : undefined}>
                    {card === null ? (
                      <span className="muted">—</span>
                    ) : (
                      <>
                        {row.changed[i] === true ? <strong className="badge">Changed</strong> : null}{" "}
                        <span>{card.decision}</span>
                        <br />
                        <span className="muted small">Confidence {formatPercent(card.confidence)}</span>
                        {card.alternatives_considered.length > 0 ? (
                          <ul className="alternatives small">
                            {card.alternatives_considered.map((a, j) => (
                              <li key={j}>{a.option}</li>
                            ))}
                          </ul>
                        ) : null}
                      </>
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
