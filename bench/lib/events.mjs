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
 * Appends `total` events at `rate` a second from `t0` (epoch ms), on schedule: each turn
 * takes every event that is due, as one batch, and waits for the append to return before
 * the next (one call in flight per decision set, as the product's sink does). Each event
 * carries its scheduled time and the time its append was called (`Date.now()`, the
 * clock both workerd and Node have).
 * @param {(events: object[]) => unknown} append
 * @param {string} id
 * @param {number} rate
 * @param {number} total
 * @param {number} t0
 */
export async function injectOnSchedule(append, id, rate, total, t0) {
  const interval = 1000 / rate;
  const appendMs = [];
  let i = 0;
  while (i < total) {
    const wait = t0 + i * interval - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const now = Date.now();
    const batch = [];
    while (i < total && t0 + i * interval <= now && batch.length < BATCH_MAX) {
      batch.push(reasonCard(id, i, t0 + i * interval, now));
      i++;
    }
    if (batch.length === 0) continue;
    await append(batch);
    appendMs.push(Date.now() - now);
  }
  return { appendMs, endedAt: Date.now() };
}
