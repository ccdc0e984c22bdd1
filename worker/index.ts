import { app } from "./api/app";
import { handleQueue } from "./jobs/consumer";
import { recoverStalledJobs } from "./jobs/requeue";
import type { JobMessage } from "./contract/queue";
import { logger, setLogLevel } from "./log";

export default {
  fetch: (request, env, ctx) => {
    setLogLevel(env.LOG_LEVEL);
    return app.fetch(request, env, ctx);
  },
  queue: (batch, env) => {
    setLogLevel(env.LOG_LEVEL);
    return handleQueue(batch, env);
  },
  scheduled: async (_controller, env) => {
    setLogLevel(env.LOG_LEVEL);
    await recoverStalledJobs(env, logger({ task: "sweep" }));
  },
} satisfies ExportedHandler<Env, JobMessage>;

export { QueuedDecisionSet as DecisionSet } from "./jobs/decision-set";
export { StreamRelay } from "./stream/relay";
