/**
 * Sizes: the Worker bundle and its start-up in workerd, and the web app's JS and CSS, gzip.
 * The Worker's figures stand next to the release before it was minified and split.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { Miniflare, convertV4MiniflareOptions } from "miniflare";
import { fmt, ratio, verdict } from "../lib/format.mjs";
import { log } from "../lib/harness.mjs";
import { median } from "../lib/stats.mjs";
import { BUILD_DIR, builtModules, dryRunSize, findWorkerdPid, workerConfigOf } from "../lib/worker.mjs";

/** The most the Worker may upload, gzip (wrangler's "Total Upload"); `.ci/size.mjs` holds CI to it. */
export const WORKER_GZIP_BUDGET_KIB = 700;

/**
 * The release before the Worker was minified and the OpenAI client loaded on demand:
 * its `wrangler deploy --dry-run` line, and its start-up measured as `startupMs` measures
 * it, on the same workerd (1.20261117.1, on a 2-core machine shared with other work).
 */
export const PREVIOUS_RELEASE = { upload_kib: 4975.09, gzip_kib: 1106.17, startup_ms: 327 };

/** Start-ups measured per Worker; the median is reported. */
const STARTUP_ROUNDS = 7;

/**
 * CPU time workerd spends compiling and evaluating the Worker's global scope: workerd
 * evaluates the main module (and every module it imports statically) before it reports
 * ready, on its main thread. Measured as the CPU that thread has used when workerd is
 * ready, minus the same for a stub Worker that exports the same names and does nothing:
 * what is left is the Worker's own start-up. CPU rather than wall time, and the main
 * thread alone (V8's background compiler and GC threads do not hold up the first event),
 * so that other work on the machine moves it less.
 * @param {string} configPath the built Worker's wrangler.json
 * @returns {Promise<{ startup_ms: number, samples_ms: number[], stub_ms: number }>}
 */
export async function startupMs(configPath = workerConfigOf(BUILD_DIR)) {
  const config = JSON.parse(readFileSync(configPath, "utf8"));
  const modules = builtModules(configPath);
  const dir = path.dirname(configPath);
  const stubDir = mkdtempSync(path.join(os.tmpdir(), "reasonstream-startup-"));
  const stub = path.join(stubDir, "stub.js");
  writeFileSync(
    stub,
    `import { DurableObject } from "cloudflare:workers";
export class DecisionSet extends DurableObject {}
export class StreamRelay extends DurableObject {}
export default { fetch: () => new Response("ok"), queue: async () => {}, scheduled: async () => {} };
`,
  );
  const once = async (mods, root) => {
    const others = new Set();
    for (let pid = findWorkerdPid(); pid !== null; pid = findWorkerdPid(others)) others.add(pid);
    const mf = new Miniflare({
      ...convertV4MiniflareOptions({
        workers: [
          {
            name: "reasonstream",
            modules: mods,
            modulesRoot: root,
            compatibilityDate: config.compatibility_date,
            compatibilityFlags: config.compatibility_flags,
            durableObjects: { DECISION_SET: "DecisionSet", STREAM_RELAY: "StreamRelay" },
          },
        ],
      }),
      telemetry: { enabled: false },
    });
    try {
      await mf.ready;
      return mainThreadCpuMs(findWorkerdPid(others));
    } finally {
      await mf.dispose();
    }
  };
  const samples = [];
  const stubs = [];
  try {
    // Alternated, so that a busy moment on the machine weighs on both alike.
    for (let i = 0; i < STARTUP_ROUNDS; i++) {
      stubs.push(await once([{ type: "ESModule", path: stub }], stubDir));
      samples.push(await once(modules, dir));
    }
  } finally {
    rmSync(stubDir, { recursive: true, force: true });
  }
  const stubMs = median(stubs) ?? 0;
  return { startup_ms: (median(samples) ?? 0) - stubMs, samples_ms: samples.map((s) => s - stubMs), stub_ms: stubMs };
}

/** CPU time a process's main thread has run, in ms, from its schedstat (ns; /proc/<pid>/stat counts in 10 ms ticks). */
function mainThreadCpuMs(pid) {
  if (pid === null) throw new Error("no workerd process");
  return Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, "utf8").split(" ")[0]) / 1e6;
}

/** Worker bundle as wrangler reports it, and its start-up; web JS and CSS gzip, first screen and all. */
export async function benchSizes() {
  const worker = { ...(await dryRunSize()), ...(await startupMs()) };
  const clientDir = path.join(BUILD_DIR, "client");
  const html = readFileSync(path.join(clientDir, "index.html"), "utf8");
  const firstScreen = new Set([...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]));
  const web = { js_first_kib: 0, css_first_kib: 0, js_all_kib: 0, css_all_kib: 0, files: 0 };
  for (const file of readdirSync(path.join(clientDir, "assets"))) {
    const ext = path.extname(file).slice(1);
    if (ext !== "js" && ext !== "css") continue;
    const kib = gzipSync(readFileSync(path.join(clientDir, "assets", file)), { level: 9 }).length / 1024;
    web[`${ext}_all_kib`] += kib;
    if (firstScreen.has(`assets/${file}`)) web[`${ext}_first_kib`] += kib;
    web.files++;
  }
  log(
    `sizes: worker ${worker.gzip_kib} KiB gzip, start-up ${fmt(worker.startup_ms)} ms, web JS first screen ${fmt(web.js_first_kib)} KiB gzip`,
  );
  return { worker, web };
}

/**
 * The size rows.
 * @param {Record<string, any>} r the run's results
 * @param {(...cells: string[]) => void} row adds one table row
 */
export function sizesRows(r, row) {
  if (r.sizes) {
    const s = r.sizes;
    const before = PREVIOUS_RELEASE;
    row(
      "size",
      "Worker bundle (wrangler deploy --dry-run)",
      `${fmt(s.worker.gzip_kib)} KiB gzip (${fmt(s.worker.upload_kib)} KiB)`,
      `${fmt(before.gzip_kib)} KiB gzip (${fmt(before.upload_kib)} KiB), previous release`,
      ratio(s.worker.gzip_kib, before.gzip_kib),
      "minified; the OpenAI client a chunk of its own, loaded when a key is set",
      `< ${WORKER_GZIP_BUDGET_KIB} KiB gzip: ${verdict((s.worker.gzip_kib ?? Infinity) < WORKER_GZIP_BUDGET_KIB)}`,
    );
    row(
      "size",
      "Worker start-up (global scope, main-thread CPU in workerd)",
      `${fmt(s.worker.startup_ms)} ms`,
      `${fmt(before.startup_ms)} ms, previous release`,
      ratio(s.worker.startup_ms, before.startup_ms),
      `median of ${s.worker.samples_ms.length}, a stub Worker's ${fmt(s.worker.stub_ms)} ms subtracted`,
      `below the previous release: ${verdict(s.worker.startup_ms < before.startup_ms)}`,
    );
    row(
      "size",
      "web JS / CSS, first screen",
      `${fmt(s.web.js_first_kib)} / ${fmt(s.web.css_first_kib)} KiB gzip`,
      "–",
      "–",
      `all assets: ${fmt(s.web.js_all_kib)} / ${fmt(s.web.css_all_kib)} KiB gzip`,
      `JS < 200 KiB: ${verdict(s.web.js_first_kib < 200)}`,
    );
  }
}
