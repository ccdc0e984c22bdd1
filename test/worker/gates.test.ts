import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { decisionSetStub } from "../../worker/stream/stub";
import { db, getJob } from "../../worker/db/queries";
import type { WorkflowDefinition } from "../../worker/workflow/runtime";
import { inputGateOpening } from "../support/gates";
import { api, deliver, seedJob, threeSteps } from "./helpers";

/**
 * A decision set of the caller's whose workflow waits at the input gate: written as the
 * API writes it, with the gate opened by the event the workflow's gate node emits.
 */
async function waitingAtGate(): Promise<{ id: string; cookie: string }> {
  const hello = await api("/api/decision-sets");
  const cookie = (hello.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const ownerId = decodeURIComponent(cookie.split("=")[1] ?? "").split(".")[0] ?? "";
  const { decisionSetId: id, jobId } = await seedJob({ ownerId, content: "gate test" });
  await env.DB.prepare("UPDATE jobs SET status = 'paused' WHERE id = ?").bind(jobId).run();
  const stub = decisionSetStub(env, id);
  const deadline = new Date(Date.now() + 60_000).toISOString();
  await stub.append(inputGateOpening(deadline, 3000));
  return { id, cookie };
}

describe("human gates from the API", () => {
  it("lets exactly one of two racing answers win; the other gets 409", async () => {
    const { id, cookie } = await waitingAtGate();
    const [a, b] = await Promise.all([
      api(`/api/decision-sets/${id}/responses`, { body: { responses: { budget: 5000 } }, headers: { cookie } }),
      api(`/api/decision-sets/${id}/responses`, { body: { responses: { budget: 9000 } }, headers: { cookie } }),
    ]);
    expect([a.status, b.status].sort((x, y) => x - y)).toEqual([202, 409]);
    const loser = a.status === 409 ? a : b;
    expect(await loser.json()).toMatchObject({ error: { code: "conflict" } });
    const collected = (await decisionSetStub(env, id).eventsAfter(0))?.events.filter(
      (e) => e.type === "responses-collected",
    );
    expect(collected).toHaveLength(1);
  });

  it("refuses an answer after cancel, and a resume delivered after cancel does nothing", async () => {
    const { id, cookie } = await waitingAtGate();
    const cancel = await api(`/api/decision-sets/${id}/cancel`, { body: {}, headers: { cookie } });
    expect(cancel.status).toBe(200);
    const late = await api(`/api/decision-sets/${id}/responses`, {
      body: { responses: { budget: 1 } },
      headers: { cookie },
    });
    expect(late.status).toBe(409);
    const stored = (await decisionSetStub(env, id).stats())?.stored;
    const job = await env.DB.prepare("SELECT id, status FROM jobs WHERE decision_set_id = ?")
      .bind(id)
      .first<{ id: string; status: string }>();
    expect(job?.status).toBe("cancelled");
    await env.JOBS.send({ job_id: job?.id ?? "" });
    await new Promise((r) => setTimeout(r, 500));
    expect((await decisionSetStub(env, id).stats())?.stored).toBe(stored);
    const again = await api(`/api/decision-sets/${id}/cancel`, { body: {}, headers: { cookie } });
    expect(again.status).toBe(409);
  });
});

describe("cancel", () => {
  it("stops a running workflow between steps: no step after the cancel, job cancelled", async () => {
    let release: () => void = () => undefined;
    const latch = new Promise<void>((r) => {
      release = r;
    });
    const effects: string[] = [];
    const base = threeSteps(0, effects);
    // The same three steps, with the first one held until the test has cancelled.
    const held: WorkflowDefinition = {
      ...base,
      build: (args) => {
        const graph = base.build(args);
        return {
          getState: (c) => graph.getState(c),
          stream: async (input, options) => {
            await latch;
            return graph.stream(input, options);
          },
        };
      },
    };
    const hello = await api("/api/decision-sets");
    const cookie = (hello.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const ownerId = decodeURIComponent(cookie.split("=")[1] ?? "").split(".")[0] ?? "";
    const { decisionSetId, jobId } = await seedJob({ ownerId });
    const running = deliver(jobId, 1, { workflow: held, delaySeconds: () => 0 });
    for (let i = 0; i < 50 && (await getJob(db(env.DB), jobId))?.status !== "running"; i++)
      await new Promise((r) => setTimeout(r, 20));
    const cancel = await api(`/api/decision-sets/${decisionSetId}/cancel`, { body: {}, headers: { cookie } });
    expect(cancel.status).toBe(200);
    release();
    const result = await running;
    expect(result.explicitAcks).toHaveLength(1);
    expect(effects.length).toBeLessThanOrEqual(1);
    expect((await getJob(db(env.DB), jobId))?.status).toBe("cancelled");
    const types = (await decisionSetStub(env, decisionSetId).eventsAfter(0))?.events.map((e) => e.type) ?? [];
    expect(types.at(-1)).toBe("workflow-cancelled");
    expect(types).not.toContain("workflow-complete");
  });
});
