/** `POST /api/chat/async`: a message starts a workflow at once and answers 202 with where to watch it. */
import { routes } from "../contract/api";
import { readConfig } from "../config";
import { createDecisionSetWithJob, db, latestOfThread } from "../db/queries";
import { logger } from "../log";
import { decisionSetStub } from "../stream/stub";
import { ApiError, notFound } from "./errors";
import { ownerOf } from "./owner";
import { router } from "./validate";

/** The period of the JOB_RATE_LIMIT binding (wrangler.toml), the longest a refused client waits. */
const RATE_LIMIT_PERIOD_S = 10;

export const chat = router().openapi(routes.startChat, async (c) => {
  const body = c.req.valid("json");
  const owner = ownerOf(c);
  const { success } = await c.env.JOB_RATE_LIMIT.limit({ key: owner });
  if (!success) {
    c.header("retry-after", String(RATE_LIMIT_PERIOD_S));
    throw new ApiError(429, "rate_limited", `too many workflows started; try again in ${RATE_LIMIT_PERIOD_S} s`);
  }
  const d = db(c.env.DB);
  const threadId = body.thread_id ?? crypto.randomUUID();
  let previousId: string | null = null;
  if (body.thread_id !== undefined) {
    const previous = await latestOfThread(d, body.thread_id);
    // Someone else's thread is not revealed, only refused.
    if (previous !== undefined && previous.ownerId !== owner) throw notFound("thread");
    previousId = previous?.id ?? null;
  }
  const decisionSetId = crypto.randomUUID();
  const jobId = crypto.randomUUID();
  const lastUser = body.messages.filter((m) => m.role === "user").at(-1)?.content ?? "";
  const title = lastUser.replace(/\s+/g, " ").slice(0, 120);
  await createDecisionSetWithJob(d, {
    decisionSetId,
    jobId,
    threadId,
    ownerId: owner,
    previousId,
    title,
    payload: { messages: body.messages, thread_id: threadId, previous_id: previousId },
    maxAttempts: readConfig(c.env).JOB_MAX_ATTEMPTS,
  });
  await decisionSetStub(c.env, decisionSetId).init({
    decision_set_id: decisionSetId,
    job_id: jobId,
    thread_id: threadId,
  });
  await c.env.JOBS.send({ job_id: jobId });
  logger({ decision_set_id: decisionSetId, job_id: jobId, thread_id: threadId }).info("job accepted");
  return c.json(
    {
      decision_set_id: decisionSetId,
      job_id: jobId,
      thread_id: threadId,
      status: "queued" as const,
      stream_url: `/api/streams/${decisionSetId}`,
    },
    202,
  );
});
