import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { db, getJob } from "../../worker/db/queries";
import { handleQueue, type ConsumerDeps } from "../../worker/jobs/consumer";
import { decisionSetStub } from "../../worker/stream/stub";
import type { WorkflowDefinition } from "../../worker/workflow/runtime";
import { defaultWorkflow } from "../../worker/workflow";
import { gateAnswerer } from "../support/gates";
import { api, deliver, openSse, seedJob as seedWith, SseReader, threeSteps } from "./helpers";

const QUEUE = "reasonstream-jobs";
const seedJob = (maxAttempts = 3) => seedWith({ maxAttempts });

async function storedTypes(decisionSetId: string): Promise<string[]> {
  const page = await decisionSetStub(env, decisionSetId).eventsAfter(0);
  return page?.events.map((e) => e.type) ?? [];
}

/** A workflow whose graph fails every time it runs: the consumer's failure path. */
const failing: WorkflowDefinition = {
  ...defaultWorkflow,
  build: () => ({
    getState: async () => ({ values: {}, next: [], tasks: [] }),
    stream: async () => {
      throw new Error("model backend unavailable");
    },
  }),
};

const simple: ConsumerDeps = { workflow: threeSteps(0, []), delaySeconds: () => 0 };

describe("queue consumer", () => {
  it("runs a job to workflow-complete and marks it completed", async () => {
    const { decisionSetId, jobId } = await seedJob();
    const result = await deliver(jobId, 1, simple);
    expect(result.explicitAcks).toHaveLength(1);
    expect((await getJob(db(env.DB), jobId))?.status).toBe("completed");
    const types = await storedTypes(decisionSetId);
    expect(types[0]).toBe("workflow-start");
    expect(types.at(-1)).toBe("workflow-complete");
    expect(types.filter((t) => t === "reason-card").length).toBe(simple.workflow.plan.length);
  });

  it("runs a job once when its message is delivered twice", async () => {
    const { decisionSetId, jobId } = await seedJob();
    const [a, b] = await Promise.all([deliver(jobId, 1, simple), deliver(jobId, 1, simple)]);
    expect([...a.explicitAcks, ...b.explicitAcks]).toHaveLength(2);
    const types = await storedTypes(decisionSetId);
    expect(types.filter((t) => t === "workflow-start")).toHaveLength(1);
    expect(types.filter((t) => t === "workflow-complete")).toHaveLength(1);
    // A late third delivery, after completion, is a no-op too.
    await deliver(jobId, 1, simple);
    expect(await storedTypes(decisionSetId)).toEqual(types);
    expect((await getJob(db(env.DB), jobId))?.attempts).toBe(1);
  });

  it("retries a failing job with backoff and job-retry events, then fails it with an error event", async () => {
    const { decisionSetId, jobId } = await seedJob(3);
    const deps: ConsumerDeps = { workflow: failing, delaySeconds: (n) => n * 10 };
    const first = await deliver(jobId, 1, deps);
    // (The test harness records which messages were retried; the delay is in the job-retry event.)
    expect(first.retryMessages).toHaveLength(1);
    expect((await getJob(db(env.DB), jobId))?.status).toBe("queued");
    const second = await deliver(jobId, 2, deps);
    expect(second.retryMessages).toHaveLength(1);
    const last = await deliver(jobId, 3, deps);
    expect(last.retryMessages).toEqual([]);
    expect(last.explicitAcks).toHaveLength(1);
    const job = await getJob(db(env.DB), jobId);
    expect(job).toMatchObject({ status: "failed", error: "model backend unavailable", attempts: 3 });
    const page = await decisionSetStub(env, decisionSetId).eventsAfter(0);
    // Each attempt starts the workflow again (with its attempt number), then fails.
    expect(page?.events.map((e) => e.type)).toEqual([
      "workflow-start",
      "job-retry",
      "workflow-start",
      "job-retry",
      "workflow-start",
      "error",
    ]);
    const starts = page?.events
      .filter((e) => e.type === "workflow-start")
      .map((e) => (e.data as { attempt: number }).attempt);
    expect(starts).toEqual([1, 2, 3]);
    expect(page?.events.filter((e) => e.type !== "workflow-start").map((e) => e.data)).toEqual([
      { attempt: 2, delay_seconds: 10, reason: "model backend unavailable" },
      { attempt: 3, delay_seconds: 20, reason: "model backend unavailable" },
      { message: "model backend unavailable", retryable: false, attempt: 3 },
    ]);
    // The stream has ended: a fourth delivery changes nothing.
    await deliver(jobId, 4, deps);
    expect((await storedTypes(decisionSetId)).length).toBe(6);
  });

  it("fails a job whose message reached the dead-letter queue", async () => {
    const { decisionSetId, jobId } = await seedJob();
    const batch = createMessageBatch(`${QUEUE}-dlq`, [
      { id: "m", timestamp: new Date(), attempts: 1, body: { job_id: jobId } },
    ]);
    const ctx = createExecutionContext();
    await handleQueue(batch, env);
    await getQueueResult(batch, ctx);
    expect((await getJob(db(env.DB), jobId))?.status).toBe("failed");
    expect(await storedTypes(decisionSetId)).toEqual(["error"]);
  });

  it("acks a malformed message without touching anything", async () => {
    const result = await (async () => {
      const batch = createMessageBatch(QUEUE, [
        { id: "x", timestamp: new Date(), attempts: 1, body: { job_id: "not-a-uuid" } },
      ]);
      const ctx = createExecutionContext();
      await handleQueue(batch, env);
      return getQueueResult(batch, ctx);
    })();
    expect(result.explicitAcks).toEqual(["x"]);
  });
});

describe("through the real queue", () => {
  it("streams a posted chat through both human gates to workflow-complete", async () => {
    const res = await api("/api/chat/async", {
      body: { messages: [{ role: "user", content: "real-time fraud scoring" }] },
    });
    const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const { decision_set_id } = await res.json<{ decision_set_id: string }>();
    const reader = new SseReader(await openSse(decision_set_id));
    const answer = gateAnswerer(decision_set_id, (a) => api(a.path, { body: a.body, headers: { cookie } }));
    const frames = await reader.readUntil((fs) => {
      for (const f of fs) answer(f);
      return fs.some((x) => x.event === "workflow-complete");
    }, 20_000);
    await reader.cancel();
    const stored = frames.filter((f) => f.id !== undefined);
    expect(stored.map((f) => Number(f.id))).toEqual(stored.map((_, i) => i + 1));
    expect(stored[0]?.event).toBe("workflow-start");
    expect(stored.map((f) => f.event)).toEqual(
      expect.arrayContaining(["questions-presented", "responses-collected", "workflow-resumed", "workflow-paused"]),
    );
    const complete = JSON.parse(stored.at(-1)?.data ?? "{}");
    expect(complete.data.final_outputs.report_markdown.length).toBeGreaterThan(0);
  });
});
