/**
 * The records that events and views both carry: reason cards, questions and answers,
 * the cost estimate, the approval summary, the final outputs. Runtime-neutral.
 */
import { z } from "zod";
import { OutcomeStatus } from "./status";

/** An open JSON object: what an agent writes where the contract fixes no keys. */
export const Json = z.record(z.string(), z.unknown());

export const Priority = z.enum(["low", "medium", "high"]);

export const ReasonCard = z.object({
  agent: z.string(),
  node: z.string(),
  decision_set_id: z.string(),
  timestamp: z.string(),
  duration_ms: z.number().nonnegative(),
  reasoning: z.string(),
  decision: z.string(),
  confidence: z.number().min(0).max(1),
  category: z.string(),
  priority: Priority,
  inputs: Json,
  outputs: Json,
  alternatives_considered: z.array(z.object({ option: z.string(), reason_rejected: z.string() })).default([]),
  references: z.array(z.string()).default([]),
});
export type ReasonCard = z.infer<typeof ReasonCard>;

export const QuestionType = z.enum(["text", "choice", "number", "boolean"]);
export const Question = z.object({
  id: z.string(),
  question: z.string(),
  why: z.string(),
  type: QuestionType,
  choices: z.array(z.string()).optional(),
  default: z.union([z.string(), z.number(), z.boolean()]),
});
export type Question = z.infer<typeof Question>;

export const AnswerValue = z.union([z.string().max(2000), z.number().finite(), z.boolean()]);
export type AnswerValue = z.infer<typeof AnswerValue>;

export const Artifact = z.object({ path: z.string(), bytes: z.number().int().nonnegative() });

/** One line of a cost estimate: how much of what, per month. */
export const CostLine = z.looseObject({
  component: z.string(),
  quantity: z.number().optional(),
  unit: z.string().optional(),
  monthly_usd: z.number().finite(),
});
export type CostLine = z.infer<typeof CostLine>;

/**
 * A monthly cost estimate. Without `lines` it is a total alone (the approval summary's
 * `cost`). Loose: keys it does not name pass through untouched.
 */
export const CostEstimate = z.looseObject({
  monthly_usd: z.number().finite(),
  band: z.string().optional(),
  budget_usd: z.number().finite().nullable().optional(),
  currency: z.string().optional(),
  lines: z.array(CostLine).optional(),
});
export type CostEstimate = z.infer<typeof CostEstimate>;

/**
 * What the final gate shows a person before they approve: the plan, its cost, its risks
 * and the policy results. Every key is optional and the object is loose, so a summary
 * written before a key existed still reads.
 */
export const ApprovalSummary = z.looseObject({
  plan_summary: z.string().optional(),
  pattern: z.string().optional(),
  cost: CostEstimate.optional(),
  latency_p95_ms: z.number().nullable().optional(),
  availability: z.number().optional(),
  risks: z.array(z.string()).optional(),
  policy_results: z.array(z.looseObject({ id: z.string(), title: z.string(), status: z.string() })).optional(),
  violations: z.array(z.string()).optional(),
});
export type ApprovalSummary = z.infer<typeof ApprovalSummary>;

export const FinalOutputs = z.object({
  status: OutcomeStatus.default("completed"),
  report_markdown: z.string(),
  architecture: Json,
  /** An estimate, or an open object (empty when no plan was made; older runs' own shapes). */
  cost_estimate: z.union([CostEstimate, Json]),
  artifacts: z.array(Artifact),
  diff: Json.optional(),
});
export type FinalOutputs = z.infer<typeof FinalOutputs>;

export const PlannedNode = z.object({ id: z.string(), title: z.string() });
export type PlannedNode = z.infer<typeof PlannedNode>;

/** A workflow error: retried (a warning in the view) or final (it fails the run). */
export const WorkflowError = z.object({
  message: z.string(),
  node: z.string().optional(),
  retryable: z.boolean(),
  attempt: z.number().int().nonnegative(),
});
export type WorkflowError = z.infer<typeof WorkflowError>;

/** A retry of the job after a transient failure. */
export const JobRetry = z.object({
  attempt: z.number().int().positive(),
  delay_seconds: z.number().nonnegative(),
  reason: z.string(),
});
