/**
 * Dev server: fan-out through `vite dev` next to the same product in Miniflare, fed by
 * real offline runs answered at their gates.
 */
import { rmSync } from "node:fs";
import { gateAnswerer } from "../../test/support/gates.ts";
// The dev server as the end-to-end tests start it (Node 22 strips the types).
import { freshState, startDevServer, stopDevServer } from "../../test/e2e/server.ts";
import { fmt, lat, ratio } from "../lib/format.mjs";
import { log } from "../lib/harness.mjs";
import { PLAN } from "../lib/plan.mjs";
import { openSse } from "../lib/sse.mjs";
import { median, sleep } from "../lib/stats.mjs";
import { TMPFS, startWorker } from "../lib/worker.mjs";

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
  // The first gate waits for the subscribers to connect; the later ones are answered at once.
  const answer = gateAnswerer(id, async (a) => {
    gates++;
    if (gates === 1) firstGate(a);
    else await postJson(`${baseUrl}${a.path}`, a.body, jar);
  });
  const control = await openSse(`${baseUrl}/api/streams/${id}`, {
    onFrame: (frame) => {
      if (frame.event === "workflow-complete") finish(Number(frame.id));
      else answer(frame);
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
    await postJson(`${baseUrl}${first.path}`, first.body, jar);
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
export async function benchDev(subscribers) {
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

/**
 * The dev-server rows.
 * @param {Record<string, any>} r the run's results
 * @param {(...cells: string[]) => void} row adds one table row
 */
export function devRows(r, row) {
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
}
