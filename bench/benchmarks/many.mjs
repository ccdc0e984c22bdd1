/** Many sets: many decision sets at once, each with a few subscribers, on spread schedules. */
import { fanoutRun } from "../lib/fanout.mjs";
import { fmt, lat, ratio, transport, verdict } from "../lib/format.mjs";
import { log, mergeRepeats, onFreshWorker, withFloors } from "../lib/harness.mjs";
import { floorRows } from "./fanout.mjs";
import { PLAN } from "../lib/plan.mjs";
import { MANY_P99_MS, cpuText } from "../lib/targets.mjs";
import { TMPFS } from "../lib/worker.mjs";

/** The many-sets run on the product (tmpfs, and the local disk when tmpfs is in use) and the baseline. */
export async function benchMany(baseline, subscribers) {
  const { sets, perSet, rate, ms } = PLAN.many;
  // Independent decision sets do not tick together: their schedules are spread evenly
  // across one interval (a workflow emits when its steps finish, not on a shared clock).
  const opts = { sets, perSet, rate, ms, drainMs: PLAN.drainMs, spread: true };
  const out = {};
  out.product = mergeRepeats([
    await onFreshWorker(subscribers, {}, (_worker, product) => fanoutRun(product, subscribers, opts)),
  ]);
  out.baseline = mergeRepeats([await fanoutRun(baseline, subscribers, opts)]);
  // The same load on the workerd floors (see FLOORS in bench/lib/harness.mjs).
  const floors = await withFloors(subscribers, true, async (systems) => {
    const merged = {};
    for (const system of systems) merged[system.name] = mergeRepeats([await fanoutRun(system, subscribers, opts)]);
    return merged;
  });
  // The same with the objects' SQLite on the local disk (see TMPFS in bench/lib/worker.mjs).
  if (TMPFS !== null)
    out.disk = mergeRepeats([
      await onFreshWorker(subscribers, {}, (_worker, product) => fanoutRun(product, subscribers, opts), "disk"),
    ]);
  for (const name of Object.keys(out))
    log(
      `many ${name} ${sets}×${perSet}×${rate}/s: p50 ${fmt(out[name].p50)} p99 ${fmt(out[name].p99)} ms, lost ${out[name].lost}`,
    );
  return { sets, perSet, rate, ...out, floors };
}

/**
 * The many-sets rows.
 * @param {Record<string, any>} r the run's results
 * @param {(...cells: string[]) => void} row adds one table row
 */
export function manyRows(r, row) {
  if (r.many) {
    const m = r.many;
    row(
      "many sets",
      `${m.sets} sets × ${m.perSet} sub × ${m.rate} ev/s`,
      lat(m.product),
      lat(m.baseline),
      `${ratio(m.product.p50, m.baseline.p50)} · ${ratio(m.product.p99, m.baseline.p99)}`,
      `lost ${m.product.lost}/${m.baseline.lost} · late ${m.product.late}/${m.baseline.late} · ${transport(m.product, m.baseline)} · append call p99 ${fmt(m.product.append_p99)} vs ${fmt(m.baseline.append_p99)} ms · producer behind schedule p99 ${fmt(m.product.lag_p99)} vs ${fmt(m.baseline.lag_p99)} ms · workerd CPU ${fmt(m.product.server_cpu_ms_per_s)} ms/s · ${cpuText(m.product, m.baseline)}`,
      m.sets === 50 ? `p99 < ${MANY_P99_MS} ms: ${verdict(m.product.p99 !== null && m.product.p99 < MANY_P99_MS)}` : "",
    );
    floorRows("many sets", `${m.sets} sets × ${m.perSet} sub × ${m.rate} ev/s`, m, row);
    if (m.disk !== undefined)
      row(
        "many sets",
        `the same, the objects' SQLite on the local disk`,
        lat(m.disk),
        lat(m.baseline),
        `${ratio(m.disk.p50, m.baseline.p50)} · ${ratio(m.disk.p99, m.baseline.p99)}`,
        `lost ${m.disk.lost} · late ${m.disk.late} · ${transport(m.disk, m.baseline)}`,
        "",
      );
  }
}
