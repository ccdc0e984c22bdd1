/**
 * A recorded run of the 13-step MLOps workflow, as the stream delivers it: the input gate
 * answered by the user, the final gate approved, then code, checks and the report. Built
 * to the contract's schemas (the tests parse every frame as the app does).
 */
import { parseStreamEvent, type StreamEvent } from "../../worker/contract/events";
import recordedJson from "./recorded/mlops-run.json";

export const DS = "6f1c2a9e-3b7d-4c1e-9a2f-0d5e8b7c6a41";

export const PLAN = [
  { id: "intake_extract", title: "Extracting the requirements" },
  { id: "coverage_check", title: "Checking what is missing" },
  { id: "adaptive_questions", title: "Choosing the questions to ask" },
  { id: "hitl_gate_input", title: "Waiting for your answers" },
  { id: "planner", title: "Planning the architecture" },
  { id: "critic_tech", title: "Reviewing technology risk" },
  { id: "critic_cost", title: "Reviewing the cost" },
  { id: "policy_eval", title: "Checking policy" },
  { id: "hitl_gate_final", title: "Waiting for your approval" },
  { id: "codegen", title: "Generating the code" },
  { id: "validators", title: "Validating the generated files" },
  { id: "rationale_compile", title: "Writing the report" },
  { id: "diff_and_persist", title: "Comparing with the previous design" },
];

const T0 = Date.parse("2026-11-27T10:00:00.000Z");
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

type Draft = {
  [K in StreamEvent["type"]]: { type: K; data: Extract<StreamEvent, { type: K }>["data"] };
}[StreamEvent["type"]];

function card(node: string, decision: string, confidence: number, s: number) {
  return {
    agent: `${node.replace(/_/g, ".")}`,
    node,
    decision_set_id: DS,
    timestamp: at(s),
    duration_ms: 400,
    reasoning: `Reasoning of ${node}: the constraints point this way.`,
    decision,
    confidence,
    category: "architecture",
    priority: "medium" as const,
    inputs: { request: "image classification for financial documents" },
    outputs: { chosen: decision },
    alternatives_considered: [{ option: "Something else", reason_rejected: "does not meet PCI-DSS" }],
    references: [],
  };
}

export const REPORT = [
  "# Architecture report",
  "",
  "A private, encrypted **image classification** platform.",
  "",
  "```mermaid",
  "graph LR",
  "  A[Ingest] --> B[Train]",
  "  B --> C[Serve]",
  "```",
  "",
  "| Component | Monthly |",
  "| --- | --- |",
  "| GPU training | 2400 |",
].join("\n");

export const FINAL_OUTPUTS = {
  status: "completed" as const,
  report_markdown: REPORT,
  architecture: { pattern: "private-vpc", components: ["object-store", "gpu-training", "private-endpoint"] },
  cost_estimate: {
    monthly_usd: 3650,
    currency: "USD",
    lines: [
      { component: "GPU training", monthly_usd: 2400 },
      { component: "Private endpoint", monthly_usd: 850 },
      { component: "Object storage", monthly_usd: 400 },
    ],
  },
  artifacts: [
    { path: "terraform/main.tf", bytes: 1200 },
    { path: "service/app.py", bytes: 800 },
    { path: "README.md", bytes: 300 },
  ],
};

function drafts(): { draft: Draft; s: number }[] {
  const out: { draft: Draft; s: number }[] = [];
  let s = 0;
  const push = (draft: Draft) => out.push({ draft, s: s++ });
  push({
    type: "workflow-start",
    data: { run_id: "run-1", thread_id: "th-1", job_id: "job-1", attempt: 1, planned_nodes: PLAN },
  });
  const step = (node: string, decision: string, extra?: () => void) => {
    const title = PLAN.find((p) => p.id === node)?.title ?? node;
    push({ type: "node-start", data: { node, title } });
    extra?.();
    push({ type: "reason-card", data: card(node, decision, 0.8, s) });
    push({ type: "node-complete", data: { node, duration_ms: 1000, outputs: { ok: true } } });
  };
  step("intake_extract", "PCI-DSS, restricted data, high availability");
  step("coverage_check", "Budget and region are missing");
  step("adaptive_questions", "Ask for budget and region");
  step("hitl_gate_input", "Questions answered by the user", () => {
    push({
      type: "questions-presented",
      data: {
        questions: [
          {
            id: "budget",
            question: "Monthly budget (USD)?",
            why: "Cost decides the serving tier",
            type: "number",
            default: 5000,
          },
          {
            id: "region",
            question: "Region?",
            why: "Data residency",
            type: "choice",
            choices: ["us-east", "eu-west"],
            default: "us-east",
          },
          { id: "gpu", question: "GPUs for training?", why: "Training time", type: "boolean", default: true },
          { id: "notes", question: "Anything else?", why: "Free context", type: "text", default: "" },
        ],
        smart_defaults: { budget: 5000, region: "us-east", gpu: true, notes: "" },
        deadline: at(300),
        timeout_seconds: 300,
      },
    });
    push({ type: "workflow-paused", data: { reason: "Waiting for answers", deadline: at(300), gate: "input" } });
    push({
      type: "responses-collected",
      data: { responses: { budget: 4000, region: "eu-west", gpu: true, notes: "" }, source: "user", gate: "input" },
    });
    push({ type: "workflow-resumed", data: {} });
  });
  step("planner", "Private VPC with managed GPU training");
  step("critic_tech", "Low technology risk");
  step("critic_cost", "Within the 4000 USD budget");
  step("policy_eval", "All policies pass");
  step("hitl_gate_final", "Plan approved", () => {
    push({
      type: "workflow-paused",
      data: {
        reason: "Approve the plan before code generation",
        deadline: at(600),
        gate: "final",
        summary: {
          plan: "Private VPC",
          risks: ["GPU quota"],
          policy: [{ rule: "pci_no_public_endpoint", passed: true }],
        },
      },
    });
    push({
      type: "responses-collected",
      data: { responses: { decision: "approved", comment: "" }, source: "user", gate: "final" },
    });
    push({ type: "workflow-resumed", data: {} });
  });
  step("codegen", "Terraform, service, Dockerfile, CI");
  step("validators", "All files parse; no secrets");
  step("rationale_compile", "Report written");
  step("diff_and_persist", "First design of this thread");
  push({ type: "workflow-complete", data: { final_outputs: FINAL_OUTPUTS, duration_ms: 60_000 } });
  return out;
}

/** The stored events of the run, seq 1..n, as the server sends them. */
export function recordedRun(): StreamEvent[] {
  return drafts().map(
    ({ draft, s }, i) => ({ ...draft, decision_set_id: DS, seq: i + 1, timestamp: at(s) }) as StreamEvent,
  );
}

/** The run's events up to and including the first of `type` (and `gate`, for pauses). */
export function runUntil(type: StreamEvent["type"], gate?: "input" | "final"): StreamEvent[] {
  const all = recordedRun();
  const i = all.findIndex((e) => e.type === type && (gate === undefined || ("gate" in e.data && e.data.gate === gate)));
  return all.slice(0, i + 1);
}

/** An ephemeral event: no seq. */
export function ephemeral<T extends StreamEvent["type"]>(
  type: T,
  data: Extract<StreamEvent, { type: T }>["data"],
  ts = at(1),
): StreamEvent {
  return { type, data, decision_set_id: DS, timestamp: ts } as StreamEvent;
}

/** An event as an SSE `data:` line's text. */
export function wire(event: StreamEvent): string {
  return JSON.stringify(event);
}

/**
 * A real run recorded from the dev server (offline expert; the questions answered with
 * their defaults, the plan approved): 56 stored events, with the answers looping back into
 * intake_extract. Each event goes through the app's own parser, so a contract change that
 * the app no longer reads fails here.
 */
export function recordedMlopsRun(): { id: string; events: StreamEvent[] } {
  const events = recordedJson.events.map((e) => {
    const parsed = parseStreamEvent(JSON.stringify(e));
    if (parsed === null) throw new Error(`recorded event ${e.seq} (${e.type}) no longer parses`);
    return parsed;
  });
  return { id: recordedJson.decision_set_id, events };
}
