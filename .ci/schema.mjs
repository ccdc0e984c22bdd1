// The D1 schema is written once, in drizzle (drizzle.config.ts), and migrations/ is generated
// from it. Fails when they disagree: drizzle's snapshots are inconsistent, the schema has
// changed with no migration generated for it, or the SQL in migrations/ builds a database
// other than the one the schema describes (a migration edited by hand).
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";

const ROOT = path.resolve(import.meta.dirname, "..");
const MIGRATIONS = path.join(ROOT, "migrations");
const { default: config } = await import(path.join(ROOT, "drizzle.config.ts"));
const kit = (...args) =>
  execFileSync(process.execPath, [path.join(ROOT, "node_modules/drizzle-kit/bin.cjs"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
const sqlFiles = (dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .toSorted();
const scratch = mkdtempSync(path.join(os.tmpdir(), "reasonstream-schema-"));
const failures = [];

/** Runs `drizzle-kit generate` with the project's schema into `out`; returns the .sql files it added. */
function generate(out) {
  const before = new Set(sqlFiles(out));
  // The config lives in the scratch folder, so it names everything absolutely and imports nothing.
  const file = path.join(scratch, `config-${path.basename(out)}.mjs`);
  const schema = config.schema.map((s) => path.resolve(ROOT, s));
  // drizzle-kit reads `out` relative to the working directory, even when it is absolute.
  writeFileSync(file, `export default ${JSON.stringify({ ...config, schema, out: path.relative(ROOT, out) })};\n`);
  const said = kit("generate", "--config", file, "--name", "unexpected");
  const added = sqlFiles(out).filter((f) => !before.has(f));
  // It reports some failures on its output and still exits 0.
  if (added.length === 0 && !said.includes("No schema changes"))
    throw new Error(`drizzle-kit generate failed:\n${said}`);
  return added;
}

/** The expressions of the CHECK clauses in a CREATE TABLE statement (parentheses balanced). */
function checkClauses(sql) {
  const out = [];
  for (const m of sql.matchAll(/CHECK\s*\(/gi)) {
    let depth = 1;
    let i = m.index + m[0].length;
    const start = i;
    for (; i < sql.length && depth > 0; i++) depth += sql[i] === "(" ? 1 : sql[i] === ")" ? -1 : 0;
    out.push(sql.slice(start, i - 1));
  }
  return out;
}

/** The structure of the database that `files` (SQL, in order) build, as comparable text. */
function structure(files) {
  const db = new DatabaseSync(":memory:");
  for (const f of files) db.exec(readFileSync(f, "utf8"));
  const out = {};
  const objects = db
    .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
    .all();
  for (const o of objects) {
    if (o.type === "table") {
      const checks = checkClauses(o.sql ?? "").map((c) =>
        c
          .replace(/["`]/g, "")
          .replace(new RegExp(`\\b${o.name}\\.`, "g"), "")
          .replace(/\s+/g, " ")
          .trim(),
      );
      out[`table ${o.name}`] = {
        // By name, not position: a column added by ALTER TABLE comes last, and nothing here
        // reads columns by position. A primary key counts as NOT NULL either way: drizzle
        // writes it so, and every row is inserted with its key.
        columns: db
          .prepare(`PRAGMA table_info("${o.name}")`)
          .all()
          .map(({ name, type, notnull, dflt_value, pk }) => ({
            name,
            type,
            notnull: pk > 0 ? 1 : notnull,
            dflt_value,
            pk,
          }))
          .toSorted((x, y) => x.name.localeCompare(y.name)),
        foreign_keys: db
          .prepare(`PRAGMA foreign_key_list("${o.name}")`)
          .all()
          .map(({ table, from, to, on_update, on_delete }) => ({ table, from, to, on_update, on_delete })),
        checks: checks.toSorted(),
      };
    } else if (o.type === "index") {
      out[`index ${o.name}`] = {
        table: o.tbl_name,
        columns: db
          .prepare(`PRAGMA index_xinfo("${o.name}")`)
          .all()
          .filter((c) => c.key === 1)
          .map(({ name, desc }) => ({ name, desc })),
      };
    }
  }
  db.close();
  return out;
}

try {
  console.log(kit("check").trim().split("\n").at(-1));

  const copy = path.join(scratch, "migrations");
  cpSync(MIGRATIONS, copy, { recursive: true });
  const added = generate(copy);
  if (added.length > 0) {
    failures.push(
      `the schema has changed since the last migration: \`npx drizzle-kit generate --name verb_noun\` writes\n${readFileSync(path.join(copy, added[0]), "utf8")}`,
    );
  } else console.log("no schema change without its migration");

  const fresh = path.join(scratch, "fresh");
  mkdirSync(fresh);
  const [all] = generate(fresh);
  const fromSchema = structure([path.join(fresh, all)]);
  const fromMigrations = structure(sqlFiles(MIGRATIONS).map((f) => path.join(MIGRATIONS, f)));
  const a = JSON.stringify(fromSchema, null, 1);
  const b = JSON.stringify(fromMigrations, null, 1);
  if (a !== b) {
    const keys = new Set([...Object.keys(fromSchema), ...Object.keys(fromMigrations)]);
    const differ = [...keys].filter((k) => JSON.stringify(fromSchema[k]) !== JSON.stringify(fromMigrations[k]));
    if (process.env.SCHEMA_DEBUG)
      for (const k of differ) console.error(k, JSON.stringify(fromSchema[k]), JSON.stringify(fromMigrations[k]));
    failures.push(`migrations/*.sql build another database than the schema describes: ${differ.join(", ")}`);
  } else
    console.log(
      `migrations/*.sql build the database the schema describes (${Object.keys(fromSchema).length} tables and indexes)`,
    );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

if (failures.length > 0) {
  for (const f of failures) console.error(`schema: ${f}`);
  process.exit(1);
}
