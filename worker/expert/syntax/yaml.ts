/**
 * A block-YAML reader for the subset generated files use (CI workflows, Kubernetes
 * manifests): nested mappings and sequences by indentation, block scalars (`|`, `>`),
 * flow sequences and mappings, quoted and plain scalars, comments. It rejects what would
 * break a real YAML parser in that subset: tabs in indentation, bad indentation, duplicate
 * keys, unterminated quotes and brackets.
 */

/** A parsed YAML value. */
export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

/** A YAML error with the line it was found on. */
export class YamlError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
  }
}

interface Line {
  indent: number;
  text: string;
  no: number;
}

/** Parses one YAML document. */
export function parseYaml(source: string): YamlValue {
  const lines: Line[] = [];
  const raw = source.split(/\r?\n/);
  for (const [i, l] of raw.entries()) {
    if (/^\t| \t/.test(l.match(/^[ \t]*/)?.[0] ?? "")) throw new YamlError("tab in indentation", i + 1);
    const text = stripComment(l).trimEnd();
    if (text.trim() === "" || text.trim() === "---") continue;
    lines.push({ indent: text.length - text.trimStart().length, text: text.trimStart(), no: i + 1 });
  }
  const r = new Reader(lines, raw);
  if (lines.length === 0) return null;
  const first = lines[0];
  const value = r.block(first?.indent ?? 0);
  if (r.i < lines.length) throw new YamlError("unexpected content (indentation?)", lines[r.i]?.no ?? 0);
  return value;
}

function stripComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i];
    if (quote !== null) {
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const prev = i === 0 ? " " : line[i - 1];
      if (prev === " " || prev === ":" || prev === "[" || prev === "{" || prev === "," || prev === "-") quote = ch;
    } else if (ch === "#" && (i === 0 || line[i - 1] === " ")) return line.slice(0, i);
  }
  return line;
}

class Reader {
  i = 0;
  constructor(
    private readonly lines: Line[],
    private readonly raw: string[],
  ) {}

  block(indent: number): YamlValue {
    const line = this.lines[this.i];
    if (line === undefined) return null;
    if (line.text.startsWith("- ") || line.text === "-") return this.sequence(line.indent);
    return this.mapping(indent);
  }

  private sequence(indent: number): YamlValue[] {
    const out: YamlValue[] = [];
    for (;;) {
      const line = this.lines[this.i];
      if (line === undefined || line.indent < indent) return out;
      if (line.indent > indent) throw new YamlError("bad indentation in sequence", line.no);
      if (!(line.text.startsWith("- ") || line.text === "-")) return out;
      const rest = line.text === "-" ? "" : line.text.slice(2);
      const itemIndent = indent + 2;
      if (rest === "") {
        this.i += 1;
        const next = this.lines[this.i];
        out.push(next !== undefined && next.indent > indent ? this.block(next.indent) : null);
      } else if (isMappingStart(rest)) {
        // "- key: value" opens a mapping whose other keys sit under the key.
        const offset = line.indent + 2 + (rest.length - rest.trimStart().length);
        this.lines[this.i] = { indent: offset, text: rest.trimStart(), no: line.no };
        out.push(this.mapping(Math.max(offset, itemIndent)));
      } else {
        this.i += 1;
        out.push(scalarOrFlow(rest, line.no));
      }
    }
  }

  private mapping(indent: number): { [key: string]: YamlValue } {
    const out: { [key: string]: YamlValue } = {};
    for (;;) {
      const line = this.lines[this.i];
      if (line === undefined || line.indent < indent) return out;
      if (line.indent > indent) throw new YamlError("bad indentation in mapping", line.no);
      if (line.text.startsWith("- ")) return out;
      const m = /^("[^"]*"|'[^']*'|[^:]+?)\s*:(?:\s+(.*)|$)/.exec(line.text);
      if (m === null)
        throw new YamlError(`expected "key: value", found ${JSON.stringify(line.text.slice(0, 30))}`, line.no);
      const key = unquote(m[1] ?? "");
      if (Object.prototype.hasOwnProperty.call(out, key)) throw new YamlError(`duplicate key ${key}`, line.no);
      const rest = (m[2] ?? "").trim();
      this.i += 1;
      if (rest === "|" || rest === ">" || /^[|>][+-]?$/.test(rest)) {
        out[key] = this.blockScalar(line, rest.startsWith(">"));
      } else if (rest === "") {
        const next = this.lines[this.i];
        if (next !== undefined && (next.indent > indent || (next.indent === indent && next.text.startsWith("- ")))) {
          out[key] = this.block(next.indent);
        } else out[key] = null;
      } else {
        out[key] = scalarOrFlow(rest, line.no);
      }
    }
  }

  private blockScalar(head: Line, folded: boolean): string {
    const parts: string[] = [];
    // Block scalar lines are taken from the raw text: comments inside them are content.
    let rawIndex = head.no;
    let blockIndent = -1;
    while (rawIndex < this.raw.length) {
      const text = this.raw[rawIndex] ?? "";
      const indent = text.length - text.trimStart().length;
      if (text.trim() !== "") {
        if (indent <= head.indent) break;
        if (blockIndent < 0) blockIndent = indent;
        if (indent < blockIndent) break;
      }
      parts.push(text.slice(Math.max(0, blockIndent)));
      rawIndex += 1;
    }
    while (this.i < this.lines.length && (this.lines[this.i]?.no ?? 0) <= rawIndex) this.i += 1;
    const body = parts.join("\n").replace(/\n+$/, "");
    return folded ? body.replace(/\n(?!\n)/g, " ") : `${body}\n`;
  }
}

function isMappingStart(text: string): boolean {
  return (
    /^("[^"]*"|'[^']*'|[A-Za-z0-9_.\-/$ ]+?)\s*:(\s|$)/.test(text) && !text.startsWith("{") && !text.startsWith("[")
  );
}

function unquote(s: string): string {
  const t = s.trim();
  if ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'"))) return t.slice(1, -1);
  return t;
}

function scalarOrFlow(text: string, line: number): YamlValue {
  const t = text.trim();
  if (t.startsWith("[") || t.startsWith("{")) {
    const p = new FlowParser(t, line);
    const v = p.value();
    p.end();
    return v;
  }
  return scalar(t, line);
}

function scalar(t: string, line: number): YamlValue {
  if (t.startsWith('"')) {
    if (!t.endsWith('"') || t.length < 2) throw new YamlError("unterminated double-quoted string", line);
    return t.slice(1, -1).replace(/\\"/g, '"').replace(/\\n/g, "\n").replace(/\\\\/g, "\\");
  }
  if (t.startsWith("'")) {
    if (!t.endsWith("'") || t.length < 2) throw new YamlError("unterminated single-quoted string", line);
    return t.slice(1, -1).replace(/''/g, "'");
  }
  if (/^[&*!]/.test(t)) throw new YamlError("anchors, aliases and tags are not used in generated files", line);
  if (t === "true" || t === "false") return t === "true";
  if (t === "null" || t === "~") return null;
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (/:\s/.test(t) && !t.includes("${{"))
    throw new YamlError(`ambiguous plain scalar ${JSON.stringify(t.slice(0, 30))} (quote it)`, line);
  return t;
}

class FlowParser {
  private pos = 0;
  constructor(
    private readonly s: string,
    private readonly line: number,
  ) {}

  value(): YamlValue {
    this.space();
    const ch = this.s[this.pos];
    if (ch === "[") {
      this.pos += 1;
      const out: YamlValue[] = [];
      this.space();
      if (this.s[this.pos] === "]") {
        this.pos += 1;
        return out;
      }
      for (;;) {
        out.push(this.value());
        this.space();
        const c = this.s[this.pos];
        this.pos += 1;
        if (c === "]") return out;
        if (c !== ",") throw new YamlError("expected , or ] in flow sequence", this.line);
      }
    }
    if (ch === "{") {
      this.pos += 1;
      const out: { [key: string]: YamlValue } = {};
      this.space();
      if (this.s[this.pos] === "}") {
        this.pos += 1;
        return out;
      }
      for (;;) {
        const key = this.atom(":");
        this.space();
        if (this.s[this.pos] !== ":") throw new YamlError("expected : in flow mapping", this.line);
        this.pos += 1;
        out[unquote(key)] = this.value();
        this.space();
        const c = this.s[this.pos];
        this.pos += 1;
        if (c === "}") return out;
        if (c !== ",") throw new YamlError("expected , or } in flow mapping", this.line);
      }
    }
    return scalar(this.atom(""), this.line);
  }

  private atom(stopAlso: string): string {
    this.space();
    const start = this.pos;
    const q = this.s[this.pos];
    if (q === '"' || q === "'") {
      const end = this.s.indexOf(q, this.pos + 1);
      if (end < 0) throw new YamlError("unterminated string in flow collection", this.line);
      this.pos = end + 1;
      return this.s.slice(start, this.pos);
    }
    while (
      this.pos < this.s.length &&
      !",]}".includes(this.s[this.pos] ?? "") &&
      !stopAlso.includes(this.s[this.pos] ?? "\u0000")
    )
      this.pos += 1;
    return this.s.slice(start, this.pos).trim();
  }

  private space(): void {
    while (this.s[this.pos] === " ") this.pos += 1;
  }

  end(): void {
    this.space();
    if (this.pos !== this.s.length) throw new YamlError("trailing characters after flow collection", this.line);
  }
}
