/**
 * The producer inside workerd: a bench-only Worker, next to the product in the same
 * Miniflare instance, bound to the product's DecisionSet class. It appends by the
 * object's own `append` RPC from inside the runtime, as the product's queue consumer
 * does, so no Node-to-workerd hop sits on the measured path. Reached only through
 * Miniflare's `getWorker`, never over the network: the product gains no endpoint.
 */
import { injectOnSchedule } from "./events.mjs";

export default {
  /**
   * POST {ids, rate, total, t0}: runs one schedule per decision set, concurrently, and
   * answers with how long each append took.
   */
  async fetch(request, env) {
    const { ids, rate, total, t0 } = await request.json();
    const runs = await Promise.all(
      ids.map((id) => {
        const stub = env.DECISION_SET.get(env.DECISION_SET.idFromName(id));
        return injectOnSchedule((events) => stub.append(events), id, rate, total, t0);
      }),
    );
    return Response.json(runs);
  },
};
