/**
 * Fan-out: N subscribers on one decision set at R events a second, the product next to
 * the bare Node broadcaster, each cell on a fresh workerd, repeats alternating sides.
 */
import { fanoutRun, productViaProxySystem } from "../lib/fanout.mjs";
import { fmt, lat, ratio, transport, verdict } from "../lib/format.mjs";
import { attempt, log, mergeRepeats, onFreshWorker } from "../lib/harness.mjs";
import { CELLS, MAX_DELIVERIES_PER_S, PLAN } from "../lib/plan.mjs";

/** Cells also run with the Node-proxy injector, to show what that hop adds. */
const PROXY_CELLS = new Set(["10x100", "100x100"]);

/** Every fan-out cell of the plan (or of `--cells`). */
export async function benchFanout(baseline, subscribers) {
  const cells = [];
  for (const { subs, rate } of CELLS ?? PLAN.fanout) {
    if (subs * rate > MAX_DELIVERIES_PER_S) {
      cells.push({ subs, rate, skipped: `over ${MAX_DELIVERIES_PER_S.toLocaleString("en")} deliveries/s` });
      continue;
    }
    const ms = PLAN.fanoutMs(rate);
    const opts = { perSet: subs, rate, ms, drainMs: PLAN.drainMs };
    const cell = await attempt(`fan-out ${subs} × ${rate}/s`, () =>
      onFreshWorker(subscribers, {}, async (worker, product) => {
        const runs = { product: [], baseline: [] };
        for (let r = 0; r < PLAN.repeats; r++) {
          // Alternate which goes first, so drift on the machine does not favour one side.
          const order = r % 2 === 0 ? [product, baseline] : [baseline, product];
          for (const system of order) runs[system.name].push(await fanoutRun(system, subscribers, opts));
        }
        const out = {
          subs,
          rate,
          product: mergeRepeats(runs.product),
          baseline: mergeRepeats(runs.baseline),
          raw: runs,
        };
        if (CELLS === undefined && PROXY_CELLS.has(`${subs}x${rate}`)) {
          const proxy = productViaProxySystem(worker);
          runs.proxy = [];
          for (let r = 0; r < PLAN.repeats; r++) runs.proxy.push(await fanoutRun(proxy, subscribers, opts));
          out.proxy = mergeRepeats(runs.proxy);
        }
        return out;
      }),
    );
    if (cell === undefined) {
      cells.push({ subs, rate, skipped: "harness error (see below)" });
      continue;
    }
    cells.push(cell);
    log(
      `fan-out ${subs} × ${rate}/s: product p50 ${fmt(cell.product.p50)} p99 ${fmt(cell.product.p99)} · baseline p50 ${fmt(cell.baseline.p50)} p99 ${fmt(cell.baseline.p99)} ms`,
    );
  }
  return cells;
}

/**
 * The fan-out cells' rows.
 * @param {Record<string, any>} r the run's results
 * @param {(...cells: string[]) => void} row adds one table row
 */
export function fanoutRows(r, row) {
  if (r.fanout) {
    for (const c of r.fanout) {
      const name = `${c.subs} sub × ${c.rate} ev/s`;
      if (c.skipped) {
        row("fan-out", name, "not run", "not run", "–", c.skipped, "");
        continue;
      }
      const checks = `lost ${c.product.lost}/${c.baseline.lost} · late ${c.product.late}/${c.baseline.late} · dup ${c.product.dup}/${c.baseline.dup} · ${c.product.delivered.toLocaleString("en")} deliveries · ${transport(c.product, c.baseline)}`;
      let target = "";
      if (c.subs === 10 && c.rate === 100)
        target = `p99 ≤ 3× bare: ${verdict(c.product.p99 !== null && c.baseline.p99 !== null && c.product.p99 <= 3 * c.baseline.p99)}`;
      row(
        "fan-out",
        name,
        lat(c.product),
        lat(c.baseline),
        `${ratio(c.product.p50, c.baseline.p50)} · ${ratio(c.product.p99, c.baseline.p99)}`,
        checks,
        target,
      );
      if (c.proxy) {
        const x = c.proxy;
        row(
          "fan-out",
          `${name}, appended from Node via Miniflare's RPC proxy`,
          lat(x),
          lat(c.baseline),
          `${ratio(x.p50, c.baseline.p50)} · ${ratio(x.p99, c.baseline.p99)}`,
          `lost ${x.lost} · late ${x.late} · dup ${x.dup} · append RPC p99 ${fmt(x.append_p99)} ms`,
          "",
        );
      }
    }
  }
}
