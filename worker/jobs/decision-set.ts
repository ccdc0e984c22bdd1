/**
 * The DecisionSet Durable Object as the runtime builds it (wrangler.toml's class): the
 * stream's object, handed the job queue its alarm needs.
 */
import type { Logger } from "../log";
import { DecisionSet } from "../stream/decision-set";
import { deliverOwed, recoverJob, resumeJob, settleCancelled } from "./requeue";

/**
 * The object whose alarm recovers a stalled job, resumes one at its gate's deadline,
 * delivers what it owes and settles a cancel, all through `requeue.ts`.
 */
export class QueuedDecisionSet extends DecisionSet {
  protected override recoverJob(jobId: string, log: Logger): Promise<boolean> {
    return recoverJob(this.env, jobId, log);
  }

  protected override resumeJob(jobId: string, log: Logger): Promise<void> {
    return resumeJob(this.env, jobId, log);
  }

  protected override deliverOwed(jobId: string, log: Logger): Promise<boolean> {
    return deliverOwed(this.env, jobId, log);
  }

  protected override settleCancelled(jobId: string): Promise<void> {
    return settleCancelled(this.env, jobId);
  }
}
