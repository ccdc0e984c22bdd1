import { app } from "./api/app";
import { handleQueue } from "./jobs/consumer";
import type { JobMessage } from "./contract/queue";

export default {
  fetch: app.fetch,
  queue: (batch, env) => handleQueue(batch, env),
} satisfies ExportedHandler<Env, JobMessage>;

export { DecisionSet } from "./stream/decision-set";
