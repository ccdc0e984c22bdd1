/**
 * The compiled MLOps graph, checkpointed in a DecisionSet Durable Object through
 * DurableCheckpointer: all thirteen nodes, both gates (immediate defaults, interrupt and
 * resume), answers that change the plan, a rejection, and the diff against a previous run.
 */
import { Command } from "@langchain/langgraph";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type FinalOutputs, type NewEvent } from "../../worker/contract/events";
import { DesignDiff } from "../../worker/expert";
import { decisionSetStub } from "../../worker/stream/stub";
import { DurableCheckpointer } from "../../worker/workflow/checkpointer";
import { mlopsWorkflow } from "../../worker/workflow/mlops";
import { PLAN } from "../../worker/workflow/mlops/plan";
import type { RunnableGraph, WorkflowServices } from "../../worker/workflow/runtime";

interface Harness {
  graph: RunnableGraph;
  threadId: string;
  stored: { path: string; content: string }[];
}

function harness(hitlTimeoutSeconds: number, previous: FinalOutputs | null = null): Harness {
  const threadId = crypto.randomUUID();
  const stored: { path: string; content: string }[] = [];
  const services: WorkflowServices = {
    decisionSetId: threadId,
    hitlTimeoutSeconds,
    putArtifacts: async (files) => {
      stored.push(...files);
    },
    previousOutputs: async () => previous,
  };
  const checkpointer = new DurableCheckpointer({ backend: decisionSetStub(env, threadId) });
  return { graph: mlopsWorkflow.build({ model: null, checkpointer, services }), threadId, stored };
}

function isEvent(value: unknown): value is NewEvent {
  return value !== null && typeof value === "object" && "type" in value && "data" in value;
}

/** Streams one invocation (a start or a resume) and returns the events the nodes emitted. */
async function invoke(h: Harness, input: unknown): Promise<{ events: NewEvent[]; interrupted: boolean }> {
  const stream = await h.graph.stream(input, {
    configurable: { thread_id: h.threadId },
    streamMode: ["updates", "custom"],
    recursionLimit: 200,
  });
  const events: NewEvent[] = [];
  let interrupted = false;
  for await (const chunk of stream) {
    if (!Array.isArray(chunk)) continue;
    const [mode, payload]: unknown[] = chunk;
    if (mode === "custom" && isEvent(payload)) events.push(payload);
    if (mode === "updates" && payload !== null && typeof payload === "object" && "__interrupt__" in payload)
      interrupted = true;
  }
  return { events, interrupted };
}

function start(prompt: string) {
  return mlopsWorkflow.input({
    messages: [{ role: "user", content: prompt }],
    thread_id: crypto.randomUUID(),
    previous_id: null,
  });
}

async function state(h: Harness): Promise<{ values: unknown; next: readonly string[] }> {
  return h.graph.getState({ configurable: { thread_id: h.threadId } });
}

function designPattern(values: unknown): string {
  if (values === null || typeof values !== "object" || !("design" in values)) return "";
  const design = values.design;
  return design !== null && typeof design === "object" && "pattern" in design && typeof design.pattern === "string"
    ? design.pattern
    : "";
}

const VAGUE = "A sentiment model for product reviews.";

describe("the MLOps graph", () => {
  it("runs all thirteen nodes offline, through both gates, with immediate defaults", async () => {
    const h = harness(0);
    const { events, interrupted } = await invoke(h, start(VAGUE));
    expect(interrupted).toBe(false);
    const started = events
      .filter((e) => e.type === "node-start")
      .map((e) => (e.type === "node-start" ? e.data.node : ""));
    expect(new Set(started)).toEqual(new Set(PLAN.map((p) => p.id)));
    // One canonical card per node run, and every run completes.
    const cards = events.filter((e) => e.type === "reason-card");
    expect(cards).toHaveLength(started.length);
    expect(events.filter((e) => e.type === "node-complete")).toHaveLength(started.length);
    // The answers loop back: intake_extract ran again after the input gate.
    expect(started.filter((n) => n === "intake_extract")).toHaveLength(2);
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(["questions-presented", "responses-collected", "workflow-paused"]),
    );
    const keys = events.map((e) => e.key);
    expect(new Set(keys).size).toBe(keys.length);

    const { values, next } = await state(h);
    expect(next).toEqual([]);
    const out = mlopsWorkflow.finish(values);
    expect(out.status).toBe("completed");
    expect(out.report_markdown).toContain("```mermaid");
    expect(out.artifacts.map((a) => a.path)).toContain("REPORT.md");
    expect(h.stored.map((f) => f.path)).toContain("infra/terraform/serving.tf");
    expect(out.cost_estimate).toHaveProperty("monthly_usd");
  });

  it("waits at the input gate; a different answer gives a different plan", async () => {
    const api = harness(300);
    const batch = harness(300);
    const first = await invoke(api, start(VAGUE));
    await invoke(batch, start(VAGUE));
    expect(first.interrupted).toBe(true);
    expect((await state(api)).next).toEqual(["hitl_gate_input"]);
    const presented = first.events.find((e) => e.type === "questions-presented");
    expect(presented?.type === "questions-presented" && Date.parse(presented.data.deadline) > Date.now()).toBe(true);

    const common = {
      budget_monthly_usd: 2000,
      data_classification: "internal",
      compliance: "none",
      latency_p95_ms: 300,
    };
    const resumed = await invoke(api, new Command({ resume: { ...common, workload_types: "real-time API" } }));
    await invoke(batch, new Command({ resume: { ...common, workload_types: "batch scoring" } }));
    // The re-run gate re-sends its questions with the same key: the object stores them once.
    expect(resumed.events.find((e) => e.type === "questions-presented")?.key).toBe(presented?.key);
    expect((await state(api)).next).toEqual(["hitl_gate_final"]);
    expect((await state(batch)).next).toEqual(["hitl_gate_final"]);
    const apiPattern = designPattern((await state(api)).values);
    const batchPattern = designPattern((await state(batch)).values);
    expect(batchPattern).toBe("batch_analytics");
    expect(apiPattern).not.toBe(batchPattern);
    expect(resumed.events.some((e) => e.type === "workflow-paused" && e.data.gate === "final")).toBe(true);

    const approved = await invoke(
      api,
      new Command({ resume: { decision: "approved", approved_by: "ana", comment: "ship it" } }),
    );
    expect(approved.events.some((e) => e.type === "node-start" && e.data.node === "codegen")).toBe(true);
    const out = mlopsWorkflow.finish((await state(api)).values);
    expect(out.status).toBe("completed");
    expect(out.report_markdown).toContain("Approved by ana");
  });

  it("ends a rejected plan as rejected, without generating code", async () => {
    const h = harness(300);
    await invoke(h, start(TABLE_PROMPT));
    expect((await state(h)).next).toEqual(["hitl_gate_final"]);
    const rejected = await invoke(
      h,
      new Command({ resume: { decision: "rejected", comment: "too expensive", approved_by: "ana" } }),
    );
    expect(rejected.events.some((e) => e.type === "node-start" && e.data.node === "codegen")).toBe(false);
    const { values, next } = await state(h);
    expect(next).toEqual([]);
    const out = mlopsWorkflow.finish(values);
    expect(out.status).toBe("rejected");
    expect(out.artifacts).toEqual([]);
    expect(out.report_markdown).toContain("too expensive");
    expect(h.stored).toEqual([]);
  });

  it("compares with the thread's previous design", async () => {
    const first = harness(0);
    await invoke(first, start(TABLE_PROMPT));
    const previous = mlopsWorkflow.finish((await state(first)).values);
    const second = harness(0, previous);
    await invoke(second, start(`${TABLE_PROMPT} Make it 99.99% available with multi-region DR.`));
    const out = mlopsWorkflow.finish((await state(second)).values);
    expect(out.diff).toMatchObject({ previous_available: true });
    expect(out.report_markdown).toContain("## Changes since the previous design");
    expect(out.report_markdown).toMatch(/DR \| warm_standby \(us-west-2\) \| multi_region_active/);
  });

  it("moves a design to Azure on a follow-up, and the diff says so", async () => {
    const brief = `${TABLE_PROMPT} Serve it on AWS, with the documents in S3.`;
    const first = harness(0);
    await invoke(first, start(brief));
    const previous = mlopsWorkflow.finish((await state(first)).values);
    const second = harness(0, previous);
    await invoke(
      second,
      mlopsWorkflow.input({
        messages: [
          { role: "user", content: brief },
          { role: "user", content: "Move this to Azure." },
        ],
        thread_id: crypto.randomUUID(),
        previous_id: null,
      }),
    );
    const out = mlopsWorkflow.finish((await state(second)).values);
    const diff = DesignDiff.parse(out.diff);
    expect(diff.changes).toContainEqual({ field: "Cloud", before: "AWS", after: "Azure" });
    expect(diff.changes.some((c) => c.field.endsWith(" product"))).toBe(true);
    expect(out.report_markdown).toMatch(/Cloud \| AWS \| Azure/);
  });
});

/** A complete request: no questions, straight to the approval gate. */
const TABLE_PROMPT =
  "Image classification for financial documents, high availability, PCI-DSS, budget $8,000/month, real-time API at 50 requests per second, p95 under 300 ms.";
