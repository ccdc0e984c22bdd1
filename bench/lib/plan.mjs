/**
 * The bench's command line and every knob of its two modes (`--quick` and full), read
 * once: the benchmarks and the report take their sizes and bounds from here.
 */

const argv = process.argv.slice(2);
export const QUICK = argv.includes("--quick");
const onlyArg = argv.find((a) => a.startsWith("--only="));
export const ONLY = onlyArg === undefined ? null : new Set(onlyArg.slice(7).split(","));
export const want = (name) => ONLY === null || ONLY.has(name);
/** `--cells=10x100,100x100`: run only these fan-out cells (subscribers x events/s). */
export const CELLS = argv
  .find((a) => a.startsWith("--cells="))
  ?.slice(8)
  .split(",")
  .map((c) => {
    const [subs, rate] = c.split("x").map(Number);
    return { subs, rate };
  });
/** `--against=<build dir>`: also run each fan-out cell on another build of the Worker, alternating (before/after). */
export const AGAINST = argv.find((a) => a.startsWith("--against="))?.slice(10) ?? null;
/** `--render=<results.json>`: print the table of an earlier run again, run nothing. */
export const RENDER = argv.find((a) => a.startsWith("--render="))?.slice(9) ?? null;

/** Every knob of the two modes in one place. Durations in ms. */
export const PLAN = QUICK
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
      relay: { subs: [10, 100, 1000], rate: 20, ms: 2000, repeats: 1 },
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
      relay: { subs: [10, 100, 1000], rate: 50, ms: 5000, repeats: 3 },
      watchdogMs: 60 * 60_000,
    };

/**
 * Cells beyond this many deliveries a second are not run: one Node process cannot read
 * 500,000 frames a second, so such a cell would measure the client, and the bare
 * broadcaster would buffer gigabytes for the clients it cannot reach.
 */
export const MAX_DELIVERIES_PER_S = 100_000;
/** How long departed clients are left idle (no event, no heartbeat yet) before the run goes on. */
export const DISCONNECT_IDLE_MS = 3000;
/** The event rates of the capacity ladders (full mode). */
export const PLAN_CAPACITY_RATES = [100, 1000];
/** Latency bound of the capacity search, from the performance budget. */
export const CAPACITY_P99_MS = 100;
