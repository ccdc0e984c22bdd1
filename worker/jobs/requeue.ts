/**
 * Putting a job back on the queue: for the consumer, the API (an answered gate), the cron
 * sweep, and the DecisionSet object's alarm (a gate's deadline, the watchdog over a worker
 * that died), which is handed these functions (`jobs/decision-set.ts`) so that stream/
 * imports nothing of jobs or D1.
 *
 * Recovery: a queue message can be lost with the process that held it (a local queue
 * lives in memory) and a worker can die mid-run; either way the job row says so:
 * `running` under an expired lease, or `queued` for too long. Re-enqueueing is always
 * safe: the consumer's claim decides, and the run resumes from its last checkpoint.
 */
import { and, eq, lt, or } from "drizzle-orm";
import type { Logger } from "../log";
import { db, getJob, transitionJob } from "../db/queries";
import { jobs } from "../db/schema";

/** A queued job older than this without being claimed is presumed lost. */
export const STALE_QUEUED_MS = 30_000;
/** Most jobs one sweep re-enqueues. */
const SWEEP_MAX = 50;

function isStalled(job: { status: string; leaseExpiresAt: number | null; updatedAt: number }, now: number): boolean {
  if (job.status === "running") return job.leaseExpiresAt !== null && job.leaseExpiresAt < now;
  if (job.status === "queued") return job.updatedAt < now - STALE_QUEUED_MS;
  return false;
}

/** Re-enqueues one job if it is stalled. Returns whether it did. */
export async function recoverJob(env: Env, jobId: string, log: Logger): Promise<boolean> {
  const job = await getJob(db(env.DB), jobId);
  if (job === undefined || !isStalled(job, Date.now())) return false;
  await env.JOBS.send({ job_id: jobId });
  log.warn("stalled job re-enqueued", { job_id: jobId, status: job.status });
  return true;
}

/**
 * Delivers work the object owes its job: a run accepted, or an answer accepted, that no
 * consumer has claimed yet. Whatever happened to the request that accepted it (its queue
 * message lost with the process, or its worker dead between the object's write and the
 * send), the job is enqueued again while it waits (queued or paused) or its lease has
 * expired. The consumer's claim decides, so a delivery that crosses a live one is a no-op.
 * Returns whether it sent.
 */
export async function deliverOwed(env: Env, jobId: string, log: Logger): Promise<boolean> {
  const job = await getJob(db(env.DB), jobId);
  if (job === undefined) return false;
  const waiting = job.status === "queued" || job.status === "paused";
  if (!waiting && !isStalled(job, Date.now())) return false;
  await env.JOBS.send({ job_id: jobId });
  log.info("owed delivery sent", { job_id: jobId, status: job.status });
  return true;
}

/**
 * Settles the job of a cancelled workflow in D1 (the object has already ended it): the
 * object's alarm calls this until it holds, so History never shows a cancelled run as live.
 */
export async function settleCancelled(env: Env, jobId: string): Promise<void> {
  await transitionJob(db(env.DB), jobId, ["queued", "running", "paused"], "cancelled");
}

/** Re-enqueues every stalled job (the cron sweep). */
export async function recoverStalledJobs(env: Env, log: Logger): Promise<number> {
  const now = Date.now();
  const rows = await db(env.DB)
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      or(
        and(eq(jobs.status, "running"), lt(jobs.leaseExpiresAt, now)),
        and(eq(jobs.status, "queued"), lt(jobs.updatedAt, now - STALE_QUEUED_MS)),
      ),
    )
    .limit(SWEEP_MAX)
    .all();
  if (rows.length > 0) await env.JOBS.sendBatch(rows.map((r) => ({ body: { job_id: r.id } })));
  if (rows.length > 0) log.warn("stalled jobs re-enqueued", { count: rows.length });
  return rows.length;
}

/**
 * Moves the job paused → queued and enqueues it. If the job is not paused (its worker is
 * still winding down the invocation that opened the gate), the message is sent anyway:
 * the consumer's claim decides, and the resume value waits in the Durable Object.
 */
export async function resumeJob(env: Env, jobId: string, log: Logger): Promise<void> {
  const moved = await transitionJob(db(env.DB), jobId, ["paused"], "queued", { decisionSetStatus: "running" });
  await env.JOBS.send({ job_id: jobId });
  log.info("job resumed", { job_id: jobId, moved });
}
