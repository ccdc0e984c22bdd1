/**
 * The object's one alarm, which serves two purposes: while a gate is open it ticks the
 * countdown and fires at the deadline; otherwise, until the workflow ends, it is the
 * watchdog that notices a job whose worker died (the alarm survives the process; the job
 * row in D1 tells whether the job stalled).
 */
import type { Config } from "../config";
import type { OpenGate } from "../contract/gate";

/**
 * What the object owes after it accepted an action, until it is done: `delivery`, a run
 * or an answer that no consumer has claimed yet; `cancel`, a cancel whose job D1 does not
 * yet show as cancelled.
 */
export type Owed = "delivery" | "cancel" | null;

/**
 * How soon the alarm retries work the object owes (a delivery no consumer has claimed, a
 * cancel not yet settled in D1): soon enough that a person never waits on a lost message
 * for long, rare enough to cost one D1 read a few seconds apart while it is owed.
 */
export const OWED_RETRY_MS = 2_000;

/** When the alarm should next fire, or null when it should not (the workflow has ended and owes nothing). */
export function alarmAt(
  state: { ended: boolean; gate: OpenGate | null; owed: Owed },
  config: Pick<Config, "LEASE_MS" | "COUNTDOWN_TICK_MS">,
  now: number,
): number | null {
  if (state.ended) return state.owed === "cancel" ? now + OWED_RETRY_MS : null;
  const watch = state.owed === "delivery" ? Math.min(config.LEASE_MS, OWED_RETRY_MS) : config.LEASE_MS;
  const at = state.gate === null ? now + watch : Math.min(state.gate.deadline_ms, now + config.COUNTDOWN_TICK_MS);
  return Math.max(at, now);
}

/** Sets or clears the alarm for `at`. */
export async function arm(storage: DurableObjectStorage, at: number | null): Promise<void> {
  if (at === null) await storage.deleteAlarm();
  else await storage.setAlarm(at);
}
