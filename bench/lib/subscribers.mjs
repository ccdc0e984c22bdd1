/**
 * The subscriber process (forked by run.mjs): holds N SSE connections per decision set,
 * checks that every subscriber receives every seq once and in order, and measures emit →
 * receipt latency from the emit time embedded in each event. The same process serves
 * the product and the bare baseline, so both pay the same client-side cost.
 *
 * Protocol (IPC): open → opened, collect → result, close → closed.
 */
import { Samples, nowMs, sleep } from "./stats.mjs";
import { numberAfter, openSse, timestampAfter } from "./sse.mjs";

/** Connections opened at once: a burst of 500 would measure the accept queue, not fan-out. */
const OPEN_CONCURRENCY = 25;

/**
 * @typedef {{ set: string, next: number, last: number, dup: number, gaps: number, ended: boolean, live: boolean, conn: import("./sse.mjs").SseConnection|null }} Sub
 */

/** @type {Sub[]} */
let subs = [];
/** Scheduled emit → receipt (the figure), and append call → receipt (the transport alone). */
let samples = new Samples();
let transport = new Samples();
let negative = 0;

/** @param {string} baseUrl @param {string} set @param {Record<string,string>} headers */
async function openOne(baseUrl, set, headers) {
  /** @type {Sub} */
  const sub = { set, next: 1, last: 0, dup: 0, gaps: 0, ended: false, live: false, conn: null };
  let caughtUp;
  const ready = new Promise((resolve) => (caughtUp = resolve));
  sub.conn = await openSse(`${baseUrl}/api/streams/${set}`, {
    headers,
    onFrame: (frame) => {
      if (frame.id === undefined) {
        if (frame.event === "caught-up") {
          const m = /"last_seq":(\d+)/.exec(frame.data);
          sub.next = (m === null ? 0 : Number(m[1])) + 1;
          sub.last = sub.next - 1;
          sub.live = true;
          caughtUp(true);
        }
        return;
      }
      // The replay (and a snapshot) before caught-up is history, not fan-out: not timed.
      if (!sub.live) return;
      const seq = Number(frame.id);
      if (seq < sub.next) {
        sub.dup++;
        return;
      }
      if (seq > sub.next) sub.gaps += seq - sub.next;
      sub.next = seq + 1;
      sub.last = seq;
      const now = nowMs();
      const emitted = numberAfter(frame.data, '"emit_ms":');
      if (Number.isFinite(emitted)) {
        const latency = now - emitted;
        if (latency < 0) negative++;
        samples.push(Math.max(0, latency));
      }
      const sent = numberAfter(frame.data, '"sent_ms":');
      if (Number.isFinite(sent)) transport.push(Math.max(0, now - sent));
      else if (!Number.isFinite(emitted)) {
        // A real run's event carries no schedule: time it from the envelope's timestamp,
        // set by the object when it appended the event (the first "timestamp" in the frame).
        const appended = timestampAfter(frame.data);
        if (Number.isFinite(appended)) {
          samples.push(Math.max(0, now - appended));
          transport.push(Math.max(0, now - appended));
        }
      }
    },
    onEnd: () => {
      sub.ended = true;
      caughtUp(false);
    },
  });
  if (sub.conn.status !== 200) sub.ended = true;
  const ok = sub.ended ? false : await Promise.race([ready, sleep(30_000).then(() => false)]);
  return { sub, ok };
}

/** @param {{ baseUrl: string, sets: string[], perSet: number, headers?: Record<string,string> }} msg */
async function open(msg) {
  const started = nowMs();
  samples = new Samples();
  transport = new Samples();
  negative = 0;
  const jobs = [];
  for (const set of msg.sets) for (let i = 0; i < msg.perSet; i++) jobs.push(set);
  let failed = 0;
  for (let i = 0; i < jobs.length; i += OPEN_CONCURRENCY) {
    const batch = await Promise.allSettled(
      jobs.slice(i, i + OPEN_CONCURRENCY).map((set) => openOne(msg.baseUrl, set, msg.headers ?? {})),
    );
    for (const r of batch) {
      if (r.status === "fulfilled") {
        subs.push(r.value.sub);
        if (!r.value.ok) failed++;
      } else failed++;
    }
  }
  return { type: "opened", subscribers: subs.length, failed, ms: nowMs() - started };
}

/**
 * Waits (bounded) until every subscriber has the last seq of its set, then counts.
 * @param {{ expect: Record<string, number>, timeoutMs: number }} msg
 */
async function collect(msg) {
  const deadline = nowMs() + msg.timeoutMs;
  const complete = () => subs.every((s) => s.ended || s.last >= (msg.expect[s.set] ?? 0));
  while (!complete() && nowMs() < deadline) await sleep(20);
  // lost: skipped seqs, and what a subscriber that was cut off never got; late: what a
  // still-connected subscriber had not received when the wait ran out.
  let lost = 0;
  let late = 0;
  let dup = 0;
  let disconnected = 0;
  let expected = 0;
  for (const s of subs) {
    const want = msg.expect[s.set] ?? 0;
    const missing = Math.max(0, want - s.last);
    expected += want;
    lost += s.gaps + (s.ended ? missing : 0);
    late += s.ended ? 0 : missing;
    dup += s.dup;
    if (s.ended) disconnected++;
  }
  return {
    type: "result",
    latency: samples.summary(),
    transport: transport.summary(),
    expected,
    lost,
    late,
    dup,
    disconnected,
    negative,
  };
}

function close() {
  for (const s of subs) s.conn?.close();
  subs = [];
  samples = new Samples(16);
  transport = new Samples(16);
  return { type: "closed" };
}

process.on("message", async (msg) => {
  try {
    let reply;
    if (msg.type === "open") reply = await open(msg);
    else if (msg.type === "collect") reply = await collect(msg);
    else if (msg.type === "close") reply = close();
    else reply = { type: "error", message: `unknown message ${msg.type}` };
    process.send?.({ ...reply, rid: msg.rid });
  } catch (err) {
    process.send?.({ type: "error", rid: msg.rid, message: String(err?.stack ?? err) });
  }
});
process.on("disconnect", () => process.exit(0));
