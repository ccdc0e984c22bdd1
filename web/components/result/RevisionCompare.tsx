import { useEffect } from "react";
import { useFetcher } from "react-router";
import { formatDateTime, formatPercent } from "../../lib/format";
import { compareRevisions } from "../../lib/revisions";
import { revisionsHref, type RevisionsData } from "../../lib/revisions-loader";
import { FileDiffs } from "./FileDiffs";

/**
 * The same node's cards across the thread's revisions, side by side (decision, confidence,
 * alternatives), each decision that differs from the revision before marked as changed.
 * The revisions come from their route's loader, which fetches them together.
 */
export function RevisionCompare({ decisionSetId }: { decisionSetId: string }) {
  const { load, data } = useFetcher<RevisionsData>();
  const href = revisionsHref(decisionSetId);
  // The tab opens on demand: its data is asked for when it is shown, not with the page.
  useEffect(() => void load(href), [load, href]);

  if (data === undefined) return <p className="muted">Loading the earlier revisions…</p>;
  if (!data.ok)
    return (
      <p className="notice notice-error" role="alert">
        The earlier revisions could not be loaded: {data.message}
      </p>
    );
  const { revisions } = data;
  if (revisions.length < 2) return <p className="muted">This is the first design of its thread.</p>;
  const rows = compareRevisions(revisions);
  const [previous, latest] = revisions.slice(-2);
  return (
    <div className="revisions" data-testid="revision-compare">
      {previous !== undefined && latest !== undefined ? (
        <FileDiffs
          before={previous.decisionSetId}
          after={latest.decisionSetId}
          label={`Files changed since revision ${revisions.length - 1}`}
        />
      ) : null}
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
