import { Link } from "react-router";
import type { DecisionSetSummary } from "../../worker/contract/api";
import { StatusBadge } from "./StatusBadge";

/** The decision sets other people have shared with the signed-in person (with Access only). */
export function SharedWithYou({ items }: { items: readonly DecisionSetSummary[] }) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="shared-with-you">
      <h2 id="shared-with-you">Shared with you</h2>
      <ul className="history" data-testid="shared-with-you">
        {items.map((d) => (
          <li key={d.decision_set_id} className="history-item">
            <Link to={`/d/${d.decision_set_id}`} className="history-link">
              {d.title !== "" ? d.title : d.decision_set_id}
            </Link>
            <span className="history-meta">
              <StatusBadge status={d.status} />
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
