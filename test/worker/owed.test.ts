/**
 * Work the DecisionSet object has accepted is owed until a consumer claims it: whatever
 * dies between the object's write and the queue message (the Worker that answered, or a
 * local queue with the process that held it), the object's alarm delivers it. These are
 * the deterministic halves of the random-kill test: the moments it can only hit by chance.
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { db, getJob } from "../../worker/db/queries";
import { decisionSetStub } from "../../worker/stream/stub";
import { deliver, seedJob } from "./helpers";

/** Waits until the job's row satisfies `done`, or 15 s. */
async function jobUntil(jobId: string, done: (status: string, attempts: number) => boolean) {
  const deadline = Date.now() + 15_000;
  let job = await getJob(db(env.DB), jobId);
  while (Date.now() < deadline && !done(job?.status ?? "", job?.attempts ?? 0)) {
    await new Promise((r) => setTimeout(r, 100));
    job = await getJob(db(env.DB), jobId);
  }
  return job;
}

const objectOf = (decisionSetId: string) => env.DECISION_SET.get(env.DECISION_SET.idFromName(decisionSetId));

describe("work the object owes", () => {
  it("delivers an answer accepted by the object when the request died before it enqueued the resume", async () => {
    const { decisionSetId, jobId } = await seedJob({
      content: "Fraud scoring for card payments, PCI-DSS, $8k a month",
    });
    // The first delivery runs the real workflow to its questions, and the job pauses.
    await deliver(jobId, 1);
    expect((await getJob(db(env.DB), jobId))?.status).toBe("paused");
    const stub = decisionSetStub(env, decisionSetId);
    const gate = await stub.openGate();
    expect(gate?.kind).toBe("input");
    // The person's answer is accepted by the object, and then the Worker dies: no D1
    // transition, no queue message. Only the object knows.
    const answered = await stub.answer("input", { ...gate?.defaults, team_size: 3 }, "user");
    expect(answered.ok).toBe(true);
    expect((await getJob(db(env.DB), jobId))?.status).toBe("paused");
    expect(await runDurableObjectAlarm(objectOf(decisionSetId))).toBe(true);
    // The alarm's message reaches the real consumer, which claims the job and resumes with the answer.
    const job = await jobUntil(jobId, (status, attempts) => attempts >= 2 && status !== "running");
    expect(job?.attempts).toBe(2);
    const events = (await stub.eventsAfter(0))?.events ?? [];
    const collected = events.filter((e) => e.type === "responses-collected");
    expect(collected).toHaveLength(1);
    expect(collected[0]?.data).toMatchObject({ source: "user", responses: { team_size: 3 } });
    expect(events.findIndex((e) => e.type === "workflow-resumed")).toBeGreaterThan(
      events.findIndex((e) => e.type === "responses-collected"),
    );
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    // Claimed: nothing is owed, and a later alarm sends nothing more.
    expect(await stub.pendingResume()).toBeNull();
  });

  it("delivers a new run whose queue message was lost, before the stalled-job sweep would", async () => {
    const { decisionSetId, jobId } = await seedJob();
    // Accepted (D1 row and object written) but never enqueued: the message died with the process.
    expect(await runDurableObjectAlarm(objectOf(decisionSetId))).toBe(true);
    const job = await jobUntil(jobId, (_, attempts) => attempts >= 1);
    expect(job?.attempts).toBe(1);
    const types = (await decisionSetStub(env, decisionSetId).eventsAfter(0))?.events.map((e) => e.type) ?? [];
    expect(types[0]).toBe("workflow-start");
  });

  it("owes nothing once a consumer has claimed the run: the alarm leaves a healthy job alone", async () => {
    const { decisionSetId, jobId } = await seedJob();
    await deliver(jobId, 1);
    const before = await getJob(db(env.DB), jobId);
    expect(before?.status).toBe("paused");
    expect(await runDurableObjectAlarm(objectOf(decisionSetId))).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    // A paused job that owes nothing is waiting for a person, not for the queue.
    expect(await getJob(db(env.DB), jobId)).toMatchObject({ status: "paused", attempts: before?.attempts });
  });

  it("settles a cancel in D1 when the request died between the object and D1", async () => {
    const { decisionSetId, jobId } = await seedJob();
    await deliver(jobId, 1);
    const cancelled = await decisionSetStub(env, decisionSetId).cancel("user");
    expect(cancelled.ok).toBe(true);
    // The object has ended the workflow; D1 still says paused until the alarm settles it.
    expect((await getJob(db(env.DB), jobId))?.status).toBe("paused");
    expect(await runDurableObjectAlarm(objectOf(decisionSetId))).toBe(true);
    expect((await getJob(db(env.DB), jobId))?.status).toBe("cancelled");
    const row = await env.DB.prepare("SELECT status FROM decision_sets WHERE id = ?").bind(decisionSetId).first();
    expect(row?.status).toBe("cancelled");
  });
});
