/** `GET /api/health`: whether D1, the queue binding and the Durable Objects answer. */
import { routes } from "../contract/api";
import { decisionSetStub } from "../stream/stub";
import { router } from "../http/validate";

/** The name of an object that is only ever asked, never written: a probe of the namespace. */
const PROBE = "health-probe";

async function check(fn: () => Promise<unknown>): Promise<{ ok: boolean; ms: number; error?: string }> {
  const start = Date.now();
  try {
    await fn();
    return { ok: true, ms: Date.now() - start };
  } catch (err) {
    return { ok: false, ms: Date.now() - start, error: err instanceof Error ? err.message : "failed" };
  }
}

export const health = router().openapi(routes.health, async (c) => {
  const [d1, objects] = await Promise.all([
    check(() => c.env.DB.prepare("SELECT 1").first()),
    check(() => decisionSetStub(c.env, PROBE).exists()),
  ]);
  // Sending a probe message would run the consumer; the binding's presence is what can be checked.
  const queue = { ok: typeof c.env.JOBS?.send === "function", ms: 0 };
  const body = { checks: { d1, queue, durable_objects: objects } };
  return d1.ok && objects.ok && queue.ok
    ? c.json({ status: "ok" as const, ...body }, 200)
    : c.json({ status: "degraded" as const, ...body }, 503);
});
