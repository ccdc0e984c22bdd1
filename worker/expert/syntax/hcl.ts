/**
 * A small HCL reader for static checks of generated Terraform: blocks with labels,
 * attributes with their raw expressions, strings, heredocs and comments. It is not a
 * Terraform evaluator; it is enough to prove that braces balance, block headers are well
 * formed, and to find resources, variables and the references between them.
 */

/** A block such as `resource "aws_s3_bucket" "models" { … }`. */
export interface HclBlock {
  type: string;
  labels: string[];
  body: HclBody;
  line: number;
}

/** A body: its attributes (raw expressions) and nested blocks. */
export interface HclBody {
  attributes: Map<string, { expr: string; line: number }>;
  blocks: HclBlock[];
}

/** A syntax error with the line it was found on. */
export class HclError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/** Parses a file's text; throws HclError with a line number on a syntax error. */
export function parseHcl(text: string): HclBody {
  const p = new Parser(text);
  const body = p.body(false);
  return body;
}

const IDENT = /[A-Za-z_][A-Za-z0-9_-]*/y;

class Parser {
  private pos = 0;
  private line = 1;
  constructor(private readonly src: string) {}

  body(nested: boolean): HclBody {
    const body: HclBody = { attributes: new Map(), blocks: [] };
    for (;;) {
      this.skipSpace(true);
      if (this.pos >= this.src.length) {
        if (nested) throw new HclError("unexpected end of file: missing }", this.line);
        return body;
      }
      const ch = this.src[this.pos];
      if (ch === "}") {
        if (!nested) throw new HclError("unexpected }", this.line);
        this.pos += 1;
        return body;
      }
      const line = this.line;
      const name = this.ident();
      this.skipSpace(false);
      if (this.src[this.pos] === "=" && this.src[this.pos + 1] !== "=") {
        this.pos += 1;
        const expr = this.expression();
        if (body.attributes.has(name)) throw new HclError(`duplicate attribute ${name}`, line);
        body.attributes.set(name, { expr, line });
        continue;
      }
      const labels: string[] = [];
      while (this.src[this.pos] === '"' || /[A-Za-z_]/.test(this.src[this.pos] ?? "")) {
        labels.push(this.src[this.pos] === '"' ? this.simpleString() : this.ident());
        this.skipSpace(false);
      }
      if (this.src[this.pos] !== "{") throw new HclError(`expected = or { after ${name}`, this.line);
      this.pos += 1;
      body.blocks.push({ type: name, labels, body: this.body(true), line });
    }
  }

  private ident(): string {
    IDENT.lastIndex = this.pos;
    const m = IDENT.exec(this.src);
    if (m === null)
      throw new HclError(
        `expected an identifier, found ${JSON.stringify(this.src.slice(this.pos, this.pos + 12))}`,
        this.line,
      );
    this.pos += m[0].length;
    return m[0];
  }

  /** A block label: a quoted string without interpolation. */
  private simpleString(): string {
    const start = this.pos + 1;
    let i = start;
    while (i < this.src.length && this.src[i] !== '"') {
      if (this.src[i] === "\n") throw new HclError("unterminated label", this.line);
      i += 1;
    }
    if (i >= this.src.length) throw new HclError("unterminated label", this.line);
    this.pos = i + 1;
    return this.src.slice(start, i);
  }

  /** Reads an expression up to the newline that ends it at bracket depth 0. */
  private expression(): string {
    const start = this.pos;
    const stack: string[] = [];
    const pairs: Record<string, string> = { "(": ")", "[": "]", "{": "}" };
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos] ?? "";
      if (ch === '"') {
        this.quoted();
        continue;
      }
      if (ch === "<" && this.src.startsWith("<<", this.pos)) {
        this.heredoc();
        continue;
      }
      if (ch === "#" || (ch === "/" && (this.src[this.pos + 1] === "/" || this.src[this.pos + 1] === "*"))) {
        if (stack.length === 0 && ch !== "/") break;
        this.comment();
        continue;
      }
      if (ch === "\n") {
        if (stack.length === 0) break;
        this.line += 1;
        this.pos += 1;
        continue;
      }
      if (ch in pairs) stack.push(pairs[ch] ?? "");
      else if (ch === ")" || ch === "]" || ch === "}") {
        if (stack.length === 0) {
          if (ch === "}") break;
          throw new HclError(`unbalanced ${ch}`, this.line);
        }
        const want = stack.pop();
        if (want !== ch) throw new HclError(`expected ${want ?? "?"} but found ${ch}`, this.line);
      }
      this.pos += 1;
    }
    if (stack.length > 0)
      throw new HclError(
        `unclosed ${stack.at(-1) === ")" ? "(" : stack.at(-1) === "]" ? "[" : "{"} in expression`,
        this.line,
      );
    const expr = this.src.slice(start, this.pos).trim();
    if (expr === "") throw new HclError("missing expression after =", this.line);
    return expr;
  }

  /** A quoted template string, with ${ … } interpolations that may nest quotes. */
  private quoted(): void {
    this.pos += 1;
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos];
      if (ch === "\\") {
        this.pos += 2;
        continue;
      }
      if (ch === "\n") throw new HclError("unterminated string", this.line);
      if (ch === '"') {
        this.pos += 1;
        return;
      }
      if ((ch === "$" || ch === "%") && this.src[this.pos + 1] === "{") {
        this.pos += 2;
        let depth = 1;
        while (this.pos < this.src.length && depth > 0) {
          const c = this.src[this.pos];
          if (c === '"') {
            this.quoted();
            continue;
          }
          if (c === "{") depth += 1;
          else if (c === "}") depth -= 1;
          else if (c === "\n") throw new HclError("unterminated interpolation", this.line);
          this.pos += 1;
        }
        continue;
      }
      this.pos += 1;
    }
    throw new HclError("unterminated string", this.line);
  }

  private heredoc(): void {
    const m = /<<-?([A-Za-z_][A-Za-z0-9_]*)\r?\n/y;
    m.lastIndex = this.pos;
    const head = m.exec(this.src);
    if (head === null) {
      this.pos += 2;
      return;
    }
    const marker = head[1] ?? "";
    this.pos += head[0].length;
    this.line += 1;
    const end = new RegExp(`^[ \\t]*${marker}[ \\t]*$`, "m");
    const rest = this.src.slice(this.pos);
    const found = end.exec(rest);
    if (found === null) throw new HclError(`heredoc ${marker} is not closed`, this.line);
    const consumed = rest.slice(0, found.index + found[0].length);
    this.line += (consumed.match(/\n/g) ?? []).length;
    this.pos += consumed.length;
  }

  private comment(): void {
    if (this.src.startsWith("/*", this.pos)) {
      const end = this.src.indexOf("*/", this.pos + 2);
      if (end < 0) throw new HclError("unterminated comment", this.line);
      this.line += (this.src.slice(this.pos, end).match(/\n/g) ?? []).length;
      this.pos = end + 2;
      return;
    }
    while (this.pos < this.src.length && this.src[this.pos] !== "\n") this.pos += 1;
  }

  private skipSpace(newlines: boolean): void {
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos];
      if (ch === " " || ch === "\t" || ch === "\r") this.pos += 1;
      else if (ch === "\n" && newlines) {
        this.line += 1;
        this.pos += 1;
      } else if (
        newlines &&
        (ch === "#" || (ch === "/" && (this.src[this.pos + 1] === "/" || this.src[this.pos + 1] === "*")))
      )
        this.comment();
      else return;
    }
  }
}

/** Every block of `type` at the top level (e.g. all `resource` blocks). */
export function blocksOf(body: HclBody, type: string): HclBlock[] {
  return body.blocks.filter((b) => b.type === type);
}

/** A resource address of a provider the generated code uses: `aws_s3_bucket.models`, `google_…`, `helm_release.…`. */
const RESOURCE_REF =
  /(?<![.\w])((?:aws|google|azurerm|azapi|kubernetes|helm|random|tls|time|null)_[a-z0-9_]+)\.([A-Za-z_][A-Za-z0-9_-]*)/g;

/** References in expressions: `var.x`, `local.x`, `aws_x.name`, `data.aws_x.name`, `module.x`. */
export function referencesIn(expr: string): string[] {
  const out: string[] = [];
  const code = codeOf(expr);
  for (const m of code.matchAll(/\b(var|local|module)\.([A-Za-z_][A-Za-z0-9_-]*)/g))
    out.push(`${m[1] ?? ""}.${m[2] ?? ""}`);
  for (const m of code.matchAll(/\bdata\.([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)/g))
    out.push(`data.${m[1] ?? ""}.${m[2] ?? ""}`);
  for (const m of code.matchAll(RESOURCE_REF)) out.push(`${m[1] ?? ""}.${m[2] ?? ""}`);
  return out;
}

/**
 * The expression with string literals blanked out, except for the code inside their
 * `${ … }` interpolations (which may hold strings of their own).
 */
function codeOf(expr: string): string {
  let out = "";
  let i = 0;
  const interpolation = (): string => {
    // At the character after "${": read to the matching "}", recursing into strings.
    let inner = "";
    let depth = 1;
    while (i < expr.length && depth > 0) {
      const ch = expr[i] ?? "";
      if (ch === '"') {
        i += 1;
        inner += ` ${str()} `;
        continue;
      }
      if (ch === "{") depth += 1;
      else if (ch === "}") {
        depth -= 1;
        if (depth === 0) {
          i += 1;
          break;
        }
      }
      inner += ch;
      i += 1;
    }
    return inner;
  };
  const str = (): string => {
    // At the character after an opening quote: keep only interpolated code.
    let kept = "";
    while (i < expr.length) {
      const ch = expr[i] ?? "";
      if (ch === "\\") {
        i += 2;
        continue;
      }
      if (ch === '"') {
        i += 1;
        return kept;
      }
      if ((ch === "$" || ch === "%") && expr[i + 1] === "{") {
        i += 2;
        kept += ` ${interpolation()} `;
        continue;
      }
      i += 1;
    }
    return kept;
  };
  while (i < expr.length) {
    const ch = expr[i] ?? "";
    if (ch === '"') {
      i += 1;
      out += ` ${str()} `;
      continue;
    }
    if (ch === "<" && expr.startsWith("<<", i)) {
      // Heredocs are templates too; their interpolations count, the text does not.
      const end = expr.length;
      const body = expr.slice(i, end);
      out += ` ${[...body.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1] ?? "").join(" ")} `;
      i = end;
      continue;
    }
    out += ch;
    i += 1;
  }
  return out;
}

/** Every attribute expression in a body, recursively, with its line. */
export function allExpressions(body: HclBody): { name: string; expr: string; line: number }[] {
  const out: { name: string; expr: string; line: number }[] = [];
  for (const [name, a] of body.attributes) out.push({ name, expr: a.expr, line: a.line });
  for (const b of body.blocks) out.push(...allExpressions(b.body));
  return out;
}
