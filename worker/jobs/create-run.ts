/**
 * Starting a workflow run, one way for every API that starts one: the rate limit per
 * owner, the thread's previous decision set, the decision set and its job in D1, the
 * object's log, the queue message.
 */
import type { ChatMessage } from "../contract/api";
import { readConfig } from "../config";
import { createDecisionSetWithJob, db, latestOfThread } from "../db/queries";
import { logger } from "../log";
import { decisionSetStub } from "../stream/stub";

/** The period of the JOB_RATE_LIMIT binding (wrangler.toml), the longest a refused client waits. */
export const RATE_LIMIT_PERIOD_S = 10;

/** Longest title kept from the brief. */
const TITLE_MAX_CHARS = 120;

export type CreatedRun =
  | { ok: true; decisionSetId: string; jobId: string; threadId: string }
  | { ok: false; reason: "rate-limited" | "not-owner" };

/**
 * Starts a workflow for `ownerId` on `threadId` (a new thread when it is undefined). A
 * thread whose runs are someone else's is refused with `not-owner`, which a caller shows
 * as not found: a stranger's thread is not revealed.
 */
export async function createRun(
  env: Env,
  args: { ownerId: string; threadId: string | undefined; messages: ChatMessage[] },
): Promise<CreatedRun> {
  const { success } = await env.JOB_RATE_LIMIT.limit({ key: args.ownerId });
  if (!success) return { ok: false, reason: "rate-limited" };
  const d = db(env.DB);
  const threadId = args.threadId ?? crypto.randomUUID();
  let previousId: string | null = null;
  if (args.threadId !== undefined) {
    const previous = await latestOfThread(d, args.threadId);
    if (previous !== undefined && previous.ownerId !== args.ownerId) return { ok: false, reason: "not-owner" };
    previousId = previous?.id ?? null;
  }
  const decisionSetId = crypto.randomUUID();
  const jobId = crypto.randomUUID();
  const lastUser = args.messages.filter((m) => m.role === "user").at(-1)?.content ?? "";
  await createDecisionSetWithJob(d, {
    decisionSetId,
    jobId,
    threadId,
    ownerId: args.ownerId,
    previousId,
    title: lastUser.replace(/\s+/g, " ").slice(0, TITLE_MAX_CHARS),
    payload: { messages: args.messages, thread_id: threadId, previous_id: previousId },
    maxAttempts: readConfig(env).JOB_MAX_ATTEMPTS,
  });
  await decisionSetStub(env, decisionSetId).init({
    decision_set_id: decisionSetId,
    job_id: jobId,
    thread_id: threadId,
  });
  await env.JOBS.send({ job_id: jobId });
  logger({ decision_set_id: decisionSetId, job_id: jobId, thread_id: threadId }).info("job accepted");
  return { ok: true, decisionSetId, jobId, threadId };
}
