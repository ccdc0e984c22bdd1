import { readCost } from "../lib/cost";
import { formatMoney } from "../lib/format";
import { JsonView } from "./JsonView";

/**
 * The monthly cost as a bar chart that is also a table: the bars are for the eye, the
 * numbers in the cells are what a screen reader and a copy-paste get.
 */
export function CostBreakdown({ estimate, title = "Estimated monthly cost" }: { estimate: unknown; title?: string }) {
  const table = readCost(estimate);
  if (table === null) return <JsonView label={title} value={estimate} defaultOpen />;
  const max = Math.max(...table.items.map((i) => i.monthly), 1);
  const items = table.items.toSorted((a, b) => b.monthly - a.monthly);
  const within = table.budget === undefined ? null : table.total <= table.budget;
  return (
    <figure className="cost">
      <figcaption>
        {title}: <strong data-testid="cost-total">{formatMoney(table.total, table.currency)}</strong>
        {table.budget !== undefined ? (
          <span className={`budget ${within === true ? "within" : "over"}`}>
            {" "}
            against a budget of {formatMoney(table.budget, table.currency)}:{" "}
            <strong>{within === true ? "within budget" : "over budget"}</strong>
          </span>
        ) : null}
      </figcaption>
      {items.length > 0 ? (
        <table className="cost-table">
          <thead>
            <tr>
              <th scope="col">Component</th>
              <th scope="col" className="num">
                Per month
              </th>
              <th scope="col">Share</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item, i) => {
              const share = table.total > 0 ? Math.round((item.monthly / table.total) * 100) : 0;
              return (
                <tr key={i}>
                  <th scope="row">
                    {item.label}
                    {item.detail !== undefined ? <span className="muted small cost-detail">{item.detail}</span> : null}
                  </th>
                  <td className="num">{formatMoney(item.monthly, table.currency)}</td>
                  <td className="bar-cell">
                    <span className="bar-wrap">
                      <span className="bar" style={{ width: `${Math.max(1, (item.monthly / max) * 80)}%` }} />
                      <span className="bar-label">{share}%</span>
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      <JsonView label="The full estimate" value={estimate} />
    </figure>
  );
}
