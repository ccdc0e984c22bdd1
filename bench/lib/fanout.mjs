/**
 * The systems under test and one fan-out run against any of them: the product (fed from
 * inside workerd, or from Node through Miniflare's proxy) and the bare baseline.
 */
import { injectOnSchedule, reasonCard } from "./events.mjs";
import { summarize } from "./stats.mjs";
import { cpuMs } from "./worker.mjs";

/**
 * The product: one DecisionSet object per decision set, events appended by its own RPC
 * from the bench driver inside workerd (where the product's queue consumer appends from).
 * @param {Awaited<ReturnType<typeof import("./worker.mjs").startWorker>>} worker
 */
export function productSystem(worker) {
  return {
    name: "product",
    baseUrl: worker.url,
    pid: () => worker.pid,
    create: (id) => worker.driver("/init", { ids: [id] }),
    fill: (id, n, batch = 200) => worker.driver("/fill", { id, n, batch }),
    drive: (ids, rate, total, t0, spread) => worker.driver("/run", { ids, rate, total, t0, spread }),
    stats: (id) => worker.driver("/stats", { id }),
    async drop() {},
  };
}

/**
 * The product fed from Node through Miniflare's binding proxy (`stub.append` over
 * loopback HTTP into workerd): the injection through Miniflare's binding proxy, kept to show what
 * that extra hop adds.
 */
export function productViaProxySystem(worker) {
  const product = productSystem(worker);
  return {
    ...product,
    name: "product-proxy",
    drive: (ids, rate, total, t0, spread) =>
      injectOnSchedule(
        (id) => {
          const stub = worker.stub(id);
          return (events) => stub.append(events);
        },
        ids,
        rate,
        total,
        t0,
        spread,
      ),
  };
}

/**
 * The workerd floor (floor-worker.mjs): the same producer inside workerd, none of the
 * product's code, reached on the Worker's direct socket.
 * @param {Awaited<ReturnType<typeof import("./worker.mjs").startFloor>>} floor
 * @param {string} name
 */
export function floorSystem(floor, name) {
  return {
    name,
    baseUrl: floor.directUrl,
    pid: () => floor.pid,
    create: (id) => floor.driver("/init", { ids: [id] }),
    fill: (id, n, batch = 200) => floor.driver("/fill", { id, n, batch }),
    drive: (ids, rate, total, t0, spread) => floor.driver("/run", { ids, rate, total, t0, spread }),
    stats: (id) => floor.driver("/stats", { id }),
    async drop() {},
  };
}

/** The baseline: the bare Node broadcaster, producing in its own process. */
export function baselineSystem(bare) {
  return {
    name: "baseline",
    baseUrl: `http://127.0.0.1:${bare.port}`,
    pid: () => bare.pid,
    create: (id, store = false) => bare.call({ type: "init", id, store }),
    async fill(id, n, batch = 200) {
      for (let i = 0; i < n; i += batch) {
        const now = Date.now();
        const events = Array.from({ length: Math.min(batch, n - i) }, (_, k) => reasonCard(id, i + k, now));
        await bare.call({ type: "emit", id, events });
      }
    },
    drive: async (ids, rate, total, t0, spread) =>
      (await bare.call({ type: "run", ids, rate, total, t0, spread }, 600_000)).runs,
    async drop(id) {
      await bare.call({ type: "drop", id });
    },
  };
}

/**
 * One fan-out run: `sets` decision sets × `perSet` SSE subscribers, `rate` events/s
 * appended to each for `ms`. Subscribers connect (and are caught up) before the first event.
 */
export async function fanoutRun(system, subscribers, { sets = 1, perSet, rate, ms, drainMs, spread = false }) {
  const ids = Array.from({ length: sets }, () => crypto.randomUUID());
  for (const id of ids) await system.create(id);
  const opened = await subscribers.call({ type: "open", baseUrl: system.baseUrl, sets: ids, perSet }, 180_000);
  const total = Math.max(1, Math.round((rate * ms) / 1000));
  const cpu0 = cpuMs(system.pid());
  const t0 = Date.now() + 50;
  const runs = await system.drive(ids, rate, total, t0, spread);
  const emitEnd = Math.max(...runs.map((r) => r.endedAt));
  const expect = Object.fromEntries(ids.map((id) => [id, total]));
  const result = await subscribers.call({ type: "collect", expect, timeoutMs: drainMs }, drainMs + 60_000);
  const cpu1 = cpuMs(system.pid());
  await subscribers.call({ type: "close" });
  for (const id of ids) await system.drop(id);
  const appendMs = summarize(runs.flatMap((r) => r.appendMs));
  const lagMs = summarize(runs.flatMap((r) => r.lagMs ?? []));
  const emitSeconds = (emitEnd - t0) / 1000;
  return {
    system: system.name,
    sets,
    perSet,
    rate,
    subscribers: opened.subscribers,
    open_failed: opened.failed,
    events_per_set: total,
    achieved_rate: Math.round(total / Math.max(emitSeconds, 0.001)),
    latency: result.latency,
    transport: result.transport,
    expected: result.expected,
    lost: result.lost,
    late: result.late,
    dup: result.dup,
    disconnected: result.disconnected,
    negative_latencies: result.negative,
    append_ms: { p50: appendMs.p50, p99: appendMs.p99, max: appendMs.max, calls: appendMs.count },
    producer_lag_ms: { p50: lagMs.p50, p99: lagMs.p99, max: lagMs.max },
    server_cpu_ms: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0,
    /** The server's CPU (its appends too) over the deliveries it made, in µs. */
    cpu_us_per_delivery:
      cpu0 === null || cpu1 === null || result.latency.count === 0
        ? null
        : ((cpu1 - cpu0) * 1000) / result.latency.count,
  };
}
