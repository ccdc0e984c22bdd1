/**
 * `npm run bench` — the benchmark suite. Every figure is taken next to a baseline in the
 * same run, because this machine is shared and noisy: ratios travel, absolute numbers
 * less so. Prints one markdown table, writes it to bench/results/latest.md with the raw
 * figures in bench/results/latest.json, and exits 0 whatever the numbers (non-zero only
 * when the harness itself breaks, so CI notices when it rots).
 *
 *   npm run bench                  full suite (about 20 minutes on 2 cores)
 *   npm run bench -- --quick       the short version CI runs (about 2 minutes)
 *   npm run bench -- --only=fanout,replay   a subset: sizes fanout capacity many relay replay disconnect workflow dev memory
 *   npm run bench -- --only=fanout --cells=10x100,100x100   only these fan-out cells (subscribers x events/s)
 *   npm run bench -- --render=bench/results/latest.json   print an earlier run's table again
 *
 * One module per benchmark in bench/benchmarks/ (its run and its table rows); this file
 * reads nothing but the plan, runs the chosen benchmarks in order and writes the report.
 * What each benchmark measures, and how to read it: docs/BENCHMARKS.md.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { benchCapacity } from "./benchmarks/capacity.mjs";
import { benchDev } from "./benchmarks/dev.mjs";
import { benchDisconnect } from "./benchmarks/disconnect.mjs";
import { benchFanout } from "./benchmarks/fanout.mjs";
import { benchMany } from "./benchmarks/many.mjs";
import { benchMemory } from "./benchmarks/memory.mjs";
import { benchRelay } from "./benchmarks/relay.mjs";
import { benchReplay } from "./benchmarks/replay.mjs";
import { benchSizes } from "./benchmarks/sizes.mjs";
import { benchWorkflow } from "./benchmarks/workflow.mjs";
import { startChild } from "./lib/children.mjs";
import { baselineSystem, fanoutRun } from "./lib/fanout.mjs";
import { hostAtEnd, hostAtStart } from "./lib/host.mjs";
import { WARM, attempt, failures, log, onFreshWorker } from "./lib/harness.mjs";
import { PLAN, RENDER, want } from "./lib/plan.mjs";
import { writeReport } from "./lib/report.mjs";
import { ROOT, TMPFS, build } from "./lib/worker.mjs";

/** Read-only git queries (rev-parse, status) in the project. */
const git = (...args) => execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();

/** The commit the build came from, and how many product files differed from it. */
function gitState() {
  try {
    const dirty = git("status", "--porcelain", "--", "worker", "web", "wrangler.toml", "migrations")
      .split("\n")
      .filter(Boolean).length;
    return { head: git("rev-parse", "--short", "HEAD"), dirty };
  } catch {
    return null;
  }
}

async function main() {
  const watchdog = setTimeout(() => {
    log(`watchdog: the ${PLAN.mode} run passed ${PLAN.watchdogMs / 60_000} minutes; giving up`);
    process.exit(2);
  }, PLAN.watchdogMs);
  watchdog.unref();

  const results = {
    mode: PLAN.mode,
    started: new Date().toISOString(),
    machine: { ...hostAtStart(), object_storage: TMPFS === null ? "disk" : `tmpfs (${TMPFS})` },
  };
  results.git = gitState();
  log(`mode ${PLAN.mode}: building the Worker`);
  results.build_ms = (await build()).ms;
  if (want("sizes")) results.sizes = await benchSizes();

  const needServers = ["fanout", "capacity", "many", "relay", "replay", "disconnect", "workflow", "dev", "memory"].some(
    want,
  );
  if (needServers) {
    const bare = await startChild("bare-broadcaster.mjs", { waitFor: "listening" });
    const subscribers = await startChild("subscribers.mjs");
    const baseline = baselineSystem(bare);
    try {
      log(`baseline pid ${bare.pid}; subscribers pid ${subscribers.pid}; each benchmark starts its own workerd`);
      await fanoutRun(baseline, subscribers, WARM);
      if (want("fanout")) results.fanout = await benchFanout(baseline, subscribers);
      if (want("capacity") && PLAN.capacity !== null) {
        results.capacity = await attempt("capacity", async () => ({
          product: await benchCapacity(null, subscribers),
          baseline: await benchCapacity(baseline, subscribers),
        }));
      }
      if (want("many")) results.many = await attempt("many sets", () => benchMany(baseline, subscribers));
      if (want("relay")) results.relay = await attempt("relay", () => benchRelay(subscribers));
      if (want("replay")) results.replay = await attempt("replay", () => benchReplay(baseline, subscribers));
      if (want("disconnect")) {
        results.disconnect = await attempt("disconnect", () =>
          onFreshWorker(subscribers, {}, (_w, product) => benchDisconnect(product, subscribers)),
        );
      }
      if (want("workflow"))
        results.workflow = await attempt("workflow", () =>
          onFreshWorker(subscribers, {}, (worker) => benchWorkflow(worker)),
        );
      if (want("dev")) results.dev = await attempt("dev server", () => benchDev(subscribers));
      if (want("memory")) results.memory = await attempt("memory", () => benchMemory(subscribers));
    } finally {
      await subscribers.stop();
      await bare.stop();
    }
  }
  results.finished = new Date().toISOString();
  results.failures = failures;
  const end = hostAtEnd(results.machine);
  results.load_after = end.load_after;
  Object.assign(results.machine, { steal_pct: end.steal_pct, busy_pct: end.busy_pct });

  writeReport(results);
}

if (RENDER !== null) {
  writeReport(JSON.parse(readFileSync(RENDER, "utf8")), false);
  process.exit(0);
}

main().then(
  () => process.exit(failures.length === 0 ? 0 : 1),
  (err) => {
    process.stderr.write(`bench failed: ${err?.stack ?? err}\n`);
    process.exit(1);
  },
);
