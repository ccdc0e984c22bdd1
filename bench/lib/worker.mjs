/**
 * The product under test: the Worker as `vite build` emits it, run in workerd by
 * Miniflare from this process (no dev proxy: one workerd process, the asset router and
 * the user Worker inside it, D1, the queue and the DecisionSet object all real). Events
 * are injected by the object's own `append` RPC through Miniflare's Node binding proxy;
 * the product gains no endpoint for it.
 */
import { execFile } from "node:child_process";
import {
  accessSync,
  constants,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statfsSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Miniflare, convertV4MiniflareOptions } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";

const run = promisify(execFile);

export const ROOT = path.resolve(import.meta.dirname, "../..");
const BIN = path.join(ROOT, "node_modules/.bin");
/** Under bench/results/ (gitignored), so the build never touches the `dist/` others use. */
export const BUILD_DIR = path.join(ROOT, "bench/results/build");
const WORKER_CONFIG = path.join(BUILD_DIR, "reasonstream/wrangler.json");
/** Where `vite build` writes the Worker's config, for any build directory. */
export const workerConfigOf = (buildDir) => path.join(buildDir, "reasonstream/wrangler.json");
/** The Vite plugin records the last build here (web/ is Vite's root); a bench build must not redirect it. */
const DEPLOY_REDIRECT = path.join(ROOT, "web/.wrangler/deploy/config.json");

/** Child processes talk only to 127.0.0.1; no telemetry leaves the machine. */
const QUIET_ENV = { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" };

/**
 * `vite build` into bench/results/build (the same build as `npm run build`, another folder).
 * @returns {Promise<{ ms: number }>}
 */
export async function build() {
  const before = existsSync(DEPLOY_REDIRECT) ? readFileSync(DEPLOY_REDIRECT, "utf8") : null;
  const started = performance.now();
  try {
    await run(
      process.execPath,
      [
        path.join(BIN, "vite"),
        "build",
        "--outDir",
        path.relative(path.join(ROOT, "web"), BUILD_DIR),
        "--logLevel",
        "warn",
      ],
      {
        cwd: ROOT,
        env: QUIET_ENV,
        maxBuffer: 64 * 1024 * 1024,
        timeout: 180_000,
      },
    );
  } finally {
    if (before === null) rmSync(DEPLOY_REDIRECT, { force: true });
    else writeFileSync(DEPLOY_REDIRECT, before);
  }
  return { ms: performance.now() - started };
}

/**
 * What `wrangler deploy --dry-run` reports for the built Worker: "Total Upload: X KiB / gzip: Y KiB".
 * @returns {Promise<{ upload_kib: number|null, gzip_kib: number|null, line: string }>}
 */
export async function dryRunSize() {
  const { stdout, stderr } = await run(
    process.execPath,
    [
      path.join(BIN, "wrangler"),
      "deploy",
      "--dry-run",
      "--config",
      WORKER_CONFIG,
      "--outdir",
      path.join(BUILD_DIR, "dry-run"),
    ],
    { cwd: ROOT, env: QUIET_ENV, maxBuffer: 16 * 1024 * 1024, timeout: 120_000 },
  );
  return parseTotalUpload(`${stdout}\n${stderr}`);
}

/**
 * The "Total Upload: X KiB / gzip: Y KiB" line of wrangler's deploy output, read.
 * @param {string} output what `wrangler deploy` (or its dry run) printed
 * @returns {{ upload_kib: number|null, gzip_kib: number|null, line: string }}
 */
export function parseTotalUpload(output) {
  const line = output.split("\n").find((l) => l.includes("Total Upload")) ?? "";
  const m = /Total Upload:\s*([\d.]+)\s*KiB\s*\/\s*gzip:\s*([\d.]+)\s*KiB/.exec(line);
  return { upload_kib: m ? Number(m[1]) : null, gzip_kib: m ? Number(m[2]) : null, line: line.trim() };
}

/**
 * The modules of a built Worker, its main module first: the entry and the chunks the build
 * split off (`assets/*.js`, loaded by import() or shared), all uploaded as wrangler uploads them.
 * @param {string} configPath the built Worker's wrangler.json
 * @returns {{ type: "ESModule", path: string }[]}
 */
export function builtModules(configPath) {
  const dir = path.dirname(configPath);
  const { main } = JSON.parse(readFileSync(configPath, "utf8"));
  const chunks = existsSync(path.join(dir, "assets"))
    ? readdirSync(path.join(dir, "assets"))
        .filter((f) => f.endsWith(".js"))
        .map((f) => `assets/${f}`)
    : [];
  return [main, ...chunks.filter((f) => f !== main)].map((f) => ({ type: "ESModule", path: path.join(dir, f) }));
}

/**
 * The workerd process Miniflare started: a child of this process named `workerd`.
 * @param {Set<number>} [exclude] pids that belong to another instance
 * @returns {number|null}
 */
export function findWorkerdPid(exclude = new Set()) {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // "pid (comm) state ppid ...": comm may hold spaces, so split after the last ')'.
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === process.pid && comm.startsWith("workerd") && !exclude.has(Number(entry))) return Number(entry);
    } catch {
      // the process went away while we looked
    }
  }
  return null;
}

/**
 * Resident memory of a process, in MiB (VmRSS), or null.
 * @param {number|null|undefined} pid
 */
export function rssMiB(pid) {
  if (pid === null || pid === undefined) return null;
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Where the DecisionSet objects' SQLite files live. Locally, workerd commits each object's
 * writes to its file on the event loop's thread, and on a disk that blocks the thread on
 * every commit; on Cloudflare a write is confirmed by replication while the thread goes on
 * (the output gate holds what the object sends until then). So the objects' storage goes
 * on tmpfs (`/dev/shm`, with at least 512 MiB free) when the machine has one: the same SQLite, without the local
 * disk's flushes on the thread. `storage: "disk"` (and a row of the table) shows the disk.
 * @type {string|null}
 */
export const TMPFS = (() => {
  try {
    const dir = "/dev/shm";
    const fs = statfsSync(dir);
    // TMPFS_MAGIC: a RAM-backed file system, not a disk that happens to be mounted there;
    // and room for a run (a container's default /dev/shm is 64 MiB).
    if (fs.type !== 0x01021994 || fs.bavail * fs.bsize < 512 * 2 ** 20) return null;
    accessSync(dir, constants.W_OK);
    return dir;
  } catch {
    return null;
  }
})();

/** Instances' temporary directories not yet removed; an exit (the watchdog's too) removes them. */
const scratchDirs = new Set();
process.on("exit", () => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

/** CPU time (user + system) a process has used, in ms, from /proc/<pid>/stat. */
export function cpuMs(pid) {
  if (pid === null || pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** The bench's own modules (in this folder) as Miniflare module entries. */
const esm = (files) => files.map((file) => ({ type: "ESModule", path: path.join(import.meta.dirname, file) }));

/** A copy of `obj` without `keys`, and without empty collections (the converter rejects some). */
function withoutKeys(obj, keys) {
  const out = {};
  for (const [k, v] of Object.entries(obj)) {
    if (keys.includes(k) || v === undefined) continue;
    if (Array.isArray(v) ? v.length === 0 : typeof v === "object" && v !== null && Object.keys(v).length === 0)
      continue;
    out[k] = v;
  }
  return out;
}

/**
 * Starts the built Worker in Miniflare with `vars` overriding wrangler.toml's, applies the
 * D1 migrations, and returns its URL, the DECISION_SET namespace and the workerd pid.
 * @param {Record<string,string>} vars
 */
export async function startWorker(
  vars = {},
  { inspectorPort, configPath = WORKER_CONFIG, storage = TMPFS === null ? "disk" : "tmpfs" } = {},
) {
  const { workerOptions: w } = unstable_getMiniflareWorkerOptions(configPath);
  const logs = [];
  const others = new Set();
  for (let pid = findWorkerdPid(); pid !== null; pid = findWorkerdPid(others)) others.add(pid);
  const options = convertV4MiniflareOptions({
    host: "127.0.0.1",
    port: 0,
    handleStructuredLogs: (log) => {
      logs.push(log.message);
      if (logs.length > 200) logs.shift();
    },
    workers: [
      {
        // Every binding wrangler derives from the built config (whatever others add to
        // wrangler.toml comes along), minus what Miniflare 5 takes another way.
        ...withoutKeys(w, ["rootPath", "modulesRules", "bindings"]),
        name: "reasonstream",
        modules: builtModules(configPath),
        modulesRoot: path.dirname(configPath),
        bindings: { ...w.bindings, ...vars },
        // A second socket straight into the Worker, past Miniflare's entry worker and the
        // asset router: what a client reaches without the local plumbing in front.
        unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
      },
      {
        // The producer inside workerd (bench/lib/driver.mjs), bound to the product's class.
        name: "bench-driver",
        modules: esm(["driver.mjs", "events.mjs"]),
        modulesRoot: import.meta.dirname,
        compatibilityDate: w.compatibilityDate,
        compatibilityFlags: w.compatibilityFlags,
        durableObjects: { DECISION_SET: { className: "DecisionSet", scriptName: "reasonstream" } },
      },
    ],
  });
  const base = storage === "tmpfs" && TMPFS !== null ? TMPFS : os.tmpdir();
  const { mf, scratch } = construct(
    { ...options, ...(inspectorPort === undefined ? {} : { inspectorPort }) },
    path.join(base, "reasonstream-bench-"),
  );
  const url = await mf.ready;
  const db = await mf.getD1Database("DB");
  const migrations = path.join(ROOT, "migrations");
  for (const file of readdirSync(migrations)
    .filter((f) => f.endsWith(".sql"))
    .toSorted()) {
    const sql = readFileSync(path.join(migrations, file), "utf8").replace(/--[^\n]*/g, "");
    for (const statement of sql
      .split(";")
      .map((s) => s.trim())
      .filter(Boolean))
      await db.prepare(statement).run();
  }
  const directUrl = (await mf.unsafeGetDirectURL("reasonstream")).href.replace(/\/$/, "");
  const ns = await mf.getDurableObjectNamespace("DECISION_SET", "reasonstream");
  const driver = await mf.getWorker("bench-driver");
  return {
    mf,
    url: url.href.replace(/\/$/, ""),
    directUrl,
    pid: findWorkerdPid(others),
    inspectorPort,
    logs,
    /** The DecisionSet stub of decision set `id` (its own RPC, through Miniflare's proxy). */
    stub: (id) => ns.get(ns.idFromName(id)),
    ...handles(mf, scratch, driver),
  };
}

/**
 * A Miniflare instance in a scratch directory of its own (`prefix` + a random suffix).
 * Miniflare keeps the objects' SQLite files under the temporary directory it takes when
 * constructed: on tmpfs unless the disk is asked for (see TMPFS). Each instance gets its
 * own directory, removed when it is disposed of: Miniflare leaves its temporary files
 * behind otherwise, and on tmpfs they take memory.
 * @param {object} options
 * @param {string} prefix
 */
function construct(options, prefix) {
  const tmpdir = process.env.TMPDIR;
  const scratch = mkdtempSync(prefix);
  scratchDirs.add(scratch);
  process.env.TMPDIR = scratch;
  try {
    return { mf: new Miniflare({ ...options, telemetry: { enabled: false } }), scratch };
  } finally {
    if (tmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmpdir;
  }
}

/**
 * What a started instance offers every benchmark: its driver, and its disposal.
 * @param {Miniflare} mf
 * @param {string} scratch
 * @param {{ fetch: (url: string, init: object) => Promise<Response> }} driver
 */
function handles(mf, scratch, driver) {
  return {
    /**
     * Calls the bench driver inside workerd (bench/lib/driver.mjs): `/init`, `/run`, `/fill`, `/stats`.
     * @param {string} route
     * @param {object} body
     */
    async driver(route, body) {
      const res = await driver.fetch(`http://bench-driver${route}`, { method: "POST", body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`bench driver ${route}: ${res.status} ${await res.text()}`);
      return res.json();
    },
    async dispose() {
      try {
        await mf.dispose();
      } finally {
        rmSync(scratch, { recursive: true, force: true });
        scratchDirs.delete(scratch);
      }
    },
  };
}

/**
 * Starts the workerd floor (floor-worker.mjs) in its own Miniflare instance, with the
 * in-workerd driver bound to its object: the same producer, the same subscribers, none of
 * the product's code. `shape` is "held" or "socket"; `store` makes the object insert each
 * event into its SQLite before it sends.
 * @param {{ shape: "held"|"socket", store: boolean }} opts
 */
export async function startFloor({ shape, store }) {
  const { workerOptions: w } = unstable_getMiniflareWorkerOptions(WORKER_CONFIG);
  const others = new Set();
  for (let pid = findWorkerdPid(); pid !== null; pid = findWorkerdPid(others)) others.add(pid);
  const runtime = { compatibilityDate: w.compatibilityDate, compatibilityFlags: w.compatibilityFlags };
  const options = convertV4MiniflareOptions({
    host: "127.0.0.1",
    port: 0,
    workers: [
      {
        name: "floor",
        modules: esm(["floor-worker.mjs"]),
        modulesRoot: import.meta.dirname,
        ...runtime,
        bindings: { SHAPE: shape, STORE: store ? "1" : "0" },
        durableObjects: { DECISION_SET: { className: "FloorSet", useSQLite: true } },
        unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
      },
      {
        name: "bench-driver",
        modules: esm(["driver.mjs", "events.mjs"]),
        modulesRoot: import.meta.dirname,
        ...runtime,
        durableObjects: { DECISION_SET: { className: "FloorSet", scriptName: "floor", useSQLite: true } },
      },
    ],
  });
  const { mf, scratch } = construct(options, path.join(TMPFS ?? os.tmpdir(), "reasonstream-floor-"));
  await mf.ready;
  const directUrl = (await mf.unsafeGetDirectURL("floor")).href.replace(/\/$/, "");
  const driver = await mf.getWorker("bench-driver");
  return { directUrl, pid: findWorkerdPid(others), ...handles(mf, scratch, driver) };
}
