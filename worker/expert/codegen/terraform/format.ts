/** The `terraform fmt` alignment the generated CI checks with `terraform fmt -check`. */

/**
 * Aligns the `=` of consecutive one-line attributes at the same indentation, as
 * `terraform fmt` does. A blank line, a comment, a block or a multi-line value ends a run.
 */
export function formatHcl(text: string): string {
  const lines = text.split("\n");
  const out: string[] = [];
  let group: { indent: string; key: string; value: string }[] = [];
  const flush = () => {
    const width = Math.max(0, ...group.map((g) => g.key.length));
    for (const g of group) out.push(`${g.indent}${g.key.padEnd(width)} = ${g.value}`);
    group = [];
  };
  for (const line of lines) {
    const m = /^(\s*)([A-Za-z_][\w-]*|"[^"]*")\s*=(?!=)\s*(.*)$/.exec(line);
    const value = m?.[3];
    if (m !== null && value !== undefined && balanced(value)) {
      const indent = m[1] ?? "";
      if (group.length > 0 && group[0]?.indent !== indent) flush();
      group.push({ indent, key: m[2] ?? "", value });
      continue;
    }
    flush();
    // A multi-line value's first line keeps a single space around "=".
    out.push(m !== null && value !== undefined ? `${m[1] ?? ""}${m[2] ?? ""} = ${value}` : line);
  }
  flush();
  return out.join("\n");
}

/** True when brackets in an expression close on the same line (strings skipped). */
function balanced(expr: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < expr.length; i += 1) {
    const ch = expr[i];
    if (inString) {
      if (ch === "\\") i += 1;
      else if (ch === '"') inString = false;
      else if (ch === "$" && expr[i + 1] === "{") {
        // Interpolations may hold quotes; they are short in generated code and always close.
        const end = expr.indexOf("}", i);
        if (end > i) i = end;
      }
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === "(" || ch === "[" || ch === "{") depth += 1;
    else if (ch === ")" || ch === "]" || ch === "}") depth -= 1;
  }
  return depth === 0 && !expr.trimEnd().startsWith("<<");
}
