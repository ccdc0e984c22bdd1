/**
 * The object's one alarm, which serves two purposes: while a gate is open it ticks the
 * countdown and fires at the deadline; otherwise, until the workflow ends, it is the
 * watchdog that notices a job whose worker died (the alarm survives the process; the job
 * row in D1 tells whether the job stalled).
 */
import type { Config } from "../config";
import type { OpenGate } from "../contract/gate";

/** When the alarm should next fire, or null when it should not (the workflow has ended). */
export function alarmAt(
  state: { ended: boolean; gate: OpenGate | null },
  config: Pick<Config, "LEASE_MS" | "COUNTDOWN_TICK_MS">,
  now: number,
): number | null {
  if (state.ended) return null;
  const at =
    state.gate === null ? now + config.LEASE_MS : Math.min(state.gate.deadline_ms, now + config.COUNTDOWN_TICK_MS);
  return Math.max(at, now);
}

/** Sets or clears the alarm for `at`. */
export async function arm(storage: DurableObjectStorage, at: number | null): Promise<void> {
  if (at === null) await storage.deleteAlarm();
  else await storage.setAlarm(at);
}
