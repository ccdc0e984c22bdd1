/**
 * Agent inputs and outputs as a collapsible tree. Native <details> elements give keyboard
 * and screen-reader support for free; long strings wrap instead of widening the page.
 */
import { isRecord } from "../lib/json";

/** Items shown per array or object before "… N more": agent output can be very long. */
const MAX_ITEMS = 200;
const MAX_DEPTH = 12;

type Container = readonly unknown[] | Record<string, unknown>;

function isContainer(v: unknown): v is Container {
  return Array.isArray(v) || isRecord(v);
}

function entriesOf(v: Container): [string, unknown][] {
  return Array.isArray(v) ? v.map((x, i): [string, unknown] => [String(i), x]) : Object.entries(v);
}

function preview(v: Container): string {
  const n = Array.isArray(v) ? v.length : Object.keys(v).length;
  if (Array.isArray(v)) return n === 1 ? "1 item" : `${n} items`;
  return n === 1 ? "1 field" : `${n} fields`;
}

function Leaf({ value }: { value: unknown }) {
  if (typeof value === "string") return <span className="json-str">{value}</span>;
  if (typeof value === "number" || typeof value === "boolean") return <span className="json-lit">{String(value)}</span>;
  if (value === null) return <span className="json-lit">null</span>;
  if (isContainer(value)) return <span className="json-lit">{Array.isArray(value) ? "[]" : "{}"}</span>;
  return <span className="json-lit">{typeof value}</span>;
}

function Children({ value, depth }: { value: Container; depth: number }) {
  const entries = entriesOf(value);
  return (
    <ul className="json-list">
      {entries.slice(0, MAX_ITEMS).map(([k, v]) => (
        <Entry key={k} name={k} value={v} depth={depth} />
      ))}
      {entries.length > MAX_ITEMS ? <li className="muted">… {entries.length - MAX_ITEMS} more</li> : null}
    </ul>
  );
}

function Entry({ name, value, depth }: { name: string; value: unknown; depth: number }) {
  if (isContainer(value) && entriesOf(value).length > 0) {
    if (depth >= MAX_DEPTH) {
      return (
        <li>
          <span className="json-key">{name}</span> <pre className="json-raw">{JSON.stringify(value, null, 2)}</pre>
        </li>
      );
    }
    return (
      <li>
        <details open={depth < 1}>
          <summary>
            <span className="json-key">{name}</span> <span className="muted">{preview(value)}</span>
          </summary>
          <Children value={value} depth={depth + 1} />
        </details>
      </li>
    );
  }
  return (
    <li>
      <span className="json-key">{name}</span>
      <span className="json-sep">: </span>
      <Leaf value={value} />
    </li>
  );
}

interface Props {
  label: string;
  value: unknown;
  defaultOpen?: boolean;
}

/** A labelled, collapsible view of any JSON value. */
export function JsonView({ label, value, defaultOpen = false }: Props) {
  const empty = !isContainer(value) || entriesOf(value).length === 0;
  return (
    <details className="json" open={defaultOpen}>
      <summary>
        {label} <span className="muted">{isContainer(value) ? preview(value) : ""}</span>
      </summary>
      {empty ? (
        <p className="json-leaf">
          <Leaf value={value} />
        </p>
      ) : isContainer(value) ? (
        <Children value={value} depth={0} />
      ) : null}
    </details>
  );
}
