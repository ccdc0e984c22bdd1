/**
 * Settings read from the environment (wrangler.toml `[vars]`, `.dev.vars`, secrets),
 * parsed once per use with their units in their names.
 */
import { z } from "zod";

const int = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).catch(fallback);

const ConfigSchema = z.object({
  HEARTBEAT_MS: int(15_000, 10, 3_600_000),
  HISTORY_MAX: int(1000, 10, 100_000),
  HISTORY_KEEP: int(500, 5, 100_000),
  HITL_TIMEOUT_SECONDS: int(300, 0, 86_400),
  JOB_MAX_ATTEMPTS: int(4, 1, 20),
  COUNTDOWN_TICK_MS: int(5_000, 100, 60_000),
  LEASE_MS: int(60_000, 1_000, 900_000),
  RELAY_THRESHOLD: int(100, 0, 1_000_000),
});
export type Config = z.infer<typeof ConfigSchema>;

/** Reads the numeric settings; a missing or malformed value falls back to its default. */
export function readConfig(env: object): Config {
  const config = ConfigSchema.parse(env);
  // HISTORY_KEEP above HISTORY_MAX would make every append trim.
  if (config.HISTORY_KEEP >= config.HISTORY_MAX) config.HISTORY_KEEP = Math.floor(config.HISTORY_MAX / 2);
  return config;
}
