/**
 * Where the product spends its time and memory under fan-out: one cell with workerd's
 * inspector attached, a CPU profile of the product's isolate (the Worker and the
 * DecisionSet object share it), and the JS heap after a forced GC before and after.
 * Investigation, not a benchmark: the inspector slows what it watches.
 *
 *   node_modules/.bin/node bench/profile.mjs [--sets=1] [--subs=100] [--rate=100] [--ms=5000] [--passes=3]
 *
 * `--subs` is per decision set; with several sets their schedules are spread across an interval.
 *
 * Writes bench/results/profile-<subs>x<rate>.cpuprofile (open it in Chrome DevTools).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startChild } from "./lib/children.mjs";
import { fanoutRun, productSystem } from "./lib/fanout.mjs";
import { connectInspector, selfTimes } from "./lib/inspector.mjs";
import { sleep } from "./lib/stats.mjs";
import { ROOT, build, rssMiB, startWorker } from "./lib/worker.mjs";

const arg = (name, fallback) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const sets = arg("sets", 1);
const subs = arg("subs", 100);
const rate = arg("rate", 100);
const ms = arg("ms", 5000);
const passes = arg("passes", 3);
const INSPECTOR_PORT = arg("port", 9329);
const fmt = (v) => v.toFixed(1);

await build();
const worker = await startWorker({}, { inspectorPort: INSPECTOR_PORT });
const subscribers = await startChild("subscribers.mjs");
const inspector = await connectInspector(INSPECTOR_PORT, "core:user:reasonstream");
const poke = async () => (await fetch(`${worker.url}/api/workflow/plan`)).arrayBuffer();
try {
  const product = productSystem(worker);
  await fanoutRun(product, subscribers, { perSet: 5, rate: 100, ms: 500, drainMs: 3000 });
  const heap = [await inspector.heapAfterGc(poke)];
  const rss = [rssMiB(worker.pid)];
  await inspector.send("Profiler.enable");
  await inspector.send("Profiler.setSamplingInterval", { interval: 200 });
  await inspector.send("Profiler.start");
  const run = await fanoutRun(product, subscribers, {
    sets,
    perSet: subs,
    rate,
    ms,
    drainMs: 10_000,
    spread: sets > 1,
  });
  const { profile } = await inspector.send("Profiler.stop");
  await sleep(1000);
  heap.push(await inspector.heapAfterGc(poke));
  rss.push(rssMiB(worker.pid));
  for (let p = 1; p < passes; p++) {
    await fanoutRun(product, subscribers, { sets, perSet: subs, rate, ms, drainMs: 10_000, spread: sets > 1 });
    await sleep(1000);
    heap.push(await inspector.heapAfterGc(poke));
    rss.push(rssMiB(worker.pid));
  }
  const out = path.join(ROOT, "bench/results", `profile-${sets > 1 ? `${sets}x` : ""}${subs}x${rate}.cpuprofile`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(profile));
  const top = selfTimes(profile);
  console.log(
    `${sets > 1 ? `${sets} sets × ` : ""}${subs} subscribers × ${rate} events/s for ${ms} ms: p50 ${fmt(run.latency.p50)} p99 ${fmt(run.latency.p99)} ms, lost ${run.lost}, late ${run.late}, workerd CPU ${run.server_cpu_ms} ms`,
  );
  console.log(`\nself time in the product's isolate (top 25 of ${top.length}):`);
  for (const t of top.slice(0, 25)) console.log(`${fmt(t.ms).padStart(9)} ms ${fmt(t.pct).padStart(5)} %  ${t.fn}`);
  console.log(
    "\nJS heap after forced GC, MiB (before, then after each pass):",
    heap.map((h) => fmt(h.used_mib)).join(" → "),
  );
  console.log("workerd RSS, MiB (same points):", rss.map((r) => fmt(r ?? Number.NaN)).join(" → "));
  console.log(`\nprofile written to ${path.relative(ROOT, out)}`);
} finally {
  inspector.close();
  await subscribers.stop();
  await worker.dispose();
}
process.exit(0);
