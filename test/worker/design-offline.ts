/**
 * Runs the MLOps graph's own loop with the offline expert, as the queue consumer does, with
 * both gates taking their defaults at once, and returns what the run decided.
 */
import { env } from "cloudflare:workers";
import type { AnswerValue } from "../../worker/contract/events";
import type {
  Constraints,
  Design,
  Finding,
  GeneratedFile,
  PolicyReport,
  Requirements,
  ValidationReport,
} from "../../worker/expert";
import { decisionSetStub } from "../../worker/stream/stub";
import { DurableCheckpointer } from "../../worker/workflow/checkpointer";
import { mlopsGraph } from "../../worker/workflow/mlops/graph";

/** What one offline run decided and generated. */
export interface OfflineDesign {
  constraints: Constraints;
  requirements: Requirements;
  design: Design;
  findings: Finding[];
  policy: PolicyReport;
  replans: number;
  files: GeneratedFile[];
  validation: ValidationReport;
  report: string;
  answers: Record<string, AnswerValue>;
}

/** Designs `prompt` through the compiled graph, checkpointed in a fresh Durable Object. */
export async function designOffline(prompt: string): Promise<OfflineDesign> {
  const threadId = crypto.randomUUID();
  const graph = mlopsGraph({
    model: null,
    services: {
      decisionSetId: threadId,
      hitlTimeoutSeconds: 0,
      putArtifacts: async () => undefined,
      previousOutputs: async () => null,
    },
  }).compile({ checkpointer: new DurableCheckpointer({ backend: decisionSetStub(env, threadId) }) });
  const s = await graph.invoke(
    { messages: [{ role: "user", content: prompt }], thread_id: threadId, previous_id: null },
    { configurable: { thread_id: threadId }, recursionLimit: 200 },
  );
  const { constraints, requirements, design, policy, validation } = s;
  if (constraints === null || requirements === null || design === null || policy === null || validation === null)
    throw new Error(`the run stopped before the report (status ${s.status})`);
  return {
    constraints,
    requirements,
    design,
    findings: [...s.tech_findings, ...s.cost_findings],
    policy,
    replans: s.replans,
    files: s.files,
    validation,
    report: s.report_markdown,
    answers: s.answers,
  };
}
