/** Reconnect delays: exponential, capped, with jitter so that many tabs do not return in step. */

export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_CAP_MS = 30_000;

/**
 * The wait before reconnect attempt `attempt` (1, 2, 3 …): base·2^(attempt−1) up to the cap,
 * then scaled into its upper half by `random` (0..1), "equal jitter": never near zero, so a
 * server that just restarted is not hit by every client at once.
 */
export function backoffDelay(attempt: number, random: number): number {
  const exp = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + (exp / 2) * Math.min(1, Math.max(0, random)));
}
