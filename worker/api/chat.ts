/** `POST /api/chat/async`: a message starts a workflow at once and answers 202 with where to watch it. */
import { routes } from "../contract/api";
import { createRun, RATE_LIMIT_PERIOD_S } from "../jobs/create-run";
import { ApiError, notFound } from "../http/errors";
import { ownerOf } from "../http/owner";
import { router } from "../http/validate";

export const chat = router().openapi(routes.startChat, async (c) => {
  const body = c.req.valid("json");
  const run = await createRun(c.env, { ownerId: ownerOf(c), threadId: body.thread_id, messages: body.messages });
  if (!run.ok && run.reason === "rate-limited") {
    c.header("retry-after", String(RATE_LIMIT_PERIOD_S));
    throw new ApiError(429, "rate_limited", `too many workflows started; try again in ${RATE_LIMIT_PERIOD_S} s`);
  }
  if (!run.ok) throw notFound("thread");
  return c.json(
    {
      decision_set_id: run.decisionSetId,
      job_id: run.jobId,
      thread_id: run.threadId,
      status: "queued" as const,
      stream_url: `/api/streams/${run.decisionSetId}`,
    },
    202,
  );
});
