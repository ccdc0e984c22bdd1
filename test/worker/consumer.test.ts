/**
 * The consumer's refusals: a job whose stored payload does not parse, and a generated
 * bundle past the artifact limits, each fail the job at once with a reason in its
 * `error` event, instead of being retried or stored in part.
 */
import { Annotation, END, START, StateGraph } from "@langchain/langgraph";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, getJob } from "../../worker/db/queries";
import { jobs } from "../../worker/db/schema";
import type { ConsumerDeps } from "../../worker/jobs/consumer";
import { decisionSetStub } from "../../worker/stream/stub";
import {
  ARTIFACT_MAX_BYTES,
  ARTIFACTS_MAX_FILES,
  ArtifactLimitError,
  checkArtifacts,
  type ArtifactFile,
} from "../../worker/workflow/artifacts";
import { designerNode } from "../../worker/workflow/mlops/designer-node";
import { node, type WorkflowDefinition } from "../../worker/workflow/runtime";
import { deliver, seedJob } from "./helpers";

const State = Annotation.Root({ stored: Annotation<number>({ reducer: (_a, b) => b, default: () => 0 }) });

/** A one-step workflow whose only node runs `body`: a designer step when `designer` is set. */
function oneStep(designer: boolean, body: () => void): WorkflowDefinition {
  const wrap = designer ? designerNode : node;
  return {
    graph_type: "one-step",
    plan: [{ id: "plan", title: "Plan" }],
    build: ({ checkpointer }) =>
      new StateGraph(State)
        .addNode(
          "plan",
          wrap("plan", "Plan", () => {
            body();
            return { stored: 0 };
          }),
        )
        .addEdge(START, "plan")
        .addEdge("plan", END)
        .compile({ checkpointer }),
    input: () => ({ stored: 0 }),
    finish: () => ({ status: "completed", report_markdown: "", architecture: {}, cost_estimate: {}, artifacts: [] }),
  };
}

/** A one-step workflow that stores `files` as its generated code. */
function storing(files: ArtifactFile[]): WorkflowDefinition {
  return {
    graph_type: "store",
    plan: [{ id: "store", title: "Store" }],
    build: ({ checkpointer, services }) =>
      new StateGraph(State)
        .addNode(
          "store",
          node("store", "Store", async () => {
            await services.putArtifacts(files);
            return { stored: files.length };
          }),
        )
        .addEdge(START, "store")
        .addEdge("store", END)
        .compile({ checkpointer }),
    input: () => ({ stored: 0 }),
    finish: () => ({ status: "completed", report_markdown: "", architecture: {}, cost_estimate: {}, artifacts: [] }),
  };
}

const deps = (files: ArtifactFile[]): ConsumerDeps => ({ workflow: storing(files), delaySeconds: () => 0 });

async function lastEvent(decisionSetId: string) {
  const page = await decisionSetStub(env, decisionSetId).eventsAfter(0);
  return page?.events.at(-1);
}

describe("artifact limits", () => {
  it("counts UTF-8 bytes, not string length", () => {
    // 300k characters, 600k bytes: under the limit as a string length, over it as bytes.
    const wide = "é".repeat(300_000);
    expect(wide.length).toBeLessThan(ARTIFACT_MAX_BYTES);
    expect(() => checkArtifacts([{ path: "wide.txt", content: wide }])).toThrow(ArtifactLimitError);
    expect(() => checkArtifacts([{ path: "ok.txt", content: "a".repeat(ARTIFACT_MAX_BYTES) }])).not.toThrow();
  });

  it("refuses more files than the object stores, instead of keeping the first ones", () => {
    const files = Array.from({ length: ARTIFACTS_MAX_FILES + 1 }, (_, i) => ({ path: `f${i}.txt`, content: "x" }));
    expect(() => checkArtifacts(files)).toThrow(`${ARTIFACTS_MAX_FILES + 1} files`);
    expect(() => checkArtifacts(files.slice(1))).not.toThrow();
  });

  it("fails the job at once with the file named, and stores none of the bundle", async () => {
    const { decisionSetId, jobId } = await seedJob({ maxAttempts: 3 });
    const files = [
      { path: "small.txt", content: "fine" },
      { path: "big.txt", content: "é".repeat(300_000) },
    ];
    const result = await deliver(jobId, 1, deps(files));
    expect(result.retryMessages).toEqual([]);
    expect(result.explicitAcks).toHaveLength(1);
    expect((await getJob(db(env.DB), jobId))?.status).toBe("failed");
    const last = await lastEvent(decisionSetId);
    expect(last?.type).toBe("error");
    expect(JSON.stringify(last?.data)).toContain("big.txt (600000 bytes)");
    expect(await decisionSetStub(env, decisionSetId).artifacts()).toEqual([]);
  });

  it("stores a bundle within the limits", async () => {
    const { decisionSetId, jobId } = await seedJob();
    await deliver(jobId, 1, deps([{ path: "README.md", content: "é".repeat(1000) }]));
    expect((await getJob(db(env.DB), jobId))?.status).toBe("completed");
    expect((await decisionSetStub(env, decisionSetId).artifacts()).map((a) => a.path)).toEqual(["README.md"]);
  });
});

describe("designer faults", () => {
  it("fails a run at once when a designer step throws, with the step and the fault named", async () => {
    const { decisionSetId, jobId } = await seedJob({ maxAttempts: 4 });
    const workflow = oneStep(true, () => {
      throw new Error("unknown catalogue component lambda_provisioned");
    });
    const result = await deliver(jobId, 1, { workflow, delaySeconds: () => 0 });
    expect(result.retryMessages).toEqual([]);
    const job = await getJob(db(env.DB), jobId);
    expect(job?.status).toBe("failed");
    const last = await lastEvent(decisionSetId);
    expect(last?.type).toBe("error");
    expect(JSON.stringify(last?.data)).toContain(
      "the designer failed at plan: unknown catalogue component lambda_provisioned",
    );
  });

  it("still retries a failure outside the designer, which another attempt may cure", async () => {
    const { jobId } = await seedJob({ maxAttempts: 4 });
    const workflow = oneStep(false, () => {
      throw new Error("storage unavailable");
    });
    const result = await deliver(jobId, 1, { workflow, delaySeconds: () => 0 });
    expect(result.retryMessages).toHaveLength(1);
    expect((await getJob(db(env.DB), jobId))?.status).toBe("queued");
  });
});

describe("job payload", () => {
  it.each([
    ["not JSON", "{"],
    ["no messages", JSON.stringify({ messages: [], thread_id: crypto.randomUUID(), previous_id: null })],
    ["a thread id that is not an id", JSON.stringify({ messages: [{ role: "user", content: "x" }], thread_id: 1 })],
  ])("fails a job whose stored payload is %s, without running or retrying it", async (_name, payload) => {
    const { decisionSetId, jobId } = await seedJob({ maxAttempts: 3 });
    await db(env.DB).update(jobs).set({ payload }).where(eq(jobs.id, jobId));
    const result = await deliver(jobId, 1, deps([]));
    expect(result.retryMessages).toEqual([]);
    expect(result.explicitAcks).toHaveLength(1);
    const job = await getJob(db(env.DB), jobId);
    expect(job?.status).toBe("failed");
    expect(job?.error).toContain("the job payload is invalid");
    const page = await decisionSetStub(env, decisionSetId).eventsAfter(0);
    expect(page?.events.map((e) => e.type)).toEqual(["error"]);
  });
});
