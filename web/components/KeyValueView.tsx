/**
 * An agent-written summary (the final gate's plan summary): an open JSON object rendered as
 * readable sections. Strings become paragraphs, lists become lists, a cost estimate becomes
 * the cost chart, and anything else stays available as collapsible JSON.
 */
import { readCost } from "../lib/cost";
import { humanize } from "../lib/format";
import { CostBreakdown } from "./CostBreakdown";
import { JsonView } from "./JsonView";

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isPrimitive(v: unknown): v is string | number | boolean | null {
  return v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean";
}

/** A flat object on one line: "rule: pci_no_public_endpoint · passed: true". */
function inline(o: Record<string, unknown>): string | null {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(o)) {
    if (!isPrimitive(v)) return null;
    parts.push(`${humanize(k)}: ${String(v)}`);
  }
  return parts.join(" · ");
}

function Value({ name, value }: { name: string; value: unknown }) {
  if (isPrimitive(value)) return <p className="prose-text">{String(value)}</p>;
  if (Array.isArray(value)) {
    if (value.length === 0) return <p className="muted">None</p>;
    return (
      <ul className="kv-list">
        {value.map((item, i) => {
          if (isPrimitive(item)) return <li key={i}>{String(item)}</li>;
          const line = isRecord(item) ? inline(item) : null;
          return <li key={i}>{line ?? <JsonView label={`${humanize(name)} ${i + 1}`} value={item} />}</li>;
        })}
      </ul>
    );
  }
  if (readCost(value) !== null) return <CostBreakdown estimate={value} title={humanize(name)} />;
  return <JsonView label={humanize(name)} value={value} defaultOpen />;
}

export function KeyValueView({ data }: { data: Record<string, unknown> }) {
  const entries = Object.entries(data);
  if (entries.length === 0) return null;
  return (
    <div className="kv">
      {entries.map(([k, v]) => (
        <section key={k} className="kv-item">
          <h4>{humanize(k)}</h4>
          <Value name={k} value={v} />
        </section>
      ))}
    </div>
  );
}
