/**
 * Numbers for the benchmark: percentiles of latency samples, medians across repeats,
 * and a wall clock that is comparable between processes on one machine.
 */

/**
 * Milliseconds since the epoch, with sub-millisecond resolution. `performance.timeOrigin`
 * is taken from the wall clock when each process starts, so values from the injector, the
 * clients and the bare broadcaster (three processes) can be subtracted from each other.
 * @returns {number}
 */
export function nowMs() {
  return performance.timeOrigin + performance.now();
}

/**
 * A growable buffer of latency samples (a Float64Array, so 2.5 M samples cost 20 MB, not 80).
 */
export class Samples {
  constructor(initial = 1 << 16) {
    this.values = new Float64Array(initial);
    this.length = 0;
  }

  /** @param {number} v */
  push(v) {
    if (this.length === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.length++] = v;
  }

  /**
   * p50 / p90 / p99 / max / mean of the samples (nearest-rank percentiles).
   * @returns {{count: number, p50: number|null, p90: number|null, p99: number|null, max: number|null, mean: number|null}}
   */
  summary() {
    const n = this.length;
    if (n === 0) return { count: 0, p50: null, p90: null, p99: null, max: null, mean: null };
    const sorted = this.values.subarray(0, n).toSorted();
    let sum = 0;
    for (let i = 0; i < n; i++) sum += sorted[i];
    return {
      count: n,
      p50: rank(sorted, 0.5),
      p90: rank(sorted, 0.9),
      p99: rank(sorted, 0.99),
      max: sorted[n - 1],
      mean: sum / n,
    };
  }
}

/** @param {Float64Array|number[]} sorted @param {number} q */
function rank(sorted, q) {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

/**
 * Summary of a plain array of numbers (small sets: request timings, repeats).
 * @param {number[]} xs
 */
export function summarize(xs) {
  const s = new Samples(Math.max(1, xs.length));
  for (const x of xs) s.push(x);
  return s.summary();
}

/**
 * The median of the non-null values, or null. Used across repeats of one cell: the
 * machine is shared and noisy, and one bad repeat should not set the figure.
 * @param {(number|null|undefined)[]} xs
 */
export function median(xs) {
  const v = xs.filter((x) => typeof x === "number" && Number.isFinite(x)).toSorted((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = v.length >> 1;
  return v.length % 2 === 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** @param {number} ms */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
