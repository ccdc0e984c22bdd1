#!/usr/bin/env node
// The import rule (docs/ARCHITECTURE.md, "Where each concern lives"): every import in
// worker/, web/ and test/ is read with the TypeScript parser (static `import` and
// `export … from`, `import type`, `import()` calls and `import("…")` types), resolved to
// its file, and checked against the layer order below. It fails, printing each offending
// import, on an arrow that points up the layers, on two folders that import each other, on
// an import cycle between files (type-only imports count: a cycle of types is still a
// cycle to read), on a deep import into worker/expert/ past its front door, and on web/
// importing worker/ anything but worker/contract/.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SCANNED = ["worker", "web", "test"];
const SOURCE = /\.(ts|tsx|mts|mjs)$/;
const RESOLVED_EXTENSIONS = [".ts", ".tsx", ".mts", ".mjs", ".js", ".json"];

/**
 * The Worker's layers, lowest first. An import may point to its own layer or a lower one;
 * within a layer, folders import each other one way only. Each entry is a folder (ending
 * in "/") or a file under worker/.
 */
const LAYERS = [
  { name: "contract", units: ["contract/", "config.ts", "log.ts", "env.d.ts"] },
  { name: "auth, db, expert", units: ["auth/", "db/", "expert/"] },
  { name: "stream, http", units: ["stream/", "http/"] },
  { name: "jobs, workflow", units: ["jobs/", "workflow/"] },
  { name: "langgraph", units: ["langgraph/"] },
  { name: "api", units: ["api/"] },
  { name: "entry", units: ["index.ts"] },
];
/**
 * Folders that know nothing of each other, whatever their layers: the DecisionSet object is
 * handed what it needs of D1 and the job queue (jobs/decision-set.ts), so stream/ stays
 * the object and its streams.
 */
const APART = [["stream/", "db/"]];
/** The one file of worker/expert/ that code outside it may import. */
const EXPERT_DOOR = "worker/expert/index.ts";

/** Every source file under the scanned folders, relative to the root. */
function sources() {
  const found = [];
  const walk = (dir) => {
    for (const name of readdirSync(join(ROOT, dir))) {
      if (name === "node_modules" || name.startsWith(".")) continue;
      const path = join(dir, name);
      if (statSync(join(ROOT, path)).isDirectory()) walk(path);
      else if (SOURCE.test(name)) found.push(path);
    }
  };
  for (const dir of SCANNED) if (existsSync(join(ROOT, dir))) walk(dir);
  return found.sort();
}

/** The module specifiers a file imports, each with its line and whether it brings only types. */
function importsOf(path) {
  const text = readFileSync(join(ROOT, path), "utf8");
  const file = ts.createSourceFile(
    path,
    text,
    ts.ScriptTarget.Latest,
    true,
    path.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const found = [];
  const add = (literal, typeOnly) => {
    if (literal === undefined || !ts.isStringLiteralLike(literal)) return;
    const line = file.getLineAndCharacterOfPosition(literal.getStart()).line + 1;
    found.push({ specifier: literal.text, line, typeOnly });
  };
  const visit = (node) => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const allTypes =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            named !== undefined &&
            ts.isNamedImports(named) &&
            named.elements.length > 0 &&
            named.elements.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier, allTypes);
    } else if (ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** The file a relative specifier names (with `.ts`, `.tsx`, `index.ts` … tried), or null for a package. */
function resolveSpecifier(from, specifier) {
  if (!specifier.startsWith(".")) return null;
  const base = join(dirname(from), specifier.replace(/\?.*$/, ""));
  const stem = base.replace(/\.(js|mjs)$/, "");
  const candidates = [
    base,
    ...RESOLVED_EXTENSIONS.map((e) => stem + e),
    ...RESOLVED_EXTENSIONS.map((e) => join(base, "index" + e)),
  ];
  for (const candidate of candidates) {
    const full = join(ROOT, candidate);
    if (existsSync(full) && statSync(full).isFile()) return candidate;
  }
  return undefined;
}

/** The layer unit of a worker/ file ("stream/", "index.ts"), or null outside worker/. */
function unitOf(path) {
  if (!path.startsWith("worker/")) return null;
  const rest = path.slice("worker/".length);
  const slash = rest.indexOf("/");
  return slash === -1 ? rest : rest.slice(0, slash + 1);
}

function levelOf(unit) {
  return LAYERS.findIndex((layer) => layer.units.includes(unit));
}

/** Strongly connected components of a graph given as Map<node, Set<node>> (Tarjan). */
function cycles(graph) {
  let index = 0;
  const indices = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  const connect = (v) => {
    indices.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), indices.get(w)));
    }
    if (low.get(v) === indices.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v)?.has(v) ?? false)) found.push(new Set(component));
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) connect(v);
  return found;
}

const files = sources();
const edges = [];
const unresolved = [];
for (const from of files) {
  for (const imp of importsOf(from)) {
    const to = resolveSpecifier(from, imp.specifier);
    if (to === null) continue;
    if (to === undefined) unresolved.push({ from, ...imp });
    else edges.push({ from, to, ...imp });
  }
}

const show = (e) => `  ${e.from}:${e.line} → ${e.to}${e.typeOnly ? " (types only)" : ""}`;
const problems = [];
const report = (title, why, list) => {
  if (list.length === 0) return;
  const imports = list.filter((line) => line.includes(" → ")).length || list.length;
  problems.push(`${title} (${imports}): ${why}`, ...list);
};

const unplaced = new Set();
const upward = [];
const together = [];
const intoExpert = [];
const webIntoWorker = [];
const workerOut = [];
for (const e of edges) {
  const fromUnit = unitOf(e.from);
  const toUnit = unitOf(e.to);
  if (e.to.startsWith("worker/expert/") && !e.from.startsWith("worker/expert/") && e.to !== EXPERT_DOOR)
    intoExpert.push(show(e));
  if (e.from.startsWith("web/") && e.to.startsWith("worker/") && !e.to.startsWith("worker/contract/"))
    webIntoWorker.push(show(e));
  if (fromUnit === null) continue;
  if (toUnit === null) {
    workerOut.push(show(e));
    continue;
  }
  for (const unit of [fromUnit, toUnit]) if (levelOf(unit) === -1) unplaced.add(`  worker/${unit}`);
  const fromLevel = levelOf(fromUnit);
  const toLevel = levelOf(toUnit);
  if (fromLevel !== -1 && toLevel !== -1 && toLevel > fromLevel) {
    upward.push(`${show(e)}   [${LAYERS[fromLevel].name} → ${LAYERS[toLevel].name}]`);
  }
  if (APART.some(([a, b]) => (fromUnit === a && toUnit === b) || (fromUnit === b && toUnit === a)))
    together.push(show(e));
}

// Folders of one layer may import each other, one way only.
const folderGraph = new Map();
for (const e of edges) {
  const fromUnit = unitOf(e.from);
  const toUnit = unitOf(e.to);
  if (fromUnit === null || toUnit === null || fromUnit === toUnit) continue;
  if (!folderGraph.has(fromUnit)) folderGraph.set(fromUnit, new Set());
  folderGraph.get(fromUnit).add(toUnit);
}
const bothWays = [];
for (const component of cycles(folderGraph)) {
  bothWays.push(`  between ${[...component].map((u) => `worker/${u}`).join(", ")}:`);
  for (const e of edges)
    if (component.has(unitOf(e.from)) && component.has(unitOf(e.to)) && unitOf(e.from) !== unitOf(e.to))
      bothWays.push(`  ${show(e)}`);
}

const fileGraph = new Map();
for (const e of edges) {
  if (!fileGraph.has(e.from)) fileGraph.set(e.from, new Set());
  fileGraph.get(e.from).add(e.to);
}
const fileCycles = [];
for (const component of cycles(fileGraph)) {
  fileCycles.push(`  among ${[...component].sort().join(", ")}:`);
  for (const e of edges) if (component.has(e.from) && component.has(e.to)) fileCycles.push(`  ${show(e)}`);
}

console.log(`layers of worker/, lowest first: ${LAYERS.map((l) => l.name).join(" ← ")}`);
console.log(`${files.length} files, ${edges.length} imports between them`);
report(
  "unresolved imports",
  "a relative import that names no file",
  unresolved.map((u) => `  ${u.from}:${u.line} → ${u.specifier}`),
);
report("folders in no layer", "place them in LAYERS (.ci/layers.mjs) and docs/ARCHITECTURE.md", [...unplaced].sort());
report("imports up the layers", "an import may point only to its own layer or a lower one", upward);
report("imports between folders kept apart", APART.map(([a, b]) => `worker/${a} and worker/${b}`).join(", "), together);
report("folders that import each other", "within a layer, the arrow between two folders runs one way", bothWays);
report("import cycles between files", "type-only imports count", fileCycles);
report(
  "deep imports into worker/expert/",
  `outside expert/, import the designer only through ${EXPERT_DOOR}`,
  intoExpert,
);
report("web/ importing the Worker", "web/ may import from worker/ only worker/contract/", webIntoWorker);
report("worker/ importing outside worker/", "the Worker imports nothing of web/ or test/", workerOut);

if (problems.length === 0) {
  console.log("ok: every import runs down the layers, and no files form a cycle");
} else {
  console.log(problems.join("\n"));
  process.exitCode = 1;
}
