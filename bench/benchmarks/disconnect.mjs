/** Disconnect: what a departed client costs before the product lets go of it. */
import { DISCONNECT_IDLE_MS, PLAN } from "../lib/plan.mjs";
import { log } from "../lib/harness.mjs";
import { sleep } from "../lib/stats.mjs";

/**
 * Departed clients: ten subscribers connect and leave; then the run goes on, first at a
 * workflow's pace (20 single events at 10 a second), then in bursts of 100, until the
 * object no longer counts them (at most 3,000 events), over a few rounds. A Node server
 * sees the socket close at once; the figure is how much traffic a departed client costs.
 */
export async function benchDisconnect(product, subscribers) {
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

/**
 * The disconnect row.
 * @param {Record<string, any>} r the run's results
 * @param {(...cells: string[]) => void} row adds one table row
 */
export function disconnectRows(r, row) {
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
}
