import { app } from "./api/app";
import { handleQueue } from "./jobs/consumer";
import { recoverStalledJobs } from "./jobs/recover";
import type { JobMessage } from "./contract/queue";
import { logger } from "./log";

export default {
  fetch: app.fetch,
  queue: (batch, env) => handleQueue(batch, env),
  scheduled: async (_controller, env) => {
    await recoverStalledJobs(env, logger({ task: "sweep" }));
  },
} satisfies ExportedHandler<Env, JobMessage>;

export { DecisionSet } from "./stream/decision-set";
