/**
 * HITL_TIMEOUT_SECONDS=0: the gates take their defaults at once. The run goes from the
 * first event to workflow-complete in one invocation, and the stream still shows each
 * gate's questions and its automatic answer exactly once.
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDecisionSetWithJob, db, getJob } from "../../worker/db/queries";
import { handleQueue } from "../../worker/jobs/consumer";
import { decisionSetStub } from "../../worker/stream/stub";
import { mlopsWorkflow } from "../../worker/workflow/mlops";
import { openSse, SseReader } from "./helpers";

async function runWithoutWaiting(beforeRun: (decisionSetId: string) => Promise<void> = async () => undefined) {
  const decisionSetId = crypto.randomUUID();
  const jobId = crypto.randomUUID();
  const threadId = crypto.randomUUID();
  const payload = {
    messages: [{ role: "user" as const, content: "A sentiment model for product reviews." }],
    thread_id: threadId,
    previous_id: null,
  };
  await createDecisionSetWithJob(db(env.DB), {
    decisionSetId,
    jobId,
    threadId,
    ownerId: "owner",
    previousId: null,
    title: "t",
    payload,
    maxAttempts: 3,
  });
  const stub = decisionSetStub(env, decisionSetId);
  await stub.init({ decision_set_id: decisionSetId, job_id: jobId, thread_id: threadId });
  await beforeRun(decisionSetId);
  const batch = createMessageBatch("reasonstream-jobs", [
    { id: crypto.randomUUID(), timestamp: new Date(), attempts: 1, body: { job_id: jobId } },
  ]);
  await handleQueue(batch, { ...env, HITL_TIMEOUT_SECONDS: "0" }, { workflow: mlopsWorkflow, delaySeconds: () => 0 });
  await getQueueResult(batch, createExecutionContext());
  return { jobId, stub };
}

describe("gates without waiting", () => {
  it("completes in one invocation, both gates answered with their defaults", async () => {
    const { jobId, stub } = await runWithoutWaiting();
    expect((await getJob(db(env.DB), jobId))?.status).toBe("completed");
    const view = await stub.view();
    expect(view?.status).toBe("completed");
    expect(view?.questions?.answered?.source).toBe("auto");
    expect(view?.approval?.decided?.source).toBe("auto");
    expect(view?.final_outputs?.status).toBe("completed");
  });

  // A gate the workflow answers itself must not stay open in the object, or its alarm would
  // answer it a second time and resume a run that is already going on.
  it("shows each automatic answer exactly once and leaves no gate open behind it", async () => {
    // A subscriber from the first event sees everything, whatever the history trim keeps.
    let reader: SseReader | undefined;
    const { stub } = await runWithoutWaiting(async (id) => {
      reader = new SseReader(await openSse(id));
      await reader.readUntil((f) => f.some((x) => x.event === "caught-up"));
    });
    const frames = (await reader?.readUntil((f) => f.some((x) => x.event === "workflow-complete"))) ?? [];
    await new Promise((r) => setTimeout(r, 300));
    await reader?.cancel();
    const answers = frames
      .filter((f) => f.event === "responses-collected" || f.event === "auto-approving")
      .map((f) => f.event);
    expect(answers).toEqual(["responses-collected", "responses-collected"]);
    expect(await stub.openGate()).toBeNull();
    expect(await stub.pendingResume()).toBeNull();
  });
});
