/**
 * The producer inside workerd: a bench-only Worker, next to the product in the same
 * Miniflare instance, bound to the product's DecisionSet class. It calls the object's own
 * RPC methods from inside the runtime, as the product's queue consumer does, so no
 * Node-to-workerd hop sits on the measured path and Node holds no stubs that would keep
 * objects alive. Reached only through Miniflare's `getWorker`, never over the network:
 * the product gains no endpoint.
 *
 *   POST /init  {ids}                  init each decision set
 *   POST /run   {ids, rate, total, t0} append on schedule to each, concurrently
 *   POST /fill  {id, n, batch?}        append n events in batches (200), at once
 *   POST /stats {id}                   the object's counters
 */
import { injectOnSchedule, reasonCard } from "./events.mjs";

export default {
  async fetch(request, env) {
    const body = await request.json();
    const stub = (id) => env.DECISION_SET.get(env.DECISION_SET.idFromName(id));
    switch (new URL(request.url).pathname) {
      case "/init":
        for (const id of body.ids)
          await stub(id).init({ decision_set_id: id, job_id: crypto.randomUUID(), thread_id: crypto.randomUUID() });
        return Response.json({ ok: true });
      case "/run": {
        const runs = await injectOnSchedule(
          (id) => {
            const s = stub(id);
            return (events) => s.append(events);
          },
          body.ids,
          body.rate,
          body.total,
          body.t0,
          body.spread === true,
        );
        return Response.json(runs);
      }
      case "/fill": {
        const s = stub(body.id);
        const batch = body.batch ?? 200;
        for (let i = 0; i < body.n; i += batch) {
          const now = Date.now();
          await s.append(
            Array.from({ length: Math.min(batch, body.n - i) }, (_, k) => reasonCard(body.id, i + k, now)),
          );
        }
        return Response.json({ ok: true });
      }
      case "/stats":
        return Response.json(await stub(body.id).stats());
      default:
        return new Response("not found", { status: 404 });
    }
  },
};
