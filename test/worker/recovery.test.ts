import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { NewEvent } from "../../worker/contract/events";
import { db, getJob } from "../../worker/db/queries";
import { decisionSetStub } from "../../worker/stream/stub";
import { DurableCheckpointer, type CheckpointRpc } from "../../worker/workflow/checkpointer";
import { runWorkflow } from "../../worker/workflow/run";
import type { WorkflowDefinition } from "../../worker/workflow/runtime";
import { deliver as deliverTo, seedJob, threeSteps } from "./helpers";

const seed = () => seedJob({ content: "x" });
const deliver = (jobId: string, attempts: number, workflow: WorkflowDefinition) =>
  deliverTo(jobId, attempts, { workflow, delaySeconds: () => 0 });

describe("crash recovery", () => {
  it("resumes a failed run from its last checkpoint: no completed step runs again, no duplicate seq or card", async () => {
    const { decisionSetId, jobId } = await seed();
    const effects: string[] = [];
    const workflow = threeSteps(1, effects);
    const first = await deliver(jobId, 1, workflow);
    expect(first.retryMessages).toHaveLength(1);
    const second = await deliver(jobId, 2, workflow);
    expect(second.explicitAcks).toHaveLength(1);
    // Step a ran once: the retry started from the checkpoint after it.
    expect(effects).toEqual(["a", "b", "c"]);
    const page = await decisionSetStub(env, decisionSetId).eventsAfter(0);
    const events = page?.events ?? [];
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const cards = events.filter((e) => e.type === "reason-card").map((e) => (e.data as { node: string }).node);
    expect(cards).toEqual(["a", "b", "c"]);
    // b started twice (it crashed once), but its node-start was stored once.
    expect(events.filter((e) => e.type === "node-start").map((e) => (e.data as { node: string }).node)).toEqual([
      "a",
      "b",
      "c",
    ]);
    expect(events.at(-1)?.type).toBe("workflow-complete");
    expect((await getJob(db(env.DB), jobId))?.status).toBe("completed");
  });

  it("re-enqueues a job whose worker died (expired lease) from the decision set's alarm", async () => {
    const { decisionSetId, jobId } = await seed();
    // A worker claimed the job and died: running, lease long expired, no message left.
    await env.DB.prepare(
      "UPDATE jobs SET status = 'running', lease_owner = 'dead', lease_expires_at = ?, attempts = 1 WHERE id = ?",
    )
      .bind(Date.now() - 1000, jobId)
      .run();
    const stub = env.DECISION_SET.get(env.DECISION_SET.idFromName(decisionSetId));
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    // The real queue delivers the recovery message to the real consumer, which runs the
    // product workflow until it ends or waits at its first human gate.
    const deadline = Date.now() + 15_000;
    let job = await getJob(db(env.DB), jobId);
    while (Date.now() < deadline && !["paused", "completed"].includes(job?.status ?? "")) {
      await new Promise((r) => setTimeout(r, 100));
      job = await getJob(db(env.DB), jobId);
    }
    expect(["paused", "completed"]).toContain(job?.status);
    expect(job?.attempts).toBe(2);
    const types = (await decisionSetStub(env, decisionSetId).eventsAfter(0))?.events.map((e) => e.type) ?? [];
    expect(types[0]).toBe("workflow-start");
  });

  it("leaves a healthy running job alone", async () => {
    const { decisionSetId, jobId } = await seed();
    await env.DB.prepare("UPDATE jobs SET status = 'running', lease_owner = 'alive', lease_expires_at = ? WHERE id = ?")
      .bind(Date.now() + 60_000, jobId)
      .run();
    const stub = env.DECISION_SET.get(env.DECISION_SET.idFromName(decisionSetId));
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(await getJob(db(env.DB), jobId)).toMatchObject({ status: "running", leaseOwner: "alive" });
    expect((await decisionSetStub(env, decisionSetId).eventsAfter(0))?.events).toEqual([]);
  });
});

describe("a process that dies between a step's writes and the next checkpoint", () => {
  it("continues the graph instead of taking the half-saved state for the end", async () => {
    const { decisionSetId, jobId } = await seed();
    const stub = decisionSetStub(env, decisionSetId);
    const effects: string[] = [];
    const workflow = threeSteps(0, effects);
    // The first run's checkpointer loses every checkpoint after the second: as if the
    // process died right after step a's writes were saved, before the checkpoint after it.
    let puts = 0;
    const store: CheckpointRpc = await stub.checkpoints();
    const dying = new DurableCheckpointer({
      backend: {
        checkpoints: () => ({
          getTuple: (q) => store.getTuple(q),
          list: (q) => store.list(q),
          putWrites: (w) => store.putWrites(w),
          deleteThread: (t) => store.deleteThread(t),
          put: async (row) => {
            puts += 1;
            if (puts > 2) throw new Error("process died");
            await store.put(row);
          },
        }),
      },
    });
    const services = {
      decisionSetId,
      hitlTimeoutSeconds: 0,
      putArtifacts: async () => undefined,
      previousOutputs: async () => null,
    };
    const input = { messages: [{ role: "user" as const, content: "x" }], thread_id: "t", previous_id: null };
    const run = (
      graph: ReturnType<WorkflowDefinition["build"]>,
      attempt: number,
      resume: Record<string, unknown> | null = null,
    ) =>
      runWorkflow({
        definition: workflow,
        graph,
        decisionSetId,
        jobId,
        attempt,
        input,
        resume,
        sink: { emit: () => undefined, drain: async () => undefined, flush: async () => undefined },
        signal: new AbortController().signal,
        runId: "r",
      });
    await expect(run(workflow.build({ model: null, checkpointer: dying, services }), 1)).rejects.toThrow(
      "process died",
    );
    const healthy = new DurableCheckpointer({ backend: stub });
    // A gate answer that arrived meanwhile is not consumed by a graph that is not waiting
    // at a gate: it stays pending for the invocation that reaches the gate.
    const outcome = await run(workflow.build({ model: null, checkpointer: healthy, services }), 2, {
      decision: "approved",
    });
    expect(outcome.usedResume).toBe(false);
    expect(outcome.kind).toBe("completed");
    expect(outcome.kind === "completed" ? outcome.outputs.report_markdown : "").toBe("a,b,c");
  });

  it("keeps the card of a step whose writes were saved before the process died", async () => {
    const { decisionSetId, jobId } = await seed();
    const stub = decisionSetStub(env, decisionSetId);
    const store: CheckpointRpc = await stub.checkpoints();
    // The events a sink has stored (flushed), and, at each save of a step's writes, how
    // many steps had their node-complete stored by then.
    const stored: NewEvent[] = [];
    let buffered: NewEvent[] = [];
    const sink = {
      emit: (e: NewEvent) => void buffered.push(e),
      drain: async () => undefined,
      flush: async () => {
        stored.push(...buffered);
        buffered = [];
      },
    };
    const completedAtWrites: number[] = [];
    let stepWrites = 0;
    const dying = new DurableCheckpointer({
      backend: {
        checkpoints: () => ({
          getTuple: (q) => store.getTuple(q),
          list: (q) => store.list(q),
          putWrites: async (w) => {
            if (w.writes.some((x) => !x.channel.startsWith("__"))) {
              stepWrites += 1;
              completedAtWrites.push(stored.filter((e) => e.type === "node-complete").length);
            }
            await store.putWrites(w);
            // The process dies right after step a's writes are saved (the input's come first), before its checkpoint.
            if (stepWrites === 2) throw new Error("process died");
          },
          put: (row) => store.put(row),
          deleteThread: (t) => store.deleteThread(t),
        }),
      },
    });
    const workflow = threeSteps(0, []);
    const services = {
      decisionSetId,
      hitlTimeoutSeconds: 0,
      putArtifacts: async () => undefined,
      previousOutputs: async () => null,
    };
    await expect(
      runWorkflow({
        definition: workflow,
        graph: workflow.build({ model: null, checkpointer: dying, services }),
        decisionSetId,
        jobId,
        attempt: 1,
        input: { messages: [{ role: "user", content: "x" }], thread_id: "t", previous_id: null },
        resume: null,
        sink,
        signal: new AbortController().signal,
        runId: "r",
      }),
    ).rejects.toThrow("process died");
    // Step a's node-complete (and its card before it) were stored before its writes were.
    expect(completedAtWrites).toEqual([0, 1]);
    expect(stored.filter((e) => e.type === "reason-card").map((e) => (e.data as { node: string }).node)).toEqual(["a"]);
  });
});
