/**
 * Structured JSON logs: one line per record, carrying the correlation ids
 * (run_id, thread_id, decision_set_id, job_id) that tie a log line to a trace and a stream.
 */
export interface LogContext {
  run_id?: string;
  thread_id?: string;
  decision_set_id?: string;
  job_id?: string;
  [key: string]: unknown;
}

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof LEVELS;
let threshold: number = LEVELS.info;

/** Sets the lowest level written (LOG_LEVEL); an unknown name keeps `info`. */
export function setLogLevel(name: string | undefined): void {
  threshold = isLevel(name) ? LEVELS[name] : LEVELS.info;
}

function isLevel(name: string | undefined): name is Level {
  return name !== undefined && Object.hasOwn(LEVELS, name);
}

const SECRET_KEYS = /key|token|secret|authorization|cookie|password/i;

function scrub(fields: LogContext): LogContext {
  const out: LogContext = {};
  for (const [k, v] of Object.entries(fields)) out[k] = SECRET_KEYS.test(k) && k !== "job_id" ? "[redacted]" : v;
  return out;
}

function write(level: Level, msg: string, fields: LogContext): void {
  if (LEVELS[level] < threshold) return;
  const line = JSON.stringify({ level, msg, time: new Date().toISOString(), ...scrub(fields) });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

/** A logger bound to a set of correlation ids; `child` adds more. */
export interface Logger {
  info(msg: string, fields?: LogContext): void;
  warn(msg: string, fields?: LogContext): void;
  error(msg: string, fields?: LogContext): void;
  child(fields: LogContext): Logger;
}

/** Creates a logger whose every line carries `base`. */
export function logger(base: LogContext = {}): Logger {
  return {
    info: (msg, fields = {}) => write("info", msg, { ...base, ...fields }),
    warn: (msg, fields = {}) => write("warn", msg, { ...base, ...fields }),
    error: (msg, fields = {}) => write("error", msg, { ...base, ...fields }),
    child: (fields) => logger({ ...base, ...fields }),
  };
}
