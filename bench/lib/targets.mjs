/**
 * The fan-out budget, stated once: each target, the figure of a run it is judged on, the
 * ratio to the bare broadcaster where it has one, and met or missed. The table rows and
 * the summary under the table both read it from here.
 */
import { fmt, ratio, verdict } from "./format.mjs";

/** p99 within this many times the bare broadcaster's, per fan-out cell (subscribers x events/s). */
export const FANOUT_P99_RATIO = { "10x100": 3, "100x100": 3, "500x100": 2 };
/** The typical load (50 sets × 10 subscribers × 20 events/s): p99 under this, in ms. */
export const MANY_P99_MS = 50;
/**
 * workerd CPU per delivery, appends included, in µs: half of the 45–60 µs measured before
 * the fan-out work. With `--against`, half of the other build's in the same run instead
 * (the absolute figure moves with the host).
 */
export const CPU_US_PER_DELIVERY = 25;

/** The CPU bound of a cell: half the other build's when it ran, else the absolute one. */
function cpuBound(c) {
  const other = c.against?.cpu_us_per_delivery;
  return other === null || other === undefined ? CPU_US_PER_DELIVERY : other / 2;
}
const cpuBoundText = (c) =>
  c.against?.cpu_us_per_delivery == null ? `≤ ${CPU_US_PER_DELIVERY} µs/delivery` : "≤ ½ the other build's";
/** The cells whose CPU per delivery is judged (few subscribers: the per-append cost dominates). */
const CPU_CELLS = new Set(["100x100", "500x100"]);

const cellKey = (c) => `${c.subs}x${c.rate}`;

/** Whether a measured figure is within `bound` (false when there is no figure). */
const within = (v, bound) => v !== null && v !== undefined && v <= bound;

/**
 * The targets one fan-out cell is judged on, as the table's target column.
 * @param {{ subs: number, rate: number, product: any, baseline: any }} c
 */
export function fanoutTarget(c) {
  const parts = [];
  const bound = FANOUT_P99_RATIO[cellKey(c)];
  if (bound !== undefined) {
    const ok = c.product.p99 !== null && c.baseline.p99 !== null && c.product.p99 <= bound * c.baseline.p99;
    parts.push(`p99 ≤ ${bound}× bare: ${verdict(ok)}`);
  }
  if (CPU_CELLS.has(cellKey(c)))
    parts.push(`CPU ${cpuBoundText(c)}: ${verdict(within(c.product.cpu_us_per_delivery, cpuBound(c)))}`);
  return parts.join(" · ");
}

/** The CPU per delivery of a product and its baseline, for a checks column. */
export const cpuText = (p, b) =>
  `CPU ${fmt(p.cpu_us_per_delivery)} vs ${fmt(b.cpu_us_per_delivery)} µs/delivery (workerd vs bare)`;

/**
 * Every target this run has a figure for: what it is, the figure, the ratio, met or missed.
 * @param {Record<string, any>} r the run's results
 * @returns {{ target: string, figure: string, ratio: string, met: boolean }[]}
 */
export function targetResults(r) {
  const out = [];
  for (const c of r.fanout ?? []) {
    if (c.skipped || c.product === undefined) continue;
    const name = `${c.subs} sub × ${c.rate} ev/s`;
    const bound = FANOUT_P99_RATIO[cellKey(c)];
    if (bound !== undefined)
      out.push({
        target: `p99 ≤ ${bound}× the bare broadcaster at ${name}`,
        figure: `${fmt(c.product.p99)} against ${fmt(c.baseline.p99)} ms`,
        ratio: ratio(c.product.p99, c.baseline.p99),
        met: c.product.p99 !== null && c.baseline.p99 !== null && c.product.p99 <= bound * c.baseline.p99,
      });
    if (CPU_CELLS.has(cellKey(c)))
      out.push({
        target: `workerd CPU ${cpuBoundText(c)} at ${name}`,
        figure: `${fmt(c.product.cpu_us_per_delivery)} µs (bare ${fmt(c.baseline.cpu_us_per_delivery)}${c.against === undefined ? "" : `; the other build ${fmt(c.against.cpu_us_per_delivery)}`})`,
        ratio: ratio(c.product.cpu_us_per_delivery, c.baseline.cpu_us_per_delivery),
        met: within(c.product.cpu_us_per_delivery, cpuBound(c)),
      });
    out.push({
      target: `nothing lost or duplicated at ${name}`,
      figure: `lost ${c.product.lost} · late ${c.product.late} · dup ${c.product.dup}`,
      ratio: "–",
      met: c.product.lost === 0 && c.product.late === 0 && c.product.dup === 0,
    });
  }
  const m = r.many;
  if (m?.product !== undefined && m.sets === 50)
    out.push({
      target: `typical load (${m.sets} × ${m.perSet} × ${m.rate}/s) p99 < ${MANY_P99_MS} ms`,
      figure: `p50 ${fmt(m.product.p50)}, p99 ${fmt(m.product.p99)} ms; ${fmt(m.product.cpu_us_per_delivery)} µs CPU/delivery`,
      ratio: ratio(m.product.p99, m.baseline.p99),
      met: m.product.p99 !== null && m.product.p99 < MANY_P99_MS,
    });
  const mem = r.memory?.product;
  if (mem?.ghosts !== undefined)
    out.push({
      target: "the object stops counting departed subscribers within 3 s",
      figure: `${mem.ghosts.join(" / ")} of ${r.memory.subs} still counted`,
      ratio: "–",
      met: mem.ghosts.every((g) => g === 0),
    });
  return out;
}

/** The targets as a markdown table, or "" when the run has none of them. */
export function targetsTable(r) {
  const rows = targetResults(r);
  if (rows.length === 0) return "";
  return [
    "",
    "| target | figure | ratio to bare | |",
    "| --- | --- | --- | --- |",
    ...rows.map((t) => `| ${t.target} | ${t.figure} | ${t.ratio} | ${verdict(t.met)} |`),
    "",
  ].join("\n");
}

const cpuUs = (x) => `${fmt(x.cpu_us_per_delivery)} µs`;

/**
 * The product against the workerd floors (bench/lib/floor-worker.mjs) where they ran: how
 * far the product is from the least its shape costs in workerd, and how far bare Node is
 * from the least any workerd shape costs. A ratio target to bare Node that even the floor
 * misses cannot be met by product code in that shape.
 * @param {Record<string, any>} r the run's results
 */
export function floorTable(r) {
  const cases = [];
  for (const c of r.fanout ?? [])
    if (!c.skipped && c.floors !== undefined)
      cases.push({ name: `${c.subs} sub × ${c.rate} ev/s`, c, bound: FANOUT_P99_RATIO[cellKey(c)] });
  if (r.many?.floors !== undefined && r.many.product !== undefined)
    cases.push({
      name: `${r.many.sets} sets × ${r.many.perSet} sub × ${r.many.rate} ev/s`,
      c: r.many,
      bound: undefined,
    });
  if (cases.length === 0) return "";
  const lines = cases.map(({ name, c, bound }) => {
    const socket = c.floors["floor-socket"];
    const held = c.floors["floor-held"];
    const b = c.baseline;
    const boundText = bound === undefined ? `p99 < ${MANY_P99_MS} ms` : `p99 ≤ ${bound}× bare`;
    return `| ${name} | ${fmt(c.product.p99)} ms · ${cpuUs(c.product)} | ${fmt(socket?.p99)} ms (${ratio(socket?.p99, b.p99)} bare) · ${cpuUs(socket ?? {})} | ${ratio(c.product.p99, socket?.p99)} · ${ratio(c.product.cpu_us_per_delivery, socket?.cpu_us_per_delivery)} | ${fmt(held?.p99)} ms (${ratio(held?.p99, b.p99)} bare) · ${cpuUs(held ?? {})} | ${fmt(b.p99)} ms · ${cpuUs(b)} | ${boundText} |`;
  });
  return [
    "",
    "Against the workerd floor (the least a Worker and an object do in each shape, SQLite insert included):",
    "",
    "| case | product p99 · CPU/delivery | floor of the product's shape | product ÷ that floor (p99 · CPU) | floor with the object holding the streams | bare Node | the target |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...lines,
    "",
  ].join("\n");
}
