/**
 * A small HCL writer: Terraform blocks described as data (type, labels, attributes, nested
 * blocks) and written as text. Strings are escaped so user text (project names, emails,
 * descriptions) can never end a string or start an interpolation; references and function
 * calls are written as given with `expr`; long strings can be heredocs.
 */

/** An expression written as is: a reference, a function call, a type. */
export interface HclExpr {
  readonly expr: string;
}

/** A heredoc: the text between `<<-EOT` and `EOT`, interpolation-escaped. */
export interface HclHeredoc {
  readonly heredoc: string;
}

/** An attribute value. */
export type HclValue = string | number | boolean | HclExpr | HclHeredoc | HclValue[] | { [key: string]: HclValue };

/** A block: `type "label" … { attributes; nested blocks }`. */
export interface HclBlockSpec {
  type: string;
  labels?: string[];
  /** Attributes in order; `undefined` leaves one out. */
  attrs?: Record<string, HclValue | undefined>;
  blocks?: HclBlockSpec[];
}

/** An expression written verbatim. */
export function expr(text: string): HclExpr {
  return { expr: text };
}

/** A heredoc value. */
export function heredoc(text: string): HclHeredoc {
  return { heredoc: text };
}

/** A `resource` block. */
export function resource(
  type: string,
  name: string,
  attrs: Record<string, HclValue | undefined>,
  blocks: HclBlockSpec[] = [],
): HclBlockSpec {
  return { type: "resource", labels: [type, name], attrs, blocks };
}

/** A nested block without labels. */
export function block(
  type: string,
  attrs: Record<string, HclValue | undefined>,
  blocks: HclBlockSpec[] = [],
): HclBlockSpec {
  return { type, attrs, blocks };
}

/** A quoted HCL string: backslash, quote and control characters escaped, `${` and `%{` doubled. */
export function quote(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return `"${escapeTemplates(out)}"`;
}

/** Doubles `${` and `%{` so template text stays literal. */
function escapeTemplates(text: string): string {
  return text.replace(/([$%])\{/g, "$1$1{");
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function isExpr(v: HclValue): v is HclExpr {
  return typeof v === "object" && !Array.isArray(v) && "expr" in v && typeof v.expr === "string";
}

function isHeredoc(v: HclValue): v is HclHeredoc {
  return typeof v === "object" && !Array.isArray(v) && "heredoc" in v && typeof v.heredoc === "string";
}

/** One value at `indent`; objects and lists of objects span lines. */
export function value(v: HclValue, indent = ""): string {
  if (typeof v === "string") return quote(v);
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new Error("HCL numbers must be finite");
    return String(v);
  }
  if (typeof v === "boolean") return v ? "true" : "false";
  if (isExpr(v)) return v.expr;
  if (isHeredoc(v)) {
    const body = escapeTemplates(v.heredoc.replace(/\n+$/, ""));
    let marker = "EOT";
    while (body.split("\n").some((l) => l.trim() === marker)) marker += "_";
    return `<<-${marker}\n${body
      .split("\n")
      .map((l) => (l === "" ? "" : `${indent}  ${l}`))
      .join("\n")}\n${indent}${marker}`;
  }
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x !== "object" || isExpr(x))) return `[${v.map((x) => value(x, indent)).join(", ")}]`;
    const inner = `${indent}  `;
    return `[\n${v.map((x) => `${inner}${value(x, inner)},`).join("\n")}\n${indent}]`;
  }
  const entries = Object.entries(v);
  if (entries.length === 0) return "{}";
  const inner = `${indent}  `;
  return `{\n${entries.map(([k, x]) => `${inner}${IDENT.test(k) ? k : quote(k)} = ${value(x, inner)}`).join("\n")}\n${indent}}`;
}

/** One block at `indent`. */
export function renderBlock(b: HclBlockSpec, indent = ""): string {
  if (!IDENT.test(b.type)) throw new Error(`invalid block type ${JSON.stringify(b.type)}`);
  const head = [b.type, ...(b.labels ?? []).map(quote)].join(" ");
  const inner = `${indent}  `;
  const attrs = Object.entries(b.attrs ?? {}).flatMap(([k, v]) => {
    if (v === undefined) return [];
    if (!IDENT.test(k)) throw new Error(`invalid attribute name ${JSON.stringify(k)}`);
    return [`${inner}${k} = ${value(v, inner)}`];
  });
  const nested = (b.blocks ?? []).map((c) => renderBlock(c, inner));
  const parts = [attrs.join("\n"), ...nested].filter((p) => p !== "");
  if (parts.length === 0) return `${indent}${head} {}`;
  return `${indent}${head} {\n${parts.join("\n\n")}\n${indent}}`;
}

/** A file of top-level blocks, one blank line between them. */
export function renderHcl(blocks: HclBlockSpec[]): string {
  return `${blocks.map((b) => renderBlock(b)).join("\n\n")}\n`;
}
