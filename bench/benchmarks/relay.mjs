/**
 * Relay tier: N subscribers on one decision set, fed directly by the home object
 * (RELAY_THRESHOLD above N) and through StreamRelay objects (RELAY_THRESHOLD 0), in the
 * same run, one fresh workerd per side. Reads the home object's fan-out counters after
 * each run: the messages it sent per batch, which through relays is the number of relays
 * (one message per socket per batch; a batch carries every event that fell due).
 */
import { fanoutRun } from "../lib/fanout.mjs";
import { fmt, lat, ratio } from "../lib/format.mjs";
import { log, mergeRepeats, onFreshWorker } from "../lib/harness.mjs";
import { PLAN } from "../lib/plan.mjs";

/** RELAY_SUBSCRIBERS_MAX of worker/stream/relay-route.ts: the relays N subscribers need is ceil(N / it). */
const RELAY_SUBSCRIBERS_MAX = 500;

const SIDES = { direct: { RELAY_THRESHOLD: "1000000" }, relay: { RELAY_THRESHOLD: "0" } };

/**
 * The product with the home object's counters kept: read just before each decision set is
 * dropped (the subscribers have gone, the counters stay until the object sleeps).
 */
function counted(product, homes) {
  return {
    ...product,
    async drop(id) {
      homes.push(await product.stats(id));
    },
  };
}

/** Every cell of PLAN.relay on each side. */
export async function benchRelay(subscribers) {
  const { subs, rate, ms, repeats } = PLAN.relay;
  const opts = (perSet) => ({ perSet, rate, ms, drainMs: PLAN.drainMs });
  const out = { rate, ms, cells: subs.map((n) => ({ subs: n })) };
  for (const [side, vars] of Object.entries(SIDES)) {
    await onFreshWorker(subscribers, vars, async (_worker, product) => {
      for (const cell of out.cells) {
        const homes = [];
        const system = counted(product, homes);
        const runs = [];
        for (let r = 0; r < repeats; r++) runs.push(await fanoutRun(system, subscribers, opts(cell.subs)));
        const sends = homes.reduce((n, h) => n + h.fanout_sends, 0);
        const events = homes.reduce((n, h) => n + h.stored, 0);
        const batches = homes.reduce((n, h) => n + h.fanout_batches, 0);
        const deliveries = runs.reduce((n, x) => n + x.latency.count, 0);
        const cpu = runs.reduce((n, x) => (x.server_cpu_ms === null || n === null ? null : n + x.server_cpu_ms), 0);
        cell[side] = {
          ...mergeRepeats(runs),
          sends_per_event: events === 0 ? null : sends / events,
          sends_per_batch: batches === 0 ? null : sends / batches,
          relays: side === "relay" ? Math.ceil(cell.subs / RELAY_SUBSCRIBERS_MAX) : 0,
          cpu_us_per_delivery: cpu === null || deliveries === 0 ? null : (cpu * 1000) / deliveries,
        };
        log(
          `relay ${cell.subs} subs ${side}: sends/event ${fmt(cell[side].sends_per_event)} · p50 ${fmt(cell[side].p50)} p99 ${fmt(cell[side].p99)} ms · lost ${cell[side].lost} dup ${cell[side].dup}`,
        );
      }
    });
  }
  return out;
}

/**
 * The relay rows.
 * @param {Record<string, any>} r the run's results
 * @param {(...cells: string[]) => void} row adds one table row
 */
export function relayRows(r, row) {
  if (!r.relay) return;
  for (const c of r.relay.cells) {
    const { relay, direct } = c;
    if (relay === undefined || direct === undefined) continue;
    row(
      "relay",
      `${c.subs.toLocaleString("en")} sub × ${r.relay.rate} ev/s, through relays vs direct`,
      lat(relay),
      `${lat(direct)} (direct)`,
      `${ratio(relay.p50, direct.p50)} · ${ratio(relay.p99, direct.p99)}`,
      `home sends per batch ${fmt(relay.sends_per_batch, 2)} vs ${fmt(direct.sends_per_batch, 2)} (per event ${fmt(relay.sends_per_event, 2)} vs ${fmt(direct.sends_per_event, 2)}: a batch carries every event due) · added by the relay hop p50/p99 ${fmt(relay.p50 - direct.p50)}/${fmt(relay.p99 - direct.p99)} ms · lost ${relay.lost}/${direct.lost} · late ${relay.late}/${direct.late} · dup ${relay.dup}/${direct.dup} · workerd CPU per delivery ${fmt(relay.cpu_us_per_delivery)} vs ${fmt(direct.cpu_us_per_delivery)} µs`,
      `home sends per batch = relays (${relay.relays}): ${relay.sends_per_batch === relay.relays ? "met" : "**missed**"}`,
    );
  }
}
