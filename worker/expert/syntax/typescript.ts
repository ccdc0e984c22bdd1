/**
 * A lexical sanity check for generated TypeScript: strings, template literals (with
 * nested `${}`), comments and regular expression literals are skipped, and every bracket
 * must close in order. It also lists the module specifiers imported, so a validator can
 * check that relative imports resolve and packages are declared. The TypeScript compiler
 * itself is too large to ship inside a Worker; the generated CI runs `tsc` for real.
 */

/** What a scan found: the module specifiers imported. */
export interface TsScan {
  imports: string[];
}

/** A lexical error with the line it was found on. */
export class TsSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
  }
}

const CLOSE: Record<string, string> = { ")": "(", "]": "[", "}": "{" };
/** After these tokens a `/` starts a regular expression, not a division. */
const REGEX_AFTER = new Set([
  "",
  "(",
  ",",
  "=",
  ":",
  "[",
  "!",
  "&",
  "|",
  "?",
  "{",
  "}",
  ";",
  "+",
  "-",
  "*",
  "%",
  "<",
  ">",
  "~",
  "^",
  "return",
  "typeof",
  "case",
  "do",
  "else",
  "in",
  "of",
  "new",
  "delete",
  "void",
  "throw",
  "yield",
  "await",
]);

/** Scans the source; throws TsSyntaxError on an unbalanced bracket or an unterminated literal. */
export function scanTypeScript(src: string): TsScan {
  const stack: { ch: string; line: number; template?: boolean }[] = [];
  let line = 1;
  let i = 0;
  let last = "";
  const imports: string[] = [];

  const readString = (quote: string) => {
    const startLine = line;
    i += 1;
    const start = i;
    while (i < src.length && src[i] !== quote) {
      if (src[i] === "\\") i += 1;
      else if (src[i] === "\n") throw new TsSyntaxError("unterminated string", startLine);
      i += 1;
    }
    if (i >= src.length) throw new TsSyntaxError("unterminated string", startLine);
    const value = src.slice(start, i);
    i += 1;
    return value;
  };

  // Reads template text up to the closing backtick or the next `${`.
  const readTemplate = (): "end" | "expr" => {
    const startLine = line;
    while (i < src.length) {
      const ch = src[i];
      if (ch === "\\") {
        i += 2;
        continue;
      }
      if (ch === "\n") line += 1;
      if (ch === "`") {
        i += 1;
        return "end";
      }
      if (ch === "$" && src[i + 1] === "{") {
        i += 2;
        return "expr";
      }
      i += 1;
    }
    throw new TsSyntaxError("unterminated template literal", startLine);
  };

  while (i < src.length) {
    const ch = src[i] ?? "";
    if (ch === "\n") {
      line += 1;
      i += 1;
      continue;
    }
    if (ch === " " || ch === "\t" || ch === "\r") {
      i += 1;
      continue;
    }
    if (ch === "/" && src[i + 1] === "/") {
      while (i < src.length && src[i] !== "\n") i += 1;
      continue;
    }
    if (ch === "/" && src[i + 1] === "*") {
      const end = src.indexOf("*/", i + 2);
      if (end < 0) throw new TsSyntaxError("unterminated comment", line);
      line += (src.slice(i, end).match(/\n/g) ?? []).length;
      i = end + 2;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const value = readString(ch);
      if (last === "from" || last === "import" || last === "import(") imports.push(value);
      last = "str";
      continue;
    }
    if (ch === "`") {
      i += 1;
      if (readTemplate() === "expr") stack.push({ ch: "{", line, template: true });
      last = "str";
      continue;
    }
    if (ch === "/" && REGEX_AFTER.has(last)) {
      const startLine = line;
      i += 1;
      let inClass = false;
      while (i < src.length && (src[i] !== "/" || inClass)) {
        if (src[i] === "\\") i += 1;
        else if (src[i] === "[") inClass = true;
        else if (src[i] === "]") inClass = false;
        else if (src[i] === "\n") throw new TsSyntaxError("unterminated regular expression", startLine);
        i += 1;
      }
      i += 1;
      while (/[a-z]/.test(src[i] ?? "")) i += 1;
      last = "regex";
      continue;
    }
    if (ch === "(" || ch === "[" || ch === "{") {
      stack.push({ ch, line });
      last = last === "import" && ch === "(" ? "import(" : ch;
      i += 1;
      continue;
    }
    if (ch === ")" || ch === "]" || ch === "}") {
      const open = stack.pop();
      if (open === undefined || open.ch !== CLOSE[ch])
        throw new TsSyntaxError(
          `unexpected ${ch}${open === undefined ? "" : ` (open ${open.ch} from line ${open.line})`}`,
          line,
        );
      i += 1;
      if (open.template === true) {
        if (readTemplate() === "expr") stack.push({ ch: "{", line, template: true });
        last = "str";
      } else last = ch;
      continue;
    }
    const word = /^[A-Za-z_$][\w$]*/.exec(src.slice(i, i + 64));
    if (word !== null) {
      last = word[0];
      i += word[0].length;
      continue;
    }
    const num = /^\d[\d_]*(\.\d+)?([eE][+-]?\d+)?n?/.exec(src.slice(i, i + 64));
    if (num !== null) {
      last = "num";
      i += num[0].length;
      continue;
    }
    last = ch;
    i += 1;
  }
  const open = stack.pop();
  if (open !== undefined) throw new TsSyntaxError(`${open.ch} is never closed`, open.line);
  return { imports };
}
