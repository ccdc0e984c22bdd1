/**
 * What every benchmark runs inside: the log, the record of harness failures (which set
 * the exit code), a fresh warmed-up workerd per benchmark, and the median of repeats.
 */
import { fanoutRun, floorSystem, productSystem } from "./fanout.mjs";
import { median, nowMs } from "./stats.mjs";
import { startFloor, startWorker } from "./worker.mjs";

const T0 = nowMs();

/** Seconds since the bench started. */
export const elapsedS = () => (nowMs() - T0) / 1000;

/** A progress line on stderr (stdout carries the table). */
export function log(line) {
  process.stderr.write(`[bench ${elapsedS().toFixed(0).padStart(4)} s] ${line}\n`);
}

/** Medians across repeats of one cell, per system. */
export function mergeRepeats(runs) {
  return {
    runs: runs.length,
    p50: median(runs.map((r) => r.latency.p50)),
    p99: median(runs.map((r) => r.latency.p99)),
    max: median(runs.map((r) => r.latency.max)),
    lost: runs.reduce((n, r) => n + r.lost, 0),
    late: runs.reduce((n, r) => n + r.late, 0),
    dup: runs.reduce((n, r) => n + r.dup, 0),
    disconnected: runs.reduce((n, r) => n + r.disconnected, 0),
    delivered: runs.reduce((n, r) => n + r.latency.count, 0),
    expected: runs.reduce((n, r) => n + r.expected, 0),
    achieved_rate: median(runs.map((r) => r.achieved_rate)),
    append_p99: median(runs.map((r) => r.append_ms.p99)),
    lag_p99: median(runs.map((r) => r.producer_lag_ms?.p99 ?? null)),
    transport_p50: median(runs.map((r) => r.transport.p50)),
    transport_p99: median(runs.map((r) => r.transport.p99)),
    cpu_us_per_delivery: median(runs.map((r) => r.cpu_us_per_delivery ?? null)),
    server_cpu_ms_per_s: median(
      runs.map((r) => (r.server_cpu_ms === null ? null : r.server_cpu_ms / (r.events_per_set / r.rate))),
    ),
  };
}

/** A short run that warms a system (JIT, first object, first sockets) before it is measured. */
export const WARM = { perSet: 5, rate: 100, ms: 500, drainMs: 3000 };

/** Harness failures met on the way: recorded, shown under the table, and the exit code. */
export const failures = [];

/**
 * Runs `fn` on a fresh workerd with the product warmed up, and disposes of it afterwards.
 * Every benchmark (and every fan-out cell) gets its own: what one leaves behind (objects,
 * subscribers the edge has not noticed leaving) must not weigh on the next.
 * @template T
 * @param {import("./children.mjs").Child} subscribers
 * @param {Record<string,string>} vars
 * @param {(worker: Awaited<ReturnType<typeof startWorker>>, product: ReturnType<typeof productSystem>) => Promise<T>} fn
 * @returns {Promise<T>}
 */
export async function onFreshWorker(subscribers, vars, fn, storage, configPath) {
  const worker = await startWorker(
    { HITL_TIMEOUT_SECONDS: "0", ...vars },
    { ...(storage === undefined ? {} : { storage }), ...(configPath === undefined ? {} : { configPath }) },
  );
  try {
    const product = productSystem(worker);
    await fanoutRun(product, subscribers, WARM);
    return await fn(worker, product);
  } catch (err) {
    log(`workerd log tail:\n${worker.logs.slice(-10).join("\n")}`);
    throw err;
  } finally {
    await worker.dispose();
  }
}

/**
 * Runs one benchmark; a failure is recorded instead of ending the suite (a long run keeps
 * what it has measured), and makes the exit code non-zero.
 */
export async function attempt(name, fn) {
  try {
    return await fn();
  } catch (err) {
    failures.push({ name, error: String(err?.stack ?? err) });
    log(`${name} failed: ${err?.message ?? err}`);
    return undefined;
  }
}

/**
 * The workerd floors (bench/lib/floor-worker.mjs): the least a Worker and an object can do
 * in each shape, both inserting each event into SQLite before sending it, as the product
 * must. `socket` is the product's shape; `held` the shape it rejected for its cost.
 */
export const FLOORS = [
  {
    name: "floor-socket",
    shape: "socket",
    store: true,
    label: "the product's shape (edge holds the SSE, object sends over hibernatable WebSockets)",
  },
  { name: "floor-held", shape: "held", store: true, label: "the object holds every SSE stream" },
];

/**
 * Runs `fn` with the workerd floors, each on its own fresh workerd and warmed up, and
 * disposes of them afterwards; with `wanted` false, runs `fn` with none.
 * @template T
 * @param {import("./children.mjs").Child} subscribers
 * @param {boolean} wanted
 * @param {(floors: ReturnType<typeof floorSystem>[]) => Promise<T>} fn
 * @returns {Promise<T>}
 */
export async function withFloors(subscribers, wanted, fn) {
  if (!wanted) return fn([]);
  const started = [];
  try {
    const systems = [];
    for (const floor of FLOORS) {
      const instance = await startFloor(floor);
      started.push(instance);
      systems.push(floorSystem(instance, floor.name));
    }
    for (const system of systems) await fanoutRun(system, subscribers, WARM);
    return await fn(systems);
  } finally {
    for (const instance of started) await instance.dispose();
  }
}
