/** How a job that failed is settled: retried with backoff, or failed with a final `error` event. */
import { newEvent, type NewEvent } from "../contract/events";
import { db, transitionJob } from "../db/queries";
import type { Logger } from "../log";
import { decisionSetStub } from "../stream/stub";
import { ArtifactLimitError } from "../workflow/artifacts";
import type { EventSink } from "./sink";

/**
 * Settles a run that threw: a cancelled set or a lost lease ends quietly; otherwise the
 * message is retried with backoff and a `job-retry` event, or, at the last attempt or on a
 * failure no retry can cure, the job fails with an `error` event.
 */
export async function settleFailure(args: {
  err: unknown;
  sink: EventSink;
  abort: AbortController;
  env: Env;
  jobId: string;
  owner: string;
  attempt: number;
  maxAttempts: number;
  message: Message;
  /** Backoff before the next delivery. */
  delaySeconds: (attempt: number) => number;
  log: Logger;
}): Promise<void> {
  const { sink, env, jobId, owner, attempt, message, log } = args;
  const d = db(env.DB);
  const reason = args.err instanceof Error ? args.err.message : String(args.err);
  await sink.flush().catch(() => undefined);
  if (sink.ended) {
    await transitionJob(d, jobId, ["running"], "cancelled", { owner });
    log.info("job stopped: decision set ended");
    message.ack();
    return;
  }
  if (args.abort.signal.aborted) {
    // The lease was lost: another worker owns the job now. Leave it alone.
    log.warn("job abandoned: lease lost", { reason });
    message.ack();
    return;
  }
  const stub = decisionSetStub(env, await decisionSetOf(d, jobId));
  if (attempt < args.maxAttempts && !isPermanent(args.err)) {
    const delay = args.delaySeconds(attempt);
    await stub.append([
      newEvent("job-retry", { attempt: attempt + 1, delay_seconds: delay, reason }, `job-retry:${attempt + 1}`),
    ]);
    await transitionJob(d, jobId, ["running"], "queued", { owner, error: reason, decisionSetStatus: "running" });
    log.warn("job failed; retrying", { attempt, delay_seconds: delay, reason });
    message.retry({ delaySeconds: delay });
    return;
  }
  await failJob(env, jobId, reason, attempt, log, owner);
  message.ack();
}

/**
 * Failures that every attempt would meet again, by name: a bundle past the artifact limits,
 * and a fault of the designer's own (pure) rules. Retrying them only delays the report.
 */
const PERMANENT_ERRORS: ReadonlySet<string> = new Set(["ArtifactLimitError", "DesignerError"]);

/** A failure that every attempt would meet again: retrying it only delays the report. */
export function isPermanent(err: unknown): boolean {
  // By name, not class: the error may cross the graph's own error handling as a copy.
  return err instanceof ArtifactLimitError || (err instanceof Error && PERMANENT_ERRORS.has(err.name));
}

async function decisionSetOf(d: ReturnType<typeof db>, jobId: string): Promise<string> {
  const row = await d.query.jobs.findFirst({ where: (j, { eq }) => eq(j.id, jobId) });
  if (row === undefined) throw new Error(`job ${jobId} vanished`);
  return row.decisionSetId;
}

/** Marks a job failed and ends its stream with a final `error` event (once, whoever calls). */
export async function failJob(
  env: Env,
  jobId: string,
  reason: string,
  attempt: number,
  log: Logger,
  owner?: string,
): Promise<void> {
  const d = db(env.DB);
  const moved = await transitionJob(d, jobId, ["running", "queued"], "failed", {
    error: reason,
    ...(owner === undefined ? {} : { owner }),
  });
  const stub = decisionSetStub(env, await decisionSetOf(d, jobId));
  const event: NewEvent = newEvent("error", { message: reason, retryable: false, attempt }, "error:final");
  await stub.append([event]);
  log.error("job failed", { attempt, reason, moved });
}
