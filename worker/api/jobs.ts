/** `GET /api/jobs/:job_id/status`: what a client that cannot stream polls. */
import { routes } from "../contract/api";
import { JobStatus } from "../contract/status";
import { db, getJob } from "../db/queries";
import { notFound } from "../http/errors";
import { router } from "../http/validate";

export const jobs = router().openapi(routes.jobStatus, async (c) => {
  const job = await getJob(db(c.env.DB), c.req.valid("param").job_id);
  if (job === undefined) throw notFound("job");
  return c.json(
    {
      job_id: job.id,
      decision_set_id: job.decisionSetId,
      // The column is text in D1: parsed, not trusted.
      status: JobStatus.parse(job.status),
      attempts: job.attempts,
      ...(job.error === null ? {} : { error: job.error }),
      created_at: new Date(job.createdAt).toISOString(),
      updated_at: new Date(job.updatedAt).toISOString(),
    },
    200,
  );
});
