/**
 * `npm run bench` — the benchmark suite. Every figure is taken next to a baseline in the
 * same run, because this machine is shared and noisy: ratios travel, absolute numbers
 * less so. Prints one markdown table, writes it to bench/results/latest.md with the raw
 * figures in bench/results/latest.json, and exits 0 whatever the numbers (non-zero only
 * when the harness itself breaks, so CI notices when it rots).
 *
 *   npm run bench                  full suite (about 20 minutes on 2 cores)
 *   npm run bench -- --quick       the short version CI runs (about 2 minutes)
 *   npm run bench -- --only=fanout,replay   a subset: sizes fanout capacity many replay disconnect workflow dev memory
 *   npm run bench -- --only=fanout --cells=10x100,100x100   only these fan-out cells (subscribers x events/s)
 *   npm run bench -- --render=bench/results/latest.json   print an earlier run's table again
 *
 * What each benchmark measures, and how to read it: docs/BENCHMARKS.md.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { startChild } from "./lib/children.mjs";
import { connectInspector } from "./lib/inspector.mjs";
import { baselineSystem, fanoutRun, productSystem, productViaProxySystem } from "./lib/fanout.mjs";
import { openSse } from "./lib/sse.mjs";
import { median, nowMs, sleep, summarize } from "./lib/stats.mjs";
import { BUILD_DIR, ROOT, TMPFS, build, dryRunSize, rssMiB, startWorker } from "./lib/worker.mjs";
// The dev server as the end-to-end tests start it (Node 22 strips the types).
import { freePort, freshState, startDevServer, stopDevServer } from "../test/e2e/server.ts";

// ------------------------------------------------------------------ options

const argv = process.argv.slice(2);
const QUICK = argv.includes("--quick");
const onlyArg = argv.find((a) => a.startsWith("--only="));
const ONLY = onlyArg === undefined ? null : new Set(onlyArg.slice(7).split(","));
const want = (name) => ONLY === null || ONLY.has(name);
/** `--cells=10x100,100x100`: run only these fan-out cells (subscribers x events/s). */
const CELLS = argv
  .find((a) => a.startsWith("--cells="))
  ?.slice(8)
  .split(",")
  .map((c) => {
    const [subs, rate] = c.split("x").map(Number);
    return { subs, rate };
  });
/** `--render=<results.json>`: print the table of an earlier run again, run nothing. */
const RENDER = argv.find((a) => a.startsWith("--render="))?.slice(9) ?? null;

/** Every knob of the two modes in one place. Durations in ms. */
const PLAN = QUICK
  ? {
      mode: "quick",
      repeats: 2,
      fanout: [
        { subs: 1, rate: 100 },
        { subs: 10, rate: 100 },
        { subs: 100, rate: 100 },
      ],
      fanoutMs: () => 3000,
      drainMs: 5000,
      capacity: null,
      many: { sets: 5, perSet: 4, rate: 20, ms: 3000 },
      replayRepeats: 5,
      disconnectRounds: 2,
      workflows: 3,
      concurrentWorkflows: 5,
      memory: { subs: 20, events: 2000, rate: 500, passes: 2, settleMs: 3000 },
      dev: { subs: [10], repeats: 1 },
      watchdogMs: 10 * 60_000,
    }
  : {
      mode: "full",
      repeats: 3,
      fanout: [1, 10, 100, 500].flatMap((subs) => [10, 100, 1000].map((rate) => ({ subs, rate }))),
      // At 10 events/s a 5 s run is only 50 events per subscriber: run longer for a p99.
      fanoutMs: (rate) => (rate <= 10 ? 8000 : 5000),
      drainMs: 10_000,
      capacity: {
        ms: 4000,
        ladders: [
          { rate: 100, subs: [10, 25, 50, 100, 150, 200, 300, 400, 500] },
          { rate: 1000, subs: [1, 5, 10, 20, 40, 60, 100] },
        ],
      },
      many: { sets: 50, perSet: 10, rate: 20, ms: 6000 },
      replayRepeats: 20,
      disconnectRounds: 4,
      workflows: 10,
      concurrentWorkflows: 20,
      // settleMs: past one heartbeat (HEARTBEAT_MS, 15 s), which lets go of departed clients.
      memory: { subs: 100, events: 10_000, rate: 200, passes: 3, settleMs: 17_000 },
      dev: { subs: [10, 100], repeats: 3 },
      watchdogMs: 60 * 60_000,
    };

/**
 * Cells beyond this many deliveries a second are not run: one Node process cannot read
 * 500,000 frames a second, so such a cell would measure the client, and the bare
 * broadcaster would buffer gigabytes for the clients it cannot reach.
 */
const MAX_DELIVERIES_PER_S = 100_000;
/** How long departed clients are left idle (no event, no heartbeat yet) before the run goes on. */
const DISCONNECT_IDLE_MS = 3000;
/** The event rates of the capacity ladders (full mode). */
const PLAN_CAPACITY_RATES = [100, 1000];
/** Latency bound of the capacity search, from the performance budget. */
const CAPACITY_P99_MS = 100;

/** Medians across repeats of one cell, per system. */
function mergeRepeats(runs) {
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
    server_cpu_ms_per_s: median(
      runs.map((r) => (r.server_cpu_ms === null ? null : r.server_cpu_ms / (r.events_per_set / r.rate))),
    ),
  };
}

// ------------------------------------------------------------------ benchmarks

/** A short run that warms a system (JIT, first object, first sockets) before it is measured. */
const WARM = { perSet: 5, rate: 100, ms: 500, drainMs: 3000 };

/** Harness failures met on the way: recorded, shown under the table, and the exit code. */
const failures = [];

/**
 * Runs `fn` on a fresh workerd with the product warmed up, and disposes of it afterwards.
 * Every benchmark (and every fan-out cell) gets its own: what one leaves behind (objects,
 * subscribers the edge has not noticed leaving) must not weigh on the next.
 * @template T
 * @param {import("./lib/children.mjs").Child} subscribers
 * @param {Record<string,string>} vars
 * @param {(worker: Awaited<ReturnType<typeof startWorker>>, product: ReturnType<typeof productSystem>) => Promise<T>} fn
 * @returns {Promise<T>}
 */
async function onFreshWorker(subscribers, vars, fn, storage) {
  const worker = await startWorker({ HITL_TIMEOUT_SECONDS: "0", ...vars }, storage === undefined ? {} : { storage });
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
async function attempt(name, fn) {
  try {
    return await fn();
  } catch (err) {
    failures.push({ name, error: String(err?.stack ?? err) });
    log(`${name} failed: ${err?.message ?? err}`);
    return undefined;
  }
}

/** Cells also run with the Node-proxy injector, to show what that hop adds. */
const PROXY_CELLS = new Set(["10x100", "100x100"]);

async function benchFanout(baseline, subscribers) {
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
async function benchCapacity(system, subscribers) {
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

async function benchMany(baseline, subscribers) {
  const { sets, perSet, rate, ms } = PLAN.many;
  // Independent decision sets do not tick together: their schedules are spread evenly
  // across one interval (a workflow emits when its steps finish, not on a shared clock).
  const opts = { sets, perSet, rate, ms, drainMs: PLAN.drainMs, spread: true };
  const out = {};
  out.product = mergeRepeats([
    await onFreshWorker(subscribers, {}, (_worker, product) => fanoutRun(product, subscribers, opts)),
  ]);
  out.baseline = mergeRepeats([await fanoutRun(baseline, subscribers, opts)]);
  // The same with the objects' SQLite on the local disk (see TMPFS in bench/lib/worker.mjs).
  if (TMPFS !== null)
    out.disk = mergeRepeats([
      await onFreshWorker(subscribers, {}, (_worker, product) => fanoutRun(product, subscribers, opts), "disk"),
    ]);
  for (const name of Object.keys(out))
    log(
      `many ${name} ${sets}×${perSet}×${rate}/s: p50 ${fmt(out[name].p50)} p99 ${fmt(out[name].p99)} ms, lost ${out[name].lost}`,
    );
  return { sets, perSet, rate, ...out };
}

/**
 * Reconnects with Last-Event-ID `cursor` and times request → `caught-up`, checking that
 * exactly the events after the cursor came, in order.
 */
async function timeReplay(baseUrl, id, cursor, last) {
  const headers = cursor === null ? {} : { "last-event-id": String(cursor) };
  const started = nowMs();
  let firstAt = null;
  let snapshot = false;
  let next = (cursor ?? 0) + 1;
  let inOrder = true;
  let bytes = 0;
  let done;
  const caughtUp = new Promise((resolve) => (done = resolve));
  const conn = await openSse(`${baseUrl}/api/streams/${id}`, {
    headers,
    onFrame: (frame) => {
      bytes += frame.data.length;
      if (frame.event === "snapshot") {
        snapshot = true;
        next = Number(frame.id) + 1;
        firstAt ??= nowMs();
        return;
      }
      if (frame.event === "caught-up") {
        done({ at: nowMs(), data: JSON.parse(frame.data).data });
        return;
      }
      if (frame.id === undefined) return;
      firstAt ??= nowMs();
      if (Number(frame.id) !== next) inOrder = false;
      next = Number(frame.id) + 1;
    },
    onEnd: () => done({ at: nowMs(), data: null }),
  });
  const end = await Promise.race([caughtUp, sleep(30_000).then(() => ({ at: nowMs(), data: null }))]);
  conn.close();
  return {
    ms: end.at - started,
    first_ms: firstAt === null ? null : firstAt - started,
    replayed: end.data?.replayed ?? null,
    ok: end.data !== null && inOrder && (last === null || next === last + 1),
    snapshot,
    kib: bytes / 1024,
  };
}

/** A fresh decision set holding `n` reason cards, appended in batches of 200 (the producer's way). */
async function fill(system, id, n, batch = 200) {
  await system.create(id, true);
  await system.fill(id, n, batch);
}

/** Timings and checks of a list of replays. */
const replaySummary = (list) => ({
  ...summarize(list.map((x) => x.ms)),
  first_p50: median(list.map((x) => x.first_ms)),
  replayed: median(list.map((x) => x.replayed)),
  kib: median(list.map((x) => x.kib)),
  failures: list.filter((x) => !x.ok).length,
  snapshot: list.some((x) => x.snapshot),
});

async function benchReplay(baseline, subscribers) {
  // History deep enough to hold 2,000 events, so a cursor 1,000 back replays 1,000 stored events.
  const deep = await startWorker({ HISTORY_MAX: "5000", HISTORY_KEEP: "2500" });
  const product = productSystem(deep);
  const rows = { product: [], baseline: [], snapshot: [] };
  try {
    // Round -1 warms both sides and is not kept.
    for (let r = -1; r < PLAN.replayRepeats; r++) {
      for (const system of [product, baseline]) {
        const id = crypto.randomUUID();
        await fill(system, id, 2000);
        const timing = await timeReplay(system.baseUrl, id, 1000, 2000);
        if (r >= 0) rows[system.name].push(timing);
        await system.drop(id);
      }
    }
  } finally {
    await deep.dispose();
  }
  await onFreshWorker(subscribers, {}, async (_worker, mainProduct) => {
    // The shipped history (HISTORY_MAX 1000, keep 500): a cursor 1,000 back is older than
    // what is retained, so the reconnect gets the snapshot and then the retained tail.
    for (let r = 0; r < Math.min(5, PLAN.replayRepeats); r++) {
      const id = crypto.randomUUID();
      await fill(mainProduct, id, 2000);
      rows.snapshot.push(await timeReplay(mainProduct.baseUrl, id, 1000, 2000));
    }
    // Newcomers (no cursor) to a decision set whose retained history is near HISTORY_MAX
    // (1,975 events appended 25 at a time leave 925 retained behind the snapshot), ten at
    // once while the run goes on at 100 events/s: tabs opened on a busy decision set.
    rows.newcomer = [];
    for (let r = 0; r < Math.min(2, PLAN.replayRepeats); r++) {
      const id = crypto.randomUUID();
      await fill(mainProduct, id, 1975, 25);
      const live = mainProduct.drive([id], 100, 200, Date.now() + 20);
      const joins = await Promise.all(
        Array.from({ length: 10 }, () => timeReplay(mainProduct.baseUrl, id, null, null)),
      );
      await live;
      rows.newcomer.push(...joins);
      rows.newcomerCut = (rows.newcomerCut ?? 0) + ((await mainProduct.stats(id))?.subscribers_cut ?? 0);
    }
  });
  const out = {
    product: replaySummary(rows.product),
    baseline: replaySummary(rows.baseline),
    shipped_history: replaySummary(rows.snapshot),
    newcomer: { ...replaySummary(rows.newcomer), cut_by_object: rows.newcomerCut },
  };
  log(
    `replay 1000: product p50 ${fmt(out.product.p50)} ms · baseline p50 ${fmt(out.baseline.p50)} ms · shipped history (snapshot + tail) p50 ${fmt(out.shipped_history.p50)} ms`,
  );
  return out;
}

/**
 * Departed clients: ten subscribers connect and leave; then the run goes on, first at a
 * workflow's pace (20 single events at 10 a second), then in bursts of 100, until the
 * object no longer counts them (at most 3,000 events), over a few rounds. A Node server
 * sees the socket close at once; the figure is how much traffic a departed client costs.
 */
async function benchDisconnect(product, subscribers) {
  const clients = 10;
  const rounds = [];
  for (let round = 0; round < PLAN.disconnectRounds; round++) {
    const id = crypto.randomUUID();
    await product.create(id);
    await subscribers.call({ type: "open", baseUrl: product.baseUrl, sets: [id], perSet: clients });
    await subscribers.call({ type: "close" });
    const count = async () => (await product.stats(id))?.subscribers ?? null;
    // Idle first: with the shipped HEARTBEAT_MS (15 s) nothing is written to them yet.
    await sleep(DISCONNECT_IDLE_MS);
    const counted = await count();
    await product.drive([id], 10, 20, Date.now());
    let sent = 20;
    let left = await count();
    while (sent < 3000 && left !== 0) {
      await product.drive([id], 1000, 100, Date.now());
      sent += 100;
      await sleep(100);
      left = await count();
    }
    rounds.push({
      counted_after_idle: counted,
      events_until_dropped: left === 0 ? sent : null,
      still_counted: left,
      cut: (await product.stats(id))?.subscribers_cut ?? null,
    });
  }
  const out = { clients, rounds };
  log(
    `disconnect: ${clients} clients left; the object dropped them after ${rounds.map((r) => r.events_until_dropped ?? "> 3000").join(", ")} events`,
  );
  return out;
}

const PROMPT =
  "Image classification for financial documents: scanned invoices and bank statements, " +
  "about 50,000 a day, high availability, PCI-DSS, budget 8,000 USD a month, EU region.";

/**
 * One workflow: POST /api/chat/async, open its stream at once, and time the milestones
 * from the moment the POST was sent.
 */
async function timeWorkflow(baseUrl, worker) {
  const started = nowMs();
  const res = await fetch(`${baseUrl}/api/chat/async`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ messages: [{ role: "user", content: PROMPT }] }),
  });
  const accepted = nowMs();
  if (res.status !== 202) throw new Error(`POST /api/chat/async: ${res.status} ${await res.text()}`);
  const body = await res.json();
  const marks = { accepted: accepted - started, first: null, start: null, complete: null, during: null, open: null };
  // A cheap request sent as the run starts: does a running workflow hold up everything else?
  const during = (async () => {
    const s = nowMs();
    await (await fetch(`${baseUrl}/api/workflow/plan`)).arrayBuffer();
    marks.during = nowMs() - s;
  })();
  let next = 1;
  let ordered = true;
  let events = 0;
  let done;
  const finished = new Promise((resolve) => (done = resolve));
  const conn = await openSse(`${baseUrl}${body.stream_url}`, {
    onFrame: (frame) => {
      if (frame.id === undefined) return;
      const at = nowMs() - started;
      events++;
      if (Number(frame.id) !== next) ordered = false;
      next = Number(frame.id) + 1;
      marks.first ??= at;
      if (frame.event === "workflow-start") marks.start ??= at;
      if (frame.event === "workflow-complete" || frame.event === "workflow-cancelled" || frame.event === "error") {
        if (frame.event === "workflow-complete") marks.complete = at;
        else marks.end_event = frame.event;
        done();
      }
    },
    onEnd: () => done(),
  });
  marks.open = nowMs() - started;
  await Promise.race([finished, sleep(120_000)]);
  await during;
  conn.close();
  let storageBytes = null;
  if (worker !== undefined) {
    const stats = await worker.driver("/stats", { id: body.decision_set_id });
    storageBytes = stats?.storage_bytes ?? null;
  }
  return { ...marks, events, ordered, storage_bytes: storageBytes };
}

/** Summary of one numeric field across runs, ignoring runs that never reached it. */
const pick = (list, key) => summarize(list.map((x) => x[key]).filter((v) => typeof v === "number"));

/**
 * POSTs `body` as JSON to `url` and fails on anything but a 2xx. `jar.cookie` carries the
 * owner cookie the first answer set (the owner answers its own gates).
 */
async function postJson(url, body, jar = {}) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(jar.cookie === undefined ? {} : { cookie: jar.cookie }) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
  const set = res.headers.getSetCookie().map((c) => c.split(";")[0]);
  if (set.length > 0) jar.cookie = set.join("; ");
  return res.json();
}

/**
 * One real offline run watched by `subs` subscribers: the run is started, and when it
 * waits at its first gate the subscribers connect (and catch up); the gate is answered
 * with its defaults, and every later one too, as a person accepting them would. What the
 * subscribers then receive live (the rest of the run, as the workflow emits it) is timed
 * from each event's envelope timestamp, set by the object when it appended the event.
 */
async function gatedRun(baseUrl, subscribers, subs) {
  const jar = {};
  const { decision_set_id: id } = await postJson(
    `${baseUrl}/api/chat/async`,
    { messages: [{ role: "user", content: "An ML platform for our product team." }] },
    jar,
  );
  let firstGate;
  const atFirstGate = new Promise((resolve) => (firstGate = resolve));
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  let gates = 0;
  const answer = (gate, defaults) =>
    gate === "input"
      ? postJson(`${baseUrl}/api/decision-sets/${id}/responses`, { responses: defaults }, jar)
      : postJson(`${baseUrl}/api/decision-sets/${id}/approve`, { decision: "approved" }, jar);
  const control = await openSse(`${baseUrl}/api/streams/${id}`, {
    onFrame: (frame) => {
      let gate = null;
      let defaults = {};
      if (frame.event === "questions-presented") {
        gate = "input";
        defaults = JSON.parse(frame.data).data.smart_defaults;
      } else if (frame.event === "workflow-paused" && JSON.parse(frame.data).data.gate === "final") gate = "final";
      else if (frame.event === "workflow-complete") finish(Number(frame.id));
      if (gate === null) return;
      gates++;
      if (gates === 1) firstGate({ gate, defaults });
      else void answer(gate, defaults).catch(() => undefined);
    },
    onEnd: () => {
      firstGate(null);
      finish(null);
    },
  });
  try {
    const first = await Promise.race([atFirstGate, sleep(60_000).then(() => null)]);
    if (first === null) throw new Error("the run ended or stalled before its first gate");
    const opened = await subscribers.call({ type: "open", baseUrl, sets: [id], perSet: subs }, 180_000);
    await answer(first.gate, first.defaults);
    const last = await Promise.race([finished, sleep(60_000).then(() => null)]);
    if (last === null) throw new Error("the run did not complete");
    const result = await subscribers.call({ type: "collect", expect: { [id]: last }, timeoutMs: 10_000 }, 70_000);
    await subscribers.call({ type: "close" });
    return { ...result, subscribers: opened.subscribers, open_failed: opened.failed, gates, last_seq: last };
  } finally {
    control.close();
  }
}

/**
 * Fan-out through the dev server a developer runs (`vite dev`), next to the same product in
 * Miniflare without it: real offline runs, gates answered by hand (HITL_TIMEOUT_SECONDS as
 * shipped), N subscribers. The dev server cannot be fed by the bench's driver (that would
 * need an endpoint that injects events), so both are fed by the workflow itself.
 */
async function benchDev(subscribers) {
  const { subs: counts, repeats } = PLAN.dev;
  const out = { cells: [] };
  const runOn = async (name, baseUrl, subsCount) => {
    const runs = [];
    for (let r = 0; r < repeats; r++) runs.push(await gatedRun(baseUrl, subscribers, subsCount));
    return {
      p50: median(runs.map((x) => x.latency.p50)),
      p99: median(runs.map((x) => x.latency.p99)),
      max: median(runs.map((x) => x.latency.max)),
      delivered: runs.reduce((n, x) => n + x.latency.count, 0),
      lost: runs.reduce((n, x) => n + x.lost, 0),
      late: runs.reduce((n, x) => n + x.late, 0),
      dup: runs.reduce((n, x) => n + x.dup, 0),
      gates: median(runs.map((x) => x.gates)),
      events_live: median(runs.map((x) => x.latency.count / Math.max(1, x.subscribers))),
      name,
    };
  };
  // The dev server's state (D1, the objects) on the same storage as Miniflare's (see TMPFS).
  const stateDir = freshState(TMPFS ?? undefined);
  const dev = await startDevServer(stateDir).catch((err) => {
    rmSync(stateDir, { recursive: true, force: true });
    throw err;
  });
  const mini = await startWorker({});
  try {
    // A first run on each warms it (JIT, first objects) and is not counted.
    await gatedRun(dev.baseUrl, subscribers, 1);
    await gatedRun(mini.url, subscribers, 1);
    for (const subsCount of counts) {
      const cell = { subs: subsCount };
      cell.dev = await runOn("dev", dev.baseUrl, subsCount);
      cell.miniflare = await runOn("miniflare", mini.url, subsCount);
      out.cells.push(cell);
      log(
        `dev server ${subsCount} sub: p50 ${fmt(cell.dev.p50)} p99 ${fmt(cell.dev.p99)} ms · without it p50 ${fmt(cell.miniflare.p50)} p99 ${fmt(cell.miniflare.p99)} ms`,
      );
    }
  } finally {
    await stopDevServer(dev);
    rmSync(stateDir, { recursive: true, force: true });
    await mini.dispose();
  }
  return out;
}

async function benchWorkflow(worker) {
  // The floor every request pays: a GET through the same Worker (asset router, Hono, no D1).
  const floor = [];
  for (let i = 0; i < 20; i++) {
    const s = nowMs();
    await (await fetch(`${worker.url}/api/workflow/plan`)).arrayBuffer();
    floor.push(nowMs() - s);
  }
  const serial = [];
  for (let i = 0; i < PLAN.workflows; i++) serial.push(await timeWorkflow(worker.url, worker));
  const concurrentStarted = nowMs();
  const concurrent = await Promise.all(
    Array.from({ length: PLAN.concurrentWorkflows }, () => timeWorkflow(worker.url)),
  );
  const concurrentWall = nowMs() - concurrentStarted;
  const out = {
    floor: summarize(floor),
    accepted: pick(serial, "accepted"),
    first: pick(serial, "first"),
    start: pick(serial, "start"),
    complete: pick(serial, "complete"),
    open: pick(serial, "open"),
    during: pick(serial, "during"),
    incomplete: serial.filter((x) => x.complete === null).length,
    unordered: serial.filter((x) => !x.ordered).length,
    events: median(serial.map((x) => x.events)),
    storage_kib: median(serial.map((x) => (x.storage_bytes === null ? null : x.storage_bytes / 1024))),
    concurrent: {
      n: PLAN.concurrentWorkflows,
      wall_ms: concurrentWall,
      first: pick(concurrent, "first"),
      complete: pick(concurrent, "complete"),
      incomplete: concurrent.filter((x) => x.complete === null).length,
    },
  };
  log(
    `workflow: first event p50 ${fmt(out.first.p50)} ms, workflow-start p50 ${fmt(out.start.p50)} ms, complete p50 ${fmt(out.complete.p50)} ms`,
  );
  return out;
}

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

async function benchMemory(subscribers) {
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

/** Worker bundle as wrangler reports it; web JS and CSS gzip, first screen and all. */
async function benchSizes() {
  const worker = await dryRunSize();
  const clientDir = path.join(BUILD_DIR, "client");
  const html = readFileSync(path.join(clientDir, "index.html"), "utf8");
  const firstScreen = new Set([...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]));
  const web = { js_first_kib: 0, css_first_kib: 0, js_all_kib: 0, css_all_kib: 0, files: 0 };
  for (const file of readdirSync(path.join(clientDir, "assets"))) {
    const ext = path.extname(file).slice(1);
    if (ext !== "js" && ext !== "css") continue;
    const kib = gzipSync(readFileSync(path.join(clientDir, "assets", file)), { level: 9 }).length / 1024;
    web[`${ext}_all_kib`] += kib;
    if (firstScreen.has(`assets/${file}`)) web[`${ext}_first_kib`] += kib;
    web.files++;
  }
  log(`sizes: worker ${worker.gzip_kib} KiB gzip, web JS first screen ${fmt(web.js_first_kib)} KiB gzip`);
  return { worker, web };
}

// ------------------------------------------------------------------ the table

function fmt(v, digits = 1) {
  if (v === null || v === undefined || Number.isNaN(v)) return "–";
  if (Math.abs(v) >= 100) return Math.round(v).toLocaleString("en");
  return v.toFixed(digits);
}
const lat = (s) => (s.p50 === null ? "–" : `${fmt(s.p50)} / ${fmt(s.p99)} / ${fmt(s.max)} ms`);
const ratio = (a, b) => (a === null || b === null || b === 0 ? "–" : `×${fmt(a / b)}`);
const verdict = (ok) => (ok ? "met" : "**missed**");
/** Append call → receipt, product / baseline: the path without the producer's own lag. */
const transport = (p, b) =>
  `from the append call p50/p99 ${fmt(p.transport_p50)}/${fmt(p.transport_p99)} vs ${fmt(b.transport_p50)}/${fmt(b.transport_p99)} ms`;

/** Growth of each later memory pass; older results (two passes) carry second_growth_pct. */
const later = (x) => x.later_growth_pct ?? [x.second_growth_pct];

function table(r) {
  const rows = [];
  const row = (...cells) => rows.push(`| ${cells.join(" | ")} |`);
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
  if (r.capacity) {
    // Per ladder, the last step that passed; "≥" when the ladder's top passed too.
    const ladders = (x) =>
      PLAN_CAPACITY_RATES.map((rate) => {
        const steps = x.steps.filter((st) => st.rate === rate);
        const ok = steps.filter((st) => st.ok).at(-1);
        if (ok === undefined) return `at ${rate.toLocaleString("en")} ev/s: none`;
        const top = steps.at(-1)?.ok === true ? "≥ " : "";
        return `at ${rate.toLocaleString("en")} ev/s: ${top}${(ok.subs * rate).toLocaleString("en")}/s (${ok.subs} sub, p99 ${fmt(ok.p99)} ms)`;
      }).join("; ");
    const p = r.capacity.product.best?.deliveries ?? null;
    const at100 = (x) => x.steps.filter((st) => st.rate === 100 && st.ok).at(-1)?.subs ?? null;
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
  if (r.many) {
    const m = r.many;
    row(
      "many sets",
      `${m.sets} sets × ${m.perSet} sub × ${m.rate} ev/s`,
      lat(m.product),
      lat(m.baseline),
      `${ratio(m.product.p50, m.baseline.p50)} · ${ratio(m.product.p99, m.baseline.p99)}`,
      `lost ${m.product.lost}/${m.baseline.lost} · late ${m.product.late}/${m.baseline.late} · ${transport(m.product, m.baseline)} · append call p99 ${fmt(m.product.append_p99)} vs ${fmt(m.baseline.append_p99)} ms · producer behind schedule p99 ${fmt(m.product.lag_p99)} vs ${fmt(m.baseline.lag_p99)} ms · workerd CPU ${fmt(m.product.server_cpu_ms_per_s)} ms/s`,
      m.sets === 50 ? `p99 < 50 ms: ${verdict(m.product.p99 !== null && m.product.p99 < 50)}` : "",
    );
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
  if (r.replay) {
    const p = r.replay.product;
    const b = r.replay.baseline;
    const s = r.replay.shipped_history;
    row(
      "replay",
      "Last-Event-ID 1,000 back → caught-up (HISTORY_MAX 5000)",
      lat(p),
      `${lat(b)} (node:sqlite)`,
      `${ratio(p.p50, b.p50)} · ${ratio(p.p99, b.p99)}`,
      `replayed ${p.replayed} · ${fmt(p.kib)} KiB · failures ${p.failures}/${b.failures}`,
      `< 100 ms: ${verdict(p.p50 !== null && p.p50 < 100)}`,
    );
    row(
      "replay",
      "same cursor, shipped HISTORY_MAX 1000 (snapshot + tail)",
      lat(s),
      "–",
      "–",
      `replayed ${s.replayed} (snapshot ${s.snapshot ? "sent" : "not sent"}) · ${fmt(s.kib)} KiB · failures ${s.failures}`,
      "",
    );
    const n = r.replay.newcomer;
    row(
      "replay",
      "10 newcomers at once, no cursor, 925 retained + snapshot, run live at 100 ev/s",
      lat(n),
      "–",
      "–",
      `caught up ${n.count - n.failures} of ${n.count} · cut as too slow: ${n.cut_by_object} · median ${fmt(n.kib)} KiB received`,
      n.failures > 0 ? "**cut off before caught-up**" : "",
    );
  }
  if (r.disconnect) {
    const d = r.disconnect;
    const counted = d.rounds.map((x) => x.counted_after_idle).join(" / ");
    const until = d.rounds
      .map((x) => (x.events_until_dropped === null ? "> 3,000" : x.events_until_dropped.toLocaleString("en")))
      .join(" / ");
    // The edge learns of a departed browser when it next writes to it (an event or a heartbeat).
    const lingering = d.rounds.some((x) => x.events_until_dropped === null || x.events_until_dropped > 20);
    row(
      "disconnect",
      `${d.clients} clients leave; ${DISCONNECT_IDLE_MS / 1000} s idle, then 20 events at 10/s, then bursts of 100`,
      `still counted after the idle: ${counted}; events until dropped: ${until}`,
      "dropped at once (socket close)",
      "–",
      `dropped by the slow-subscriber cut: ${d.rounds.map((x) => x.cut).join(" / ")}`,
      lingering ? "**departed clients linger**" : "dropped once written to (within 20 events)",
    );
  }
  if (r.dev) {
    for (const c of r.dev.cells) {
      row(
        "dev server",
        `a real run through \`vite dev\`, ${c.subs} sub, after its first gate`,
        lat(c.dev),
        `${lat(c.miniflare)} (Miniflare, no dev proxy)`,
        `${ratio(c.dev.p50, c.miniflare.p50)} · ${ratio(c.dev.p99, c.miniflare.p99)}`,
        `lost ${c.dev.lost}/${c.miniflare.lost} · late ${c.dev.late}/${c.miniflare.late} · dup ${c.dev.dup}/${c.miniflare.dup} · ${fmt(c.dev.events_live, 0)} events live per subscriber · timed from the object's append`,
        "",
      );
    }
  }
  if (r.workflow) {
    const w = r.workflow;
    const f = w.floor;
    row(
      "first event",
      "POST /api/chat/async → first event in the stream",
      lat(w.first),
      `${lat(f)} (GET /api/workflow/plan)`,
      `${ratio(w.first.p50, f.p50)} · ${ratio(w.first.p99, f.p99)}`,
      `202 after p50 ${fmt(w.accepted.p50)} ms`,
      `p50 < 100 ms: ${verdict(w.first.p50 !== null && w.first.p50 < 100)}`,
    );
    row(
      "first event",
      "POST → workflow-start",
      lat(w.start),
      "–",
      "–",
      `${w.first.count} runs · stream headers after p50 ${fmt(w.open.p50)} ms`,
      "",
    );
    row(
      "first event",
      "GET /api/workflow/plan sent as a run starts",
      lat(w.during),
      `${lat(f)} (same, idle)`,
      `${ratio(w.during.p50, f.p50)} · ${ratio(w.during.p99, f.p99)}`,
      "a run holds up other requests while it computes",
      "",
    );
    row(
      "workflow",
      "POST → workflow-complete (offline expert, gates on defaults)",
      lat(w.complete),
      "–",
      "–",
      `${w.events} events · incomplete ${w.incomplete} · out of order ${w.unordered}`,
      `< 2 s: ${verdict(w.complete.p50 !== null && w.complete.p50 < 2000)}`,
    );
    row(
      "workflow",
      `${w.concurrent.n} at once → workflow-complete`,
      lat(w.concurrent.complete),
      "–",
      "–",
      `wall ${fmt(w.concurrent.wall_ms)} ms · incomplete ${w.concurrent.incomplete}`,
      "",
    );
  }
  if (r.sizes) {
    const s = r.sizes;
    row(
      "size",
      "Worker bundle (wrangler deploy --dry-run)",
      `${fmt(s.worker.gzip_kib)} KiB gzip (${fmt(s.worker.upload_kib)} KiB)`,
      "–",
      "–",
      "",
      `< 1 MiB: ${verdict((s.worker.gzip_kib ?? Infinity) < 1024)}`,
    );
    row(
      "size",
      "web JS / CSS, first screen",
      `${fmt(s.web.js_first_kib)} / ${fmt(s.web.css_first_kib)} KiB gzip`,
      "–",
      "–",
      `all assets: ${fmt(s.web.js_all_kib)} / ${fmt(s.web.css_all_kib)} KiB gzip`,
      `JS < 200 KiB: ${verdict(s.web.js_first_kib < 200)}`,
    );
  }
  if (r.workflow?.storage_kib !== undefined)
    row(
      "size",
      "per-decision-set storage after a full run",
      `${fmt(r.workflow.storage_kib)} KiB`,
      "–",
      "–",
      "SQLite database size of the object",
      "",
    );
  if (r.memory) {
    const m = r.memory;
    const pctText = (v) => (v === null ? "–" : `${v >= 0 ? "+" : ""}${fmt(v)} %`);
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
  return [
    "| benchmark | case | product (p50 / p99 / max) | baseline | ratio p50 · p99 | checks | target |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

// ------------------------------------------------------------------ main

/** Read-only git queries (rev-parse, status) in the project. */
const git = (...args) => execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();

/** The commit the build came from, and how many product files differed from it. */
function gitState() {
  try {
    const dirty = git("status", "--porcelain", "--", "worker", "web", "wrangler.toml", "migrations")
      .split("\n")
      .filter(Boolean).length;
    return { head: git("rev-parse", "--short", "HEAD"), dirty };
  } catch {
    return null;
  }
}

function log(line) {
  process.stderr.write(`[bench ${((nowMs() - T0) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
}
const T0 = nowMs();

async function main() {
  const watchdog = setTimeout(() => {
    log(`watchdog: the ${PLAN.mode} run passed ${PLAN.watchdogMs / 60_000} minutes; giving up`);
    process.exit(2);
  }, PLAN.watchdogMs);
  watchdog.unref();

  const results = {
    mode: PLAN.mode,
    started: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model ?? "?",
      mem_gib: Math.round(os.totalmem() / 2 ** 30),
      load_before: os.loadavg().map((x) => Number(x.toFixed(2))),
      node: process.version,
      object_storage: TMPFS === null ? "disk" : `tmpfs (${TMPFS})`,
    },
  };
  results.git = gitState();
  log(`mode ${PLAN.mode}: building the Worker`);
  results.build_ms = (await build()).ms;
  if (want("sizes")) results.sizes = await benchSizes();

  const needServers = ["fanout", "capacity", "many", "replay", "disconnect", "workflow", "dev", "memory"].some(want);
  if (needServers) {
    const bare = await startChild("bare-broadcaster.mjs", { waitFor: "listening" });
    const subscribers = await startChild("subscribers.mjs");
    const baseline = baselineSystem(bare);
    try {
      log(`baseline pid ${bare.pid}; subscribers pid ${subscribers.pid}; each benchmark starts its own workerd`);
      await fanoutRun(baseline, subscribers, WARM);
      if (want("fanout")) results.fanout = await benchFanout(baseline, subscribers);
      if (want("capacity") && PLAN.capacity !== null) {
        results.capacity = await attempt("capacity", async () => ({
          product: await benchCapacity(null, subscribers),
          baseline: await benchCapacity(baseline, subscribers),
        }));
      }
      if (want("many")) results.many = await attempt("many sets", () => benchMany(baseline, subscribers));
      if (want("replay")) results.replay = await attempt("replay", () => benchReplay(baseline, subscribers));
      if (want("disconnect")) {
        results.disconnect = await attempt("disconnect", () =>
          onFreshWorker(subscribers, {}, (_w, product) => benchDisconnect(product, subscribers)),
        );
      }
      if (want("workflow"))
        results.workflow = await attempt("workflow", () =>
          onFreshWorker(subscribers, {}, (worker) => benchWorkflow(worker)),
        );
      if (want("dev")) results.dev = await attempt("dev server", () => benchDev(subscribers));
      if (want("memory")) results.memory = await attempt("memory", () => benchMemory(subscribers));
    } finally {
      await subscribers.stop();
      await bare.stop();
    }
  }
  results.finished = new Date().toISOString();
  results.failures = failures;
  results.load_after = os.loadavg().map((x) => Number(x.toFixed(2)));

  writeReport(results);
}

/** The header and table of a run: printed, and written to bench/results/latest.{md,json} unless re-rendered. */
function writeReport(results, save = true) {
  const repeats = results.mode === "quick" ? 2 : 3;
  const header = [
    `## Benchmark (${PLAN.mode}) — ${results.started.slice(0, 16).replace("T", " ")} UTC`,
    "",
    `${results.machine.cpus} × ${results.machine.cpu}, ${results.machine.mem_gib} GiB, Node ${results.machine.node}; load ${results.machine.load_before.join(" ")} → ${results.load_after.join(" ")}. ` +
      `Product: the Worker built from ${results.git === null ? "this tree" : `${results.git.head}${results.git.dirty > 0 ? ` (+${results.git.dirty} uncommitted files)` : ""}`}, in workerd via Miniflare (no dev proxy), the objects' SQLite on ${results.machine.object_storage ?? "disk"}. Baseline: a bare Node \`http\` SSE broadcaster. ` +
      `Latencies are emit → receipt in SSE clients, medians over ${repeats} repeats; lost/late/dup are product/baseline.`,
    "",
    "",
  ].join("\n");
  const runFailures = results.failures ?? [];
  const failed =
    runFailures.length === 0
      ? ""
      : `\nHarness failures (the exit code is 1):\n${runFailures.map((f) => `- ${f.name}: ${f.error.split("\n")[0]}`).join("\n")}\n`;
  const text = `${header}${table(results)}\n${failed}`;
  process.stdout.write(text);
  if (!save) return;
  const outDir = path.join(ROOT, "bench/results");
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, "latest.md"), text);
  writeFileSync(path.join(outDir, "latest.json"), `${JSON.stringify(results, null, 2)}\n`);
  log(`done in ${((nowMs() - T0) / 1000).toFixed(0)} s; written to bench/results/latest.{md,json}`);
}

if (RENDER !== null) {
  writeReport(JSON.parse(readFileSync(RENDER, "utf8")), false);
  process.exit(0);
}

main().then(
  () => process.exit(failures.length === 0 ? 0 : 1),
  (err) => {
    process.stderr.write(`bench failed: ${err?.stack ?? err}\n`);
    process.exit(1);
  },
);
