/**
 * Fan-out: N subscribers on one decision set at R events a second, the product next to
 * the bare Node broadcaster, each cell on a fresh workerd, repeats alternating sides.
 */
import { fanoutRun, productViaProxySystem } from "../lib/fanout.mjs";
import { fmt, lat, ratio, transport } from "../lib/format.mjs";
import { FLOORS, attempt, log, mergeRepeats, onFreshWorker, withFloors } from "../lib/harness.mjs";
import { AGAINST, CELLS, MAX_DELIVERIES_PER_S, PLAN } from "../lib/plan.mjs";
import { FANOUT_P99_RATIO, cpuText, fanoutTarget } from "../lib/targets.mjs";
import { workerConfigOf } from "../lib/worker.mjs";

/** Cells also run with the Node-proxy injector, to show what that hop adds. */
const PROXY_CELLS = new Set(["10x100", "100x100"]);

/**
 * Runs `fn` with the product of another build (`--against`) on its own fresh workerd, or
 * with null when none was asked for.
 */
async function withAgainst(subscribers, fn) {
  if (AGAINST === null) return fn(null);
  return onFreshWorker(
    subscribers,
    {},
    (_worker, other) => fn({ ...other, name: "against" }),
    undefined,
    workerConfigOf(AGAINST),
  );
}

/** The Node-proxy repeats of the cells that show them (not with `--cells`). */
async function withProxy(worker, subscribers, opts, out, runs) {
  if (CELLS !== undefined || !PROXY_CELLS.has(`${out.subs}x${out.rate}`)) return out;
  const proxy = productViaProxySystem(worker);
  runs.proxy = [];
  for (let r = 0; r < PLAN.repeats; r++) runs.proxy.push(await fanoutRun(proxy, subscribers, opts));
  return { ...out, proxy: mergeRepeats(runs.proxy) };
}

/** The floors' merged repeats, by floor name, when they ran. */
export function floorsOf(runs) {
  const floors = {};
  for (const { name } of FLOORS) if (runs[name] !== undefined) floors[name] = mergeRepeats(runs[name]);
  return Object.keys(floors).length === 0 ? {} : { floors };
}

/**
 * The rows of the workerd floors of a cell (or of the many-sets run), after its product row.
 * @param {string} bench
 * @param {string} name
 * @param {any} c the cell: product, baseline, floors
 * @param {(...cells: string[]) => void} row
 */
export function floorRows(bench, name, c, row) {
  for (const { name: key, label } of FLOORS) {
    const x = c.floors?.[key];
    if (x === undefined) continue;
    row(
      bench,
      `${name}, workerd floor: ${label}`,
      lat(x),
      lat(c.baseline),
      `${ratio(x.p50, c.baseline.p50)} · ${ratio(x.p99, c.baseline.p99)}`,
      `lost ${x.lost} · late ${x.late} · dup ${x.dup} · ${cpuText(x, c.baseline)} · the product against it: p99 ${ratio(c.product.p99, x.p99)}, CPU ${ratio(c.product.cpu_us_per_delivery, x.cpu_us_per_delivery)}`,
      "",
    );
  }
}

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
      onFreshWorker(subscribers, {}, async (worker, product) =>
        withAgainst(subscribers, (against) =>
          withFloors(subscribers, FANOUT_P99_RATIO[`${subs}x${rate}`] !== undefined, async (floors) => {
            const systems = [product, ...(against === null ? [] : [against]), ...floors, baseline];
            const runs = Object.fromEntries(systems.map((system) => [system.name, []]));
            for (let r = 0; r < PLAN.repeats; r++) {
              // Alternate the order, so drift on the machine does not favour one side.
              const order = r % 2 === 0 ? systems : systems.toReversed();
              for (const system of order) runs[system.name].push(await fanoutRun(system, subscribers, opts));
            }
            return runs;
          }),
        ).then(async (runs) => {
          const out = {
            subs,
            rate,
            product: mergeRepeats(runs.product),
            baseline: mergeRepeats(runs.baseline),
            ...(runs.against === undefined ? {} : { against: mergeRepeats(runs.against), against_build: AGAINST }),
            ...floorsOf(runs),
            raw: runs,
          };
          return withProxy(worker, subscribers, opts, out, runs);
        }),
      ),
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
      const checks = `lost ${c.product.lost}/${c.baseline.lost} · late ${c.product.late}/${c.baseline.late} · dup ${c.product.dup}/${c.baseline.dup} · ${c.product.delivered.toLocaleString("en")} deliveries · ${transport(c.product, c.baseline)} · ${cpuText(c.product, c.baseline)}`;
      const target = fanoutTarget(c);
      row(
        "fan-out",
        name,
        lat(c.product),
        lat(c.baseline),
        `${ratio(c.product.p50, c.baseline.p50)} · ${ratio(c.product.p99, c.baseline.p99)}`,
        checks,
        target,
      );
      floorRows("fan-out", name, c, row);
      if (c.against) {
        const x = c.against;
        row(
          "fan-out",
          `${name}, the other build (${c.against_build})`,
          lat(x),
          lat(c.baseline),
          `${ratio(x.p50, c.baseline.p50)} · ${ratio(x.p99, c.baseline.p99)}`,
          `lost ${x.lost} · late ${x.late} · dup ${x.dup} · ${cpuText(x, c.baseline)} · this build's p99 against it ${ratio(c.product.p99, x.p99)}`,
          "",
        );
      }
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
