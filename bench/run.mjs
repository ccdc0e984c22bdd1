/**
 * `npm run bench` — the benchmark suite. Every figure is taken next to a baseline in the
 * same run, because this machine is shared and noisy: ratios travel, absolute numbers
 * less so. Prints one markdown table, writes it to bench/results/latest.md with the raw
 * figures in bench/results/latest.json, and exits 0 whatever the numbers (non-zero only
 * when the harness itself breaks, so CI notices when it rots).
 *
 *   npm run bench                  full suite (about 15 minutes on 2 cores)
 *   npm run bench -- --quick       the short version CI runs (under 3 minutes)
 *   npm run bench -- --only=fanout,replay   a subset: sizes fanout capacity many replay workflow memory
 *
 * What each benchmark measures, and how to read it: docs/BENCHMARKS.md.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { startChild } from "./lib/children.mjs";
import { reasonCard } from "./lib/events.mjs";
import { baselineSystem, fanoutRun, productSystem, productViaProxySystem } from "./lib/fanout.mjs";
import { openSse } from "./lib/sse.mjs";
import { median, nowMs, sleep, summarize } from "./lib/stats.mjs";
import { BUILD_DIR, ROOT, build, dryRunSize, rssMiB, startWorker } from "./lib/worker.mjs";

// ------------------------------------------------------------------ options

const argv = process.argv.slice(2);
const QUICK = argv.includes("--quick");
const onlyArg = argv.find((a) => a.startsWith("--only="));
const ONLY = onlyArg === undefined ? null : new Set(onlyArg.slice(7).split(","));
const want = (name) => ONLY === null || ONLY.has(name);

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
      workflows: 3,
      concurrentWorkflows: 5,
      memory: { subs: 20, events: 2000, rate: 500 },
      watchdogMs: 10 * 60_000,
    }
  : {
      mode: "full",
      repeats: 3,
      fanout: [1, 10, 100, 500].flatMap((subs) => [10, 100, 1000].map((rate) => ({ subs, rate }))),
      // At 10 events/s a 5 s run is only 50 events per subscriber: run longer for a p99.
      fanoutMs: (rate) => (rate <= 10 ? 8000 : 5000),
      drainMs: 10_000,
      capacity: { ms: 4000, ladders: [{ rate: 100, subs: [10, 25, 50, 100, 150, 200, 300, 400, 500] }, { rate: 1000, subs: [1, 5, 10, 20, 40, 60, 100] }] },
      many: { sets: 50, perSet: 10, rate: 20, ms: 6000 },
      replayRepeats: 20,
      workflows: 10,
      concurrentWorkflows: 20,
      memory: { subs: 100, events: 10_000, rate: 100 },
      watchdogMs: 60 * 60_000,
    };

/**
 * Cells beyond this many deliveries a second are not run: one Node process cannot read
 * 500,000 frames a second, so such a cell would measure the client, and the bare
 * broadcaster would buffer gigabytes for the clients it cannot reach.
 */
const MAX_DELIVERIES_PER_S = 100_000;
/** Latency bound of the capacity search, from the performance issue. */
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
    server_cpu_ms_per_s: median(runs.map((r) => (r.server_cpu_ms === null ? null : r.server_cpu_ms / (r.events_per_set / r.rate)))),
  };
}

// ------------------------------------------------------------------ benchmarks

/** Cells also run with the Node-proxy injector, to show what that hop adds. */
const PROXY_CELLS = new Set(["10x100", "100x100"]);

async function benchFanout(product, baseline, proxy, subscribers) {
  const cells = [];
  for (const { subs, rate } of PLAN.fanout) {
    if (subs * rate > MAX_DELIVERIES_PER_S) {
      cells.push({ subs, rate, skipped: `over ${MAX_DELIVERIES_PER_S.toLocaleString("en")} deliveries/s` });
      continue;
    }
    const ms = PLAN.fanoutMs(rate);
    const runs = { product: [], baseline: [] };
    for (let r = 0; r < PLAN.repeats; r++) {
      // Alternate which goes first, so drift on the machine does not favour one side.
      const order = r % 2 === 0 ? [product, baseline] : [baseline, product];
      for (const system of order) {
        runs[system.name].push(await fanoutRun(system, subscribers, { perSet: subs, rate, ms, drainMs: PLAN.drainMs }));
      }
    }
    const cell = { subs, rate, product: mergeRepeats(runs.product), baseline: mergeRepeats(runs.baseline), raw: runs };
    if (PROXY_CELLS.has(`${subs}x${rate}`)) {
      runs.proxy = [];
      for (let r = 0; r < PLAN.repeats; r++) runs.proxy.push(await fanoutRun(proxy, subscribers, { perSet: subs, rate, ms, drainMs: PLAN.drainMs }));
      cell.proxy = mergeRepeats(runs.proxy);
    }
    cells.push(cell);
    log(`fan-out ${subs} × ${rate}/s: product p50 ${fmt(cell.product.p50)} p99 ${fmt(cell.product.p99)} · baseline p50 ${fmt(cell.baseline.p50)} p99 ${fmt(cell.baseline.p99)} ms`);
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

async function benchCapacity(system, subscribers) {
  const steps = [];
  let best = null;
  for (const ladder of PLAN.capacity.ladders) {
    for (const subs of ladder.subs) {
      const run = await fanoutRun(system, subscribers, { perSet: subs, rate: ladder.rate, ms: PLAN.capacity.ms, drainMs: 5000 });
      const ok = passes(run);
      steps.push({ subs, rate: ladder.rate, ok, p99: run.latency.p99, lost: run.lost, late: run.late, achieved_rate: run.achieved_rate });
      log(`capacity ${system.name} ${subs} × ${ladder.rate}/s: p99 ${fmt(run.latency.p99)} ms, lost ${run.lost}, late ${run.late} → ${ok ? "pass" : "fail"}`);
      if (!ok) break;
      if (best === null || subs * ladder.rate > best.deliveries) best = { subs, rate: ladder.rate, deliveries: subs * ladder.rate, p99: run.latency.p99 };
    }
  }
  return { best, steps };
}

async function benchMany(product, baseline, subscribers) {
  const { sets, perSet, rate, ms } = PLAN.many;
  const out = {};
  for (const system of [product, baseline]) {
    const run = await fanoutRun(system, subscribers, { sets, perSet, rate, ms, drainMs: PLAN.drainMs });
    out[system.name] = mergeRepeats([run]);
    log(`many ${system.name} ${sets}×${perSet}×${rate}/s: p50 ${fmt(run.latency.p50)} p99 ${fmt(run.latency.p99)} ms, lost ${run.lost}`);
  }
  return { sets, perSet, rate, ...out };
}

/**
 * Reconnects with Last-Event-ID `cursor` and times request → `caught-up`, checking that
 * exactly the events after the cursor came, in order.
 */
async function timeReplay(baseUrl, id, cursor, last) {
  const started = nowMs();
  let firstAt = null;
  let snapshot = false;
  let next = cursor + 1;
  let inOrder = true;
  let bytes = 0;
  let done;
  const caughtUp = new Promise((resolve) => (done = resolve));
  const conn = await openSse(`${baseUrl}/api/streams/${id}`, {
    headers: { "last-event-id": String(cursor) },
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
      if (frame.id === null) return;
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
    ok: end.data !== null && inOrder && next === last + 1,
    snapshot,
    kib: bytes / 1024,
  };
}

/** Appends `n` reason cards to a fresh decision set in batches of 200 (the producer's way). */
async function fill(system, id, n, store) {
  const target = await system.create(id, store);
  for (let i = 0; i < n; i += 200) {
    const now = Date.now();
    await target.append(Array.from({ length: Math.min(200, n - i) }, (_, k) => reasonCard(id, i + k, now)));
  }
}

async function benchReplay(baseline, mainProduct) {
  // History deep enough to hold 2,000 events, so a cursor 1,000 back replays 1,000 stored events.
  const deep = await startWorker({ HISTORY_MAX: "5000", HISTORY_KEEP: "2500" });
  const product = productSystem(deep);
  const rows = { product: [], baseline: [], snapshot: [] };
  try {
    for (let r = 0; r < PLAN.replayRepeats; r++) {
      for (const system of [product, baseline]) {
        const id = crypto.randomUUID();
        await fill(system, id, 2000, true);
        rows[system.name].push(await timeReplay(system.baseUrl, id, 1000, 2000));
        await system.drop(id);
      }
    }
  } finally {
    await deep.dispose();
  }
  // The shipped history (HISTORY_MAX 1000, keep 500): a cursor 1,000 back is older than
  // what is retained, so the reconnect gets the snapshot and then the retained tail.
  for (let r = 0; r < Math.min(5, PLAN.replayRepeats); r++) {
    const id = crypto.randomUUID();
    await fill(mainProduct, id, 2000, true);
    rows.snapshot.push(await timeReplay(mainProduct.baseUrl, id, 1000, 2000));
  }
  const sum = (list) => ({
    ...summarize(list.map((x) => x.ms)),
    first_p50: median(list.map((x) => x.first_ms)),
    replayed: median(list.map((x) => x.replayed)),
    kib: median(list.map((x) => x.kib)),
    failures: list.filter((x) => !x.ok).length,
    snapshot: list.some((x) => x.snapshot),
  });
  const out = { product: sum(rows.product), baseline: sum(rows.baseline), shipped_history: sum(rows.snapshot) };
  log(`replay 1000: product p50 ${fmt(out.product.p50)} ms · baseline p50 ${fmt(out.baseline.p50)} ms · shipped history (snapshot + tail) p50 ${fmt(out.shipped_history.p50)} ms`);
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
  const marks = { accepted: accepted - started, first: null, start: null, complete: null };
  let next = 1;
  let ordered = true;
  let events = 0;
  let done;
  const finished = new Promise((resolve) => (done = resolve));
  const conn = await openSse(`${baseUrl}${body.stream_url}`, {
    onFrame: (frame) => {
      if (frame.id === null) return;
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
  await Promise.race([finished, sleep(120_000)]);
  conn.close();
  let storageBytes = null;
  if (worker !== undefined) {
    const stats = await worker.stub(body.decision_set_id).stats();
    storageBytes = stats?.storage_bytes ?? null;
  }
  return { ...marks, events, ordered, storage_bytes: storageBytes };
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
  const concurrent = await Promise.all(Array.from({ length: PLAN.concurrentWorkflows }, () => timeWorkflow(worker.url)));
  const concurrentWall = nowMs() - concurrentStarted;
  const pick = (list, key) => summarize(list.map((x) => x[key]).filter((v) => typeof v === "number"));
  const out = {
    floor: summarize(floor),
    accepted: pick(serial, "accepted"),
    first: pick(serial, "first"),
    start: pick(serial, "start"),
    complete: pick(serial, "complete"),
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
  log(`workflow: first event p50 ${fmt(out.first.p50)} ms, workflow-start p50 ${fmt(out.start.p50)} ms, complete p50 ${fmt(out.complete.p50)} ms`);
  return out;
}

/**
 * Resident memory of the server process before, during (peak) and after `events` events
 * to `subs` subscribers, once they have gone; then the same load again. Growth on the
 * first pass that the second does not repeat is a high-water mark (the heap grew and
 * was kept), growth on both passes is a leak.
 */
async function memoryRun(system, subscribers) {
  const { subs, events, rate } = PLAN.memory;
  const pid = system.pid();
  await sleep(1500);
  const before = rssMiB(pid);
  let peak = before ?? 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid) ?? 0)), 250);
  const passes = [];
  for (let pass = 0; pass < 2; pass++) {
    const run = await fanoutRun(system, subscribers, { perSet: subs, rate, ms: (events / rate) * 1000, drainMs: PLAN.drainMs });
    await sleep(3000);
    passes.push({ after: rssMiB(pid), delivered: run.latency.count, lost: run.lost, late: run.late, p99: run.latency.p99 });
  }
  clearInterval(sampler);
  const pct = (a, b) => (a === null || b === null ? null : ((b - a) / a) * 100);
  return {
    before,
    peak,
    after: passes[0].after,
    after_second: passes[1].after,
    growth_pct: pct(before, passes[0].after),
    second_growth_pct: pct(passes[0].after, passes[1].after),
    delivered: passes[0].delivered + passes[1].delivered,
    lost: passes[0].lost + passes[1].lost,
    late: passes[0].late + passes[1].late,
    p99: passes[0].p99,
  };
}

async function benchMemory(product, baseline, subscribers) {
  const out = { ...PLAN.memory, product: await memoryRun(product, subscribers), baseline: await memoryRun(baseline, subscribers) };
  log(`memory: product ${fmt(out.product.before)} → ${fmt(out.product.after)} MiB (${fmt(out.product.growth_pct)} %)`);
  return out;
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
      const checks = `lost ${c.product.lost}/${c.baseline.lost} · late ${c.product.late}/${c.baseline.late} · dup ${c.product.dup}/${c.baseline.dup} · ${c.product.delivered.toLocaleString("en")} deliveries`;
      let target = "";
      if (c.subs === 10 && c.rate === 100) target = `p99 ≤ 3× bare: ${verdict(c.product.p99 !== null && c.baseline.p99 !== null && c.product.p99 <= 3 * c.baseline.p99)}`;
      row("fan-out", name, lat(c.product), lat(c.baseline), `${ratio(c.product.p50, c.baseline.p50)} · ${ratio(c.product.p99, c.baseline.p99)}`, checks, target);
      if (c.proxy) {
        const x = c.proxy;
        row("fan-out", `${name}, appended from Node via Miniflare's RPC proxy`, lat(x), lat(c.baseline), `${ratio(x.p50, c.baseline.p50)} · ${ratio(x.p99, c.baseline.p99)}`, `lost ${x.lost} · late ${x.late} · dup ${x.dup} · append RPC p99 ${fmt(x.append_p99)} ms`, "");
      }
    }
  }
  if (r.capacity) {
    const b = (x) => (x.best === null ? "none passed" : `${x.best.deliveries.toLocaleString("en")} deliveries/s (${x.best.subs} × ${x.best.rate}/s, p99 ${fmt(x.best.p99)} ms)`);
    const p = r.capacity.product.best?.deliveries ?? null;
    const q = r.capacity.baseline.best?.deliveries ?? null;
    row("capacity", `most deliveries/s, p99 < ${CAPACITY_P99_MS} ms, none lost`, b(r.capacity.product), b(r.capacity.baseline), ratio(p, q), "ladders: subs at 100 and 1,000 ev/s", `≥ 10,000/s: ${verdict((p ?? 0) >= 10_000)}`);
  }
  if (r.many) {
    const m = r.many;
    row("many sets", `${m.sets} sets × ${m.perSet} sub × ${m.rate} ev/s`, lat(m.product), lat(m.baseline), `${ratio(m.product.p50, m.baseline.p50)} · ${ratio(m.product.p99, m.baseline.p99)}`, `lost ${m.product.lost}/${m.baseline.lost} · late ${m.product.late}/${m.baseline.late}`, m.sets === 50 ? `p99 < 50 ms: ${verdict(m.product.p99 !== null && m.product.p99 < 50)}` : "");
  }
  if (r.replay) {
    const p = r.replay.product;
    const b = r.replay.baseline;
    const s = r.replay.shipped_history;
    row("replay", "Last-Event-ID 1,000 back → caught-up (HISTORY_MAX 5000)", lat(p), `${lat(b)} (node:sqlite)`, `${ratio(p.p50, b.p50)} · ${ratio(p.p99, b.p99)}`, `replayed ${p.replayed} · ${fmt(p.kib)} KiB · failures ${p.failures}/${b.failures}`, `< 100 ms: ${verdict(p.p50 !== null && p.p50 < 100)}`);
    row("replay", "same cursor, shipped HISTORY_MAX 1000 (snapshot + tail)", lat(s), "–", "–", `replayed ${s.replayed} (snapshot ${s.snapshot ? "sent" : "not sent"}) · ${fmt(s.kib)} KiB · failures ${s.failures}`, "");
  }
  if (r.workflow) {
    const w = r.workflow;
    const f = w.floor;
    row("first event", "POST /api/chat/async → first event in the stream", lat(w.first), `${lat(f)} (GET /api/workflow/plan)`, `${ratio(w.first.p50, f.p50)} · ${ratio(w.first.p99, f.p99)}`, `202 after p50 ${fmt(w.accepted.p50)} ms`, `p50 < 100 ms: ${verdict(w.first.p50 !== null && w.first.p50 < 100)}`);
    row("first event", "POST → workflow-start", lat(w.start), "–", "–", `${w.first.count} runs`, "");
    row("workflow", "POST → workflow-complete (offline expert, gates on defaults)", lat(w.complete), "–", "–", `${w.events} events · incomplete ${w.incomplete} · out of order ${w.unordered}`, `< 2 s: ${verdict(w.complete.p50 !== null && w.complete.p50 < 2000)}`);
    row("workflow", `${w.concurrent.n} at once → workflow-complete`, lat(w.concurrent.complete), "–", "–", `wall ${fmt(w.concurrent.wall_ms)} ms · incomplete ${w.concurrent.incomplete}`, "");
  }
  if (r.sizes) {
    const s = r.sizes;
    row("size", "Worker bundle (wrangler deploy --dry-run)", `${fmt(s.worker.gzip_kib)} KiB gzip (${fmt(s.worker.upload_kib)} KiB)`, "–", "–", "", `< 1 MiB: ${verdict((s.worker.gzip_kib ?? Infinity) < 1024)}`);
    row("size", "web JS / CSS, first screen", `${fmt(s.web.js_first_kib)} / ${fmt(s.web.css_first_kib)} KiB gzip`, "–", "–", `all assets: ${fmt(s.web.js_all_kib)} / ${fmt(s.web.css_all_kib)} KiB gzip`, `JS < 200 KiB: ${verdict(s.web.js_first_kib < 200)}`);
  }
  if (r.workflow?.storage_kib !== undefined) row("size", "per-decision-set storage after a full run", `${fmt(r.workflow.storage_kib)} KiB`, "–", "–", "SQLite database size of the object", "");
  if (r.memory) {
    const m = r.memory;
    const pctText = (v) => (v === null ? "–" : `${v >= 0 ? "+" : ""}${fmt(v)} %`);
    const mem = (x) => `${fmt(x.before)} → ${fmt(x.after)} MiB (${pctText(x.growth_pct)}; peak ${fmt(x.peak)}; a second pass ${pctText(x.second_growth_pct)})`;
    row("memory", `RSS before → after ${m.events.toLocaleString("en")} events × ${m.subs} sub`, `${mem(m.product)} workerd`, `${mem(m.baseline)} node`, "–", `delivered ${m.product.delivered.toLocaleString("en")} · lost ${m.product.lost} · late ${m.product.late}`, `within 10 %: ${verdict(m.product.growth_pct !== null && Math.abs(m.product.growth_pct) <= 10)}`);
  }
  return [
    "| benchmark | case | product (p50 / p99 / max) | baseline | ratio p50 · p99 | checks | target |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

// ------------------------------------------------------------------ main

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
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? "?", mem_gib: Math.round(os.totalmem() / 2 ** 30), load_before: os.loadavg().map((x) => Number(x.toFixed(2))), node: process.version },
  };
  log(`mode ${PLAN.mode}: building the Worker`);
  results.build_ms = (await build()).ms;
  if (want("sizes")) results.sizes = await benchSizes();

  const needServers = ["fanout", "capacity", "many", "replay", "workflow", "memory"].some(want);
  if (needServers) {
    const worker = await startWorker({ HITL_TIMEOUT_SECONDS: "0" });
    const bare = await startChild("bare-broadcaster.mjs", { waitFor: "listening" });
    const subscribers = await startChild("subscribers.mjs");
    const product = productSystem(worker);
    const baseline = baselineSystem(bare);
    try {
      log(`workerd pid ${worker.pid} at ${worker.url}; baseline pid ${bare.pid}; subscribers pid ${subscribers.pid}`);
      // Warm both sides (JIT, first object, first sockets) before anything is measured.
      await fanoutRun(product, subscribers, { perSet: 5, rate: 100, ms: 500, drainMs: 3000 });
      await fanoutRun(baseline, subscribers, { perSet: 5, rate: 100, ms: 500, drainMs: 3000 });
      if (want("fanout")) results.fanout = await benchFanout(product, baseline, productViaProxySystem(worker), subscribers);
      if (want("capacity") && PLAN.capacity !== null) {
        results.capacity = { product: await benchCapacity(product, subscribers), baseline: await benchCapacity(baseline, subscribers) };
      }
      if (want("many")) results.many = await benchMany(product, baseline, subscribers);
      if (want("replay")) results.replay = await benchReplay(baseline, product);
      if (want("workflow")) results.workflow = await benchWorkflow(worker);
      if (want("memory")) results.memory = await benchMemory(product, baseline, subscribers);
    } catch (err) {
      log(`workerd log tail:\n${worker.logs.slice(-20).join("\n")}`);
      throw err;
    } finally {
      await subscribers.stop();
      await bare.stop();
      await worker.dispose();
    }
  }
  results.finished = new Date().toISOString();
  results.load_after = os.loadavg().map((x) => Number(x.toFixed(2)));

  const header = [
    `## Benchmark (${PLAN.mode}) — ${results.started.slice(0, 16).replace("T", " ")} UTC`,
    "",
    `${results.machine.cpus} × ${results.machine.cpu}, ${results.machine.mem_gib} GiB, Node ${results.machine.node}; load ${results.machine.load_before.join(" ")} → ${results.load_after.join(" ")}. ` +
      `Product: the built Worker in workerd via Miniflare (no dev proxy). Baseline: a bare Node \`http\` SSE broadcaster. ` +
      `Latencies are emit → receipt in SSE clients, medians over ${PLAN.repeats} repeats; lost/late/dup are product/baseline.`,
    "",
    "",
  ].join("\n");
  const text = `${header}${table(results)}\n`;
  const outDir = path.join(ROOT, "bench/results");
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, "latest.md"), text);
  writeFileSync(path.join(outDir, "latest.json"), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(text);
  log(`done in ${((nowMs() - T0) / 1000).toFixed(0)} s; written to bench/results/latest.{md,json}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`bench failed: ${err?.stack ?? err}\n`);
    process.exit(1);
  },
);
