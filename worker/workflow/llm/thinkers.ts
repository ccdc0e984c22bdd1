/**
 * What each node asks the LLM, and the schemas its answers must satisfy. The schemas are
 * the offline expert's own (or derived from them), so an LLM answer slots into the same
 * state the rules would have produced. Numbers the design stands on (prices, latency,
 * availability) always come from the catalogue: the model chooses and explains.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { RunnableConfig } from "@langchain/core/runnables";
import { z } from "zod";
import {
  Candidate,
  catalogueFor,
  Constraints,
  Finding,
  PatternId,
  type Design,
  type PolicyReport,
  type Requirements,
} from "../../expert";
import { thinkStructured, type ThinkResult } from "./structured";

/** Constraints as the LLM reports them: every field optional, the rest as the expert's. */
export const LlmConstraints = Constraints.omit({ provenance: true, project_description: true }).partial();
export type LlmConstraints = z.infer<typeof LlmConstraints>;

export const PlannerChoice = z.object({
  pattern: PatternId,
  reasoning: z.string().min(10).max(2000),
  confidence: z.number().min(0).max(1),
});
export type PlannerChoice = z.infer<typeof PlannerChoice>;

export const CriticReview = z.object({
  summary: z.string().min(10).max(1500),
  findings: z.array(Finding).max(8),
});
export type CriticReview = z.infer<typeof CriticReview>;

export const Narrative = z.object({ executive_summary: z.string().min(40).max(3000) });
export type Narrative = z.infer<typeof Narrative>;

/**
 * One kind of question to the model: the answer's schema and the instructions, fixed; the
 * facts (and any check beyond the schema) given per call.
 */
function asker<T>(schema: z.ZodType<T>, system: string) {
  return (model: BaseChatModel, config: RunnableConfig, prompt: string, check?: (value: T) => string | null) =>
    thinkStructured({ model, schema, config, system, prompt, check });
}

const askExtract = asker(
  LlmConstraints,
  "You extract requirements for an MLOps architecture from a request. Report only what the text states or clearly implies; use null for anything unknown. Budgets are monthly USD; throughput is sustained requests or events per second; latency is in milliseconds at the percentile the text states (latency_percentile, p95 when it names none); availability is a percentage; cloud is the target the request names or implies (aws, gcp, azure, or self_hosted for on-premises and air-gapped), null when it implies none; regions in that cloud's own names.",
);
const askPattern = asker(
  PlannerChoice,
  "You are an MLOps architect. Choose the architecture pattern that best fits the requirements among the candidates (each priced and scored by a catalogue). Explain the trade-off in two or three sentences.",
);
const askReview = {
  technical: asker(
    CriticReview,
    "You review an MLOps architecture for technical risk: single points of failure, latency budget, availability, operability. The coded checks already found the listed findings; add only findings they missed (use new ids), each with evidence from the design and a recommendation.",
  ),
  cost: asker(
    CriticReview,
    "You review an MLOps architecture's cost: budget fit, dominant cost drivers, idle capacity, cheaper equivalents. The coded checks already found the listed findings; add only findings they missed (use new ids), each with evidence and a recommendation.",
  ),
};
const askNarrative = asker(
  Narrative,
  "Write a short executive summary (one paragraph, plain prose, no Markdown headings) of this MLOps design for an engineering manager: what it is, why, what it costs, the main risk. Use only the facts given.",
);

/** Reads the request's constraints. */
export function llmExtract(
  model: BaseChatModel,
  request: string,
  config: RunnableConfig,
): Promise<ThinkResult<LlmConstraints>> {
  return askExtract(model, config, request);
}

/** Chooses a pattern among the scored candidates; an infeasible choice is rejected and retried. */
export function llmChoosePattern(
  model: BaseChatModel,
  req: Requirements,
  candidates: Candidate[],
  config: RunnableConfig,
): Promise<ThinkResult<PlannerChoice>> {
  const { components, ...prices } = catalogueFor(req.cloud);
  // The cloud's catalogue: the roles the candidates are built from, with products and prices.
  const catalogue = {
    ...prices,
    roles: [...components.values()].map(({ id, name, service, fixed_usd, per_rps_usd }) => ({
      id,
      name,
      service,
      fixed_usd,
      per_rps_usd,
    })),
  };
  const prompt = JSON.stringify({ requirements: req, catalogue, candidates: z.array(Candidate).parse(candidates) });
  return askPattern(model, config, prompt, (choice) => {
    const c = candidates.find((x) => x.pattern === choice.pattern);
    if (c === undefined) return `${choice.pattern} is not a candidate`;
    return c.feasible ? null : `${choice.pattern} is infeasible: ${c.why}`;
  });
}

/** Reviews a design as the technical or the cost critic, given the coded checks' findings. */
export function llmReview(
  model: BaseChatModel,
  kind: "technical" | "cost",
  design: Design,
  req: Requirements,
  coded: z.infer<typeof Finding>[],
  config: RunnableConfig,
): Promise<ThinkResult<CriticReview>> {
  const prompt = JSON.stringify({
    requirements: req,
    design: { ...design, decisions: undefined },
    coded_findings: coded,
  });
  return askReview[kind](model, config, prompt);
}

/** Writes the report's executive summary. */
export function llmNarrate(
  model: BaseChatModel,
  design: Design,
  req: Requirements,
  findings: z.infer<typeof Finding>[],
  policy: PolicyReport,
  config: RunnableConfig,
): Promise<ThinkResult<Narrative>> {
  const prompt = JSON.stringify({
    requirements: req,
    pattern: design.pattern_name,
    monthly_usd: design.estimates.monthly_usd,
    latency_p95_ms: design.estimates.latency_p95_ms,
    availability: design.estimates.availability,
    decisions: design.decisions.map((d) => ({ topic: d.topic, choice: d.choice, reason: d.reason })),
    top_findings: findings.slice(0, 5),
    policy_violations: policy.violations,
  });
  return askNarrative(model, config, prompt);
}
