/**
 * The events the benchmark appends, and the schedule it appends them on. Runtime-neutral:
 * the in-workerd driver, the bare broadcaster and the Node proxy injector all import it,
 * so the three feed identical payloads on an identical schedule.
 */

const REASONING =
  "Chose a managed feature store because the constraints ask for high availability and PCI-DSS; " +
  "a self-hosted one would need its own private networking, encryption at rest and an on-call rota. " +
  "Latency budget allows a regional endpoint; cost stays inside the stated budget.";

/**
 * A reason card, the product's most common stored event, of a realistic size (~900 bytes
 * on the wire). `outputs.emit_ms` is when the event was due on the producer's schedule
 * (when a workflow would have emitted it), `outputs.sent_ms` when the append carrying it
 * was called: a producer held up by a busy runtime makes the first later, not the second,
 * so timing from the schedule does not hide queueing (coordinated omission).
 * @param {string} decisionSetId
 * @param {number} i
 * @param {number} emitMs
 * @param {number} [sentMs]
 */
export function reasonCard(decisionSetId, i, emitMs, sentMs = emitMs) {
  return {
    type: "reason-card",
    data: {
      agent: "bench",
      node: "bench",
      decision_set_id: decisionSetId,
      timestamp: new Date(emitMs).toISOString(),
      duration_ms: 1,
      reasoning: REASONING,
      decision: `option ${i % 7}`,
      confidence: 0.8,
      category: "architecture",
      priority: "medium",
      inputs: { i },
      outputs: { emit_ms: emitMs, sent_ms: sentMs },
      alternatives_considered: [{ option: "self-hosted", reason_rejected: "operational load" }],
      references: ["docs/ARCHITECTURE.md"],
    },
  };
}

/** A batch never carries more events than this (the product's sink uses the same bound). */
export const BATCH_MAX = 256;

/**
 * Appends `total` events at `rate` a second from `t0` (epoch ms) to each decision set of
 * `ids`, on schedule. One timer drives every set (a timer per set would measure the
 * runtime's timers, not the stream): each turn takes, for every set, every event that is
 * due, as one batch, with at most one append in flight per set (as the product's sink
 * does); a set whose append returns late sends what fell due meanwhile at once. With
 * `spread`, the sets' schedules are offset evenly across one interval instead of ticking
 * together. Each event carries its scheduled time and the time its append was called
 * (`Date.now()`, the clock both workerd and Node have).
 * @param {(id: string) => (events: object[]) => unknown} appendTo
 * @param {string[]} ids
 * @param {number} rate
 * @param {number} total
 * @param {number} t0
 * @param {boolean} [spread]
 * @returns {Promise<{ appendMs: number[], lagMs: number[], endedAt: number }[]>}
 */
export function injectOnSchedule(appendTo, ids, rate, total, t0, spread = false) {
  const interval = 1000 / rate;
  const dueAt = (set) => set.start + set.i * interval;
  const sets = ids.map((id, k) => ({
    id,
    append: appendTo(id),
    start: t0 + (spread ? (k / ids.length) * interval : 0),
    i: 0,
    busy: false,
    appendMs: [],
    /** How late each append was called after its first event was due: the producer's own lag. */
    lagMs: [],
    endedAt: 0,
  }));
  return new Promise((resolve, reject) => {
    let remaining = sets.length;
    let timer = null;
    const send = (set) => {
      const now = Date.now();
      if (set.busy || set.i >= total || dueAt(set) > now) return;
      const due = dueAt(set);
      const batch = [];
      while (set.i < total && dueAt(set) <= now && batch.length < BATCH_MAX) {
        batch.push(reasonCard(set.id, set.i, dueAt(set), now));
        set.i++;
      }
      set.lagMs.push(now - due);
      set.busy = true;
      Promise.resolve(set.append(batch)).then(() => {
        set.busy = false;
        set.appendMs.push(Date.now() - now);
        if (set.i < total) return send(set);
        set.endedAt = Date.now();
        if (--remaining === 0) {
          clearTimeout(timer);
          resolve(sets.map(({ appendMs, lagMs, endedAt }) => ({ appendMs, lagMs, endedAt })));
        }
      }, reject);
    };
    const tick = () => {
      for (const set of sets) send(set);
      // A set with an append in flight sends what is already due when it returns; the
      // timer wakes for the next event that falls due later.
      const now = Date.now();
      let next = Infinity;
      for (const set of sets) {
        if (set.i >= total) continue;
        const due = dueAt(set);
        if (!set.busy || due > now) next = Math.min(next, due);
      }
      timer = setTimeout(tick, next === Infinity ? interval : Math.max(0, next - now));
    };
    tick();
  });
}
