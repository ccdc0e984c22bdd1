/** Memory: resident memory of a server process across passes of the same load. */
import { startChild } from "../lib/children.mjs";
import { baselineSystem, fanoutRun, productSystem } from "../lib/fanout.mjs";
import { fmt, verdict } from "../lib/format.mjs";
import { log } from "../lib/harness.mjs";
import { connectInspector } from "../lib/inspector.mjs";
import { PLAN } from "../lib/plan.mjs";
import { sleep } from "../lib/stats.mjs";
import { freePort } from "../../test/e2e/server.ts";
import { rssMiB, startWorker } from "../lib/worker.mjs";

/** Growth from `a` to `b` in per cent, or null. */
const growthPct = (a, b) => (a === null || b === null ? null : ((b - a) / a) * 100);

/**
 * Resident memory of a fresh server process before, during (peak) and after `events`
 * events to `subs` subscribers on one decision set, once they have gone and the server
 * has had `settleMs` to let go of them; then the same load again (`passes` in all) on the
 * same decision set, its subscribers resuming from their cursor. Growth that later passes
 * do not repeat is a high-water mark (memory taken and kept), growth on every pass is a
 * leak. For workerd, the JS heap after a forced GC (through the inspector) tells the
 * isolate's own objects from what the runtime holds natively.
 */
async function memoryRun(system, subscribers, heapAfterGc) {
  const { subs, events, rate, passes: passCount, settleMs } = PLAN.memory;
  const pid = system.pid();
  const id = crypto.randomUUID();
  await system.create(id);
  // Warm the process (JIT, first sockets) on another decision set, then settle.
  await fanoutRun(system, subscribers, { perSet: 5, rate: 100, ms: 500, drainMs: 3000 });
  await sleep(1500);
  const before = rssMiB(pid);
  const heap = heapAfterGc === undefined ? [] : [await heapAfterGc()];
  let peak = before ?? 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid) ?? 0)), 250);
  const rounds = [];
  for (let pass = 1; pass <= passCount; pass++) {
    // Later passes' subscribers come back with their cursor, as EventSource does.
    const headers = pass === 1 ? {} : { "last-event-id": String((pass - 1) * events) };
    await subscribers.call({ type: "open", baseUrl: system.baseUrl, sets: [id], perSet: subs, headers }, 180_000);
    await system.drive([id], rate, events, Date.now() + 50);
    const res = await subscribers.call(
      { type: "collect", expect: { [id]: pass * events }, timeoutMs: PLAN.drainMs },
      PLAN.drainMs + 60_000,
    );
    await subscribers.call({ type: "close" });
    await sleep(3000);
    // Subscribers the object still counts although every client has gone (docs/BENCHMARKS.md).
    const ghosts = system.stats === undefined ? null : ((await system.stats(id))?.subscribers ?? null);
    await sleep(settleMs - 3000);
    const ghostsSettled = system.stats === undefined ? null : ((await system.stats(id))?.subscribers ?? null);
    if (heapAfterGc !== undefined) heap.push(await heapAfterGc());
    rounds.push({
      after: rssMiB(pid),
      delivered: res.latency.count,
      lost: res.lost,
      late: res.late,
      p99: res.latency.p99,
      ghosts,
      ghosts_settled: ghostsSettled,
    });
  }
  clearInterval(sampler);
  const afters = rounds.map((r) => r.after);
  return {
    before,
    peak,
    after: afters[0],
    afters,
    growth_pct: growthPct(before, afters[0]),
    /** Growth of each later pass over the one before it. */
    later_growth_pct: afters.slice(1).map((a, k) => growthPct(afters[k], a)),
    heap_mib: heap.map((h) => Number(h.used_mib.toFixed(2))),
    delivered: rounds.reduce((n, r) => n + r.delivered, 0),
    lost: rounds.reduce((n, r) => n + r.lost, 0),
    late: rounds.reduce((n, r) => n + r.late, 0),
    p99: rounds[0].p99,
    ghosts: rounds.map((r) => r.ghosts),
    ghosts_settled: rounds.map((r) => r.ghosts_settled),
    settle_ms: settleMs,
  };
}

/** The memory passes on the product (with its JS heap) and on the baseline. */
export async function benchMemory(subscribers) {
  const worker = await startWorker({}, { inspectorPort: await freePort() });
  const bare = await startChild("bare-broadcaster.mjs", { waitFor: "listening" });
  try {
    const inspector = await connectInspector(worker.inspectorPort, "core:user:reasonstream");
    const poke = async () => (await fetch(`${worker.url}/api/workflow/plan`)).arrayBuffer();
    try {
      const product = await memoryRun(productSystem(worker), subscribers, () => inspector.heapAfterGc(poke));
      const baselineResult = await memoryRun(baselineSystem(bare), subscribers);
      const out = { ...PLAN.memory, product, baseline: baselineResult };
      log(
        `memory: product ${[product.before, ...product.afters].map((v) => fmt(v)).join(" → ")} MiB RSS, JS heap ${product.heap_mib.join(" → ")} MiB`,
      );
      return out;
    } finally {
      inspector.close();
    }
  } finally {
    await bare.stop();
    await worker.dispose();
  }
}

/** Growth of each later memory pass; older results (two passes) carry second_growth_pct. */
const later = (x) => x.later_growth_pct ?? [x.second_growth_pct];

/** A growth in per cent, signed. */
const pctText = (v) => (v === null ? "–" : `${v >= 0 ? "+" : ""}${fmt(v)} %`);

/**
 * The memory row.
 * @param {Record<string, any>} r the run's results
 * @param {(...cells: string[]) => void} row adds one table row
 */
export function memoryRows(r, row) {
  if (r.memory) {
    const m = r.memory;
    const mem = (x) =>
      `${fmt(x.before)} → ${fmt(x.after)} MiB (${pctText(x.growth_pct)}; peak ${fmt(x.peak)}; each later pass ${later(x).map(pctText).join(", ")})`;
    const heap =
      m.product.heap_mib.length > 0
        ? ` · JS heap after GC ${m.product.heap_mib.map((v) => fmt(v)).join(" → ")} MiB`
        : "";
    row(
      "memory",
      `RSS before → after ${m.events.toLocaleString("en")} events × ${m.subs} sub`,
      `${mem(m.product)} workerd`,
      `${mem(m.baseline)} node`,
      "–",
      `delivered ${m.product.delivered.toLocaleString("en")} · lost ${m.product.lost} · late ${m.product.late}${heap} · subscribers the object still counts 3 s after all clients left: ${m.product.ghosts.join(" / ")}${m.product.ghosts_settled === undefined ? "" : `, ${fmt(m.product.settle_ms / 1000)} s after (when RSS is taken): ${m.product.ghosts_settled.join(" / ")}`}`,
      `within 10 %: ${verdict(m.product.growth_pct !== null && Math.abs(m.product.growth_pct) <= 10)}`,
    );
  }
}
