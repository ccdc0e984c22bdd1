/** `GET /api/jobs/:job_id/status`: what a client that cannot stream polls. */
import { Hono } from "hono";
import { z } from "zod";
import { Id } from "../contract/api";
import { db, getJob } from "../db/queries";
import { notFound } from "./errors";
import type { AppEnv } from "./types";
import { valid } from "./validate";

export const jobs = new Hono<AppEnv>().get(
  "/jobs/:job_id/status",
  valid("param", z.object({ job_id: Id })),
  async (c) => {
    const job = await getJob(db(c.env.DB), c.req.valid("param").job_id);
    if (job === undefined) throw notFound("job");
    return c.json({
      job_id: job.id,
      decision_set_id: job.decisionSetId,
      status: job.status,
      attempts: job.attempts,
      ...(job.error === null ? {} : { error: job.error }),
      created_at: new Date(job.createdAt).toISOString(),
      updated_at: new Date(job.updatedAt).toISOString(),
    });
  },
);
