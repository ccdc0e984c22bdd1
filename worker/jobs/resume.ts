/** Re-queues a paused job once its gate has an answer (from a person or the deadline). */
import { db, transitionJob } from "../db/queries";
import type { Logger } from "../log";

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
