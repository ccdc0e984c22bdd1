/**
 * Workflow: real offline runs through the product, from POST to the first event, to
 * workflow-start and to workflow-complete (gates on their defaults at once), one at a
 * time and many at once.
 */
import { fmt, lat, ratio, verdict } from "../lib/format.mjs";
import { log } from "../lib/harness.mjs";
import { PLAN } from "../lib/plan.mjs";
import { openSse } from "../lib/sse.mjs";
import { median, nowMs, sleep, summarize } from "../lib/stats.mjs";

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

/** The request floor, serial runs and concurrent runs on `worker`. */
export async function benchWorkflow(worker) {
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

/**
 * The first-event and workflow rows.
 * @param {Record<string, any>} r the run's results
 * @param {(...cells: string[]) => void} row adds one table row
 */
export function workflowRows(r, row) {
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
}

/**
 * The per-decision-set storage row (listed with the sizes).
 * @param {Record<string, any>} r the run's results
 * @param {(...cells: string[]) => void} row adds one table row
 */
export function storageRows(r, row) {
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
}
