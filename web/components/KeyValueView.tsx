/**
 * An agent-written summary (the final gate's plan summary): an open JSON object rendered as
 * readable sections. Strings become paragraphs, lists become lists, a cost estimate becomes
 * the cost chart, and anything else stays available as collapsible JSON.
 */
import { isPrimitive, isRecord } from "../lib/json";
import { readCost } from "../lib/cost";
import { humanize } from "../lib/format";
import { CostBreakdown } from "./CostBreakdown";
import { JsonView } from "./JsonView";

const PASS = new Set(["pass", "passed", "ok", "met", "true"]);
const FAIL = new Set(["fail", "failed", "violation", "violated", "error", "false"]);

/**
 * A check result (a policy rule, a validator): `{title|rule|name, status|passed}`, shown as
 * its verdict in words and a symbol, then what was checked.
 */
function CheckLine({ item }: { item: Record<string, unknown> }) {
  const label = [item.title, item.rule, item.name, item.message].find((v): v is string => typeof v === "string") ?? "";
  const raw = item.status ?? item.passed ?? item.result;
  const verdict = String(raw).toLowerCase();
  const kind = PASS.has(verdict) ? "pass" : FAIL.has(verdict) ? "fail" : "other";
  const text = kind === "pass" ? "✓ Pass" : kind === "fail" ? "✕ Fail" : `! ${String(raw)}`;
  const id = typeof item.id === "string" && item.id !== label ? item.id : null;
  return (
    <>
      <span className={`badge check check-${kind}`}>{text}</span> {label}
      {id !== null ? <span className="muted small"> ({id})</span> : null}
    </>
  );
}

function isCheck(o: Record<string, unknown>): boolean {
  const hasVerdict = ["status", "passed", "result"].some((k) => k in o && isPrimitive(o[k]));
  const hasLabel = ["title", "rule", "name", "message"].some((k) => typeof o[k] === "string");
  return hasVerdict && hasLabel;
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
          if (isRecord(item) && isCheck(item)) {
            return (
              <li key={i}>
                <CheckLine item={item} />
              </li>
            );
          }
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
