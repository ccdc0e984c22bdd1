/**
 * Replay: a reconnect with Last-Event-ID 1,000 events back, timed to `caught-up`; with
 * deep history, with the shipped history (snapshot and tail), and for newcomers.
 */
import { fmt, lat, ratio, verdict } from "../lib/format.mjs";
import { log, onFreshWorker } from "../lib/harness.mjs";
import { PLAN } from "../lib/plan.mjs";
import { openSse } from "../lib/sse.mjs";
import { median, nowMs, sleep, summarize } from "../lib/stats.mjs";
import { productSystem } from "../lib/fanout.mjs";
import { startWorker } from "../lib/worker.mjs";

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

/** Every replay case, product next to the baseline where it has one. */
export async function benchReplay(baseline, subscribers) {
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
 * The replay rows.
 * @param {Record<string, any>} r the run's results
 * @param {(...cells: string[]) => void} row adds one table row
 */
export function replayRows(r, row) {
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
}
