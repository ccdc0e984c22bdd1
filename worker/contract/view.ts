/**
 * The view of a decision set, as the reducer builds it, the Durable Object stores and
 * sends it (the `snapshot` event, `GET /api/decision-sets/:id`), and the page renders it.
 * Runtime-neutral.
 */
import { z } from "zod";
import { GateAnswer } from "./gate";
import * as shapes from "./shapes";
import { Status } from "./status";

export const StepView = z.object({
  node: z.string(),
  title: z.string(),
  status: z.enum(["running", "done", "failed"]),
  started_at: z.string(),
  duration_ms: z.number().optional(),
  message: z.string().optional(),
  outputs: shapes.Json.optional(),
  cards: z.array(shapes.ReasonCard),
  /** The agent's streamed text (ephemeral `token` events); never part of a snapshot. */
  live_text: z.string().optional(),
});
export type StepView = z.infer<typeof StepView>;

export const QuestionsView = z.object({
  /** The step that asked (the one running when the questions arrived). */
  node: z.string().optional(),
  questions: z.array(shapes.Question),
  smart_defaults: shapes.Json,
  deadline: z.string(),
  timeout_seconds: z.number(),
  answered: GateAnswer.optional(),
});
export type QuestionsView = z.infer<typeof QuestionsView>;

export const ApprovalView = z.object({
  /** The step that asked for approval. */
  node: z.string().optional(),
  reason: z.string(),
  deadline: z.string().optional(),
  summary: shapes.ApprovalSummary.optional(),
  decided: GateAnswer.optional(),
});
export type ApprovalView = z.infer<typeof ApprovalView>;

/** The view without the reducer's own bookkeeping (events waiting behind a gap): what a snapshot carries. */
export const ViewSnapshot = z.object({
  decision_set_id: z.string(),
  /** The highest seq applied; every seq up to it has been applied once. */
  last_seq: z.number().int().nonnegative(),
  status: Status,
  run_id: z.string().optional(),
  thread_id: z.string().optional(),
  job_id: z.string().optional(),
  attempt: z.number(),
  planned_nodes: z.array(shapes.PlannedNode),
  completed_nodes: z.array(z.string()),
  steps: z.array(StepView),
  questions: QuestionsView.optional(),
  approval: ApprovalView.optional(),
  final_outputs: shapes.FinalOutputs.optional(),
  error: shapes.WorkflowError.optional(),
  warnings: z.array(z.object({ message: z.string(), node: z.string().optional() })),
  retries: z.array(shapes.JobRetry),
  cancelled_by: z.string().optional(),
  started_at: z.string().optional(),
  ended_at: z.string().optional(),
  /** Set by `caught-up`: the view shows the present, not a replay in progress. */
  caught_up: z.boolean(),
});
export type ViewSnapshot = z.infer<typeof ViewSnapshot>;
