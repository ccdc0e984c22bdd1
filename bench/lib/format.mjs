/** Number formatting for the bench's log lines and its table. */

/** `v` with `digits` decimals (whole and grouped from 100 up), or "–" when there is none. */
export function fmt(v, digits = 1) {
  if (v === null || v === undefined || Number.isNaN(v)) return "–";
  if (Math.abs(v) >= 100) return Math.round(v).toLocaleString("en");
  return v.toFixed(digits);
}
export const lat = (s) => (s.p50 === null ? "–" : `${fmt(s.p50)} / ${fmt(s.p99)} / ${fmt(s.max)} ms`);
export const ratio = (a, b) => (a === null || b === null || b === 0 ? "–" : `×${fmt(a / b)}`);
export const verdict = (ok) => (ok ? "met" : "**missed**");
/** Append call → receipt, product / baseline: the path without the producer's own lag. */
export const transport = (p, b) =>
  `from the append call p50/p99 ${fmt(p.transport_p50)}/${fmt(p.transport_p99)} vs ${fmt(b.transport_p50)}/${fmt(b.transport_p99)} ms`;
