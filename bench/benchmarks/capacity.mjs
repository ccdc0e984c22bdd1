/**
 * Capacity: the most deliveries a second one decision set sustains within the latency
 * bound, found by climbing ladders of subscriber counts at two event rates.
 */
import { fanoutRun } from "../lib/fanout.mjs";
import { fmt, ratio, verdict } from "../lib/format.mjs";
import { log, onFreshWorker } from "../lib/harness.mjs";
import { CAPACITY_P99_MS, PLAN, PLAN_CAPACITY_RATES } from "../lib/plan.mjs";
import { median } from "../lib/stats.mjs";

/** A run passes when p99 is under the bound, nothing was lost, late or doubled, and the rate held. */
function passes(run) {
  return (
    run.latency.p99 !== null &&
    run.latency.p99 < CAPACITY_P99_MS &&
    run.lost === 0 &&
    run.late === 0 &&
    run.dup === 0 &&
    run.open_failed === 0 &&
    run.achieved_rate >= 0.95 * run.rate
  );
}

/**
 * One step of a capacity ladder: up to three runs, decided by the majority, so that one
 * noisy moment on a shared machine neither passes nor fails a step on its own. A null
 * `system` is the product, on a fresh workerd.
 */
async function capacityStep(system, subscribers, subs, rate) {
  if (system === null)
    return onFreshWorker(subscribers, {}, (_worker, product) => capacityStep(product, subscribers, subs, rate));
  const runs = [];
  while (runs.length < 3) {
    runs.push(await fanoutRun(system, subscribers, { perSet: subs, rate, ms: PLAN.capacity.ms, drainMs: 5000 }));
    const good = runs.filter(passes).length;
    if (good >= 2 || runs.length - good >= 2) break;
  }
  return {
    subs,
    rate,
    ok: runs.filter(passes).length >= 2,
    runs: runs.length,
    p99: median(runs.map((r) => r.latency.p99)),
    lost: runs.reduce((n, r) => n + r.lost, 0),
    late: runs.reduce((n, r) => n + r.late, 0),
  };
}

/** The capacity ladders for `system`, or for the product (each step on a fresh workerd) when it is null. */
export async function benchCapacity(system, subscribers) {
  const name = system?.name ?? "product";
  const steps = [];
  let best = null;
  for (const ladder of PLAN.capacity.ladders) {
    for (const subs of ladder.subs) {
      const step = await capacityStep(system, subscribers, subs, ladder.rate);
      steps.push(step);
      log(
        `capacity ${name} ${subs} × ${ladder.rate}/s: p99 ${fmt(step.p99)} ms, lost ${step.lost}, late ${step.late} (${step.runs} runs) → ${step.ok ? "pass" : "fail"}`,
      );
      if (!step.ok) break;
      if (best === null || subs * ladder.rate > best.deliveries)
        best = { subs, rate: ladder.rate, deliveries: subs * ladder.rate, p99: step.p99 };
    }
  }
  return { best, steps };
}

/** Per ladder, the last step that passed; "≥" when the ladder's top passed too. */
const ladders = (x) =>
  PLAN_CAPACITY_RATES.map((rate) => {
    const steps = x.steps.filter((st) => st.rate === rate);
    const ok = steps.filter((st) => st.ok).at(-1);
    if (ok === undefined) return `at ${rate.toLocaleString("en")} ev/s: none`;
    const top = steps.at(-1)?.ok === true ? "≥ " : "";
    return `at ${rate.toLocaleString("en")} ev/s: ${top}${(ok.subs * rate).toLocaleString("en")}/s (${ok.subs} sub, p99 ${fmt(ok.p99)} ms)`;
  }).join("; ");

/** The most subscribers that passed at 100 events a second. */
const at100 = (x) => x.steps.filter((st) => st.rate === 100 && st.ok).at(-1)?.subs ?? null;

/**
 * The capacity row: per ladder, the last step that passed.
 * @param {Record<string, any>} r the run's results
 * @param {(...cells: string[]) => void} row adds one table row
 */
export function capacityRows(r, row) {
  if (r.capacity) {
    const p = r.capacity.product.best?.deliveries ?? null;
    const baselineTopped = r.capacity.baseline.steps.filter((st) => st.rate === 100).at(-1)?.ok === true;
    const r100 =
      at100(r.capacity.product) === null || at100(r.capacity.baseline) === null
        ? "–"
        : `${baselineTopped ? "≤ " : ""}${ratio(at100(r.capacity.product), at100(r.capacity.baseline))} at 100 ev/s`;
    row(
      "capacity",
      `most deliveries/s on one decision set, p99 < ${CAPACITY_P99_MS} ms, none lost`,
      ladders(r.capacity.product),
      ladders(r.capacity.baseline),
      r100,
      "one event per append at 100 ev/s; several per append at 1,000 ev/s",
      `≥ 10,000/s: ${verdict((p ?? 0) >= 10_000)}`,
    );
  }
}
