/** The workflow's steps in their planned order, with the titles people see. */
import type { PlannedNode } from "../../contract/events";

export const NODE_TITLES = {
  intake_extract: "Extracting requirements",
  coverage_check: "Checking what is known",
  adaptive_questions: "Preparing clarifying questions",
  hitl_gate_input: "Waiting for your answers",
  planner: "Planning the architecture",
  critic_tech: "Reviewing technical risk",
  critic_cost: "Reviewing cost",
  policy_eval: "Checking policies",
  hitl_gate_final: "Waiting for plan approval",
  codegen: "Generating the repository",
  validators: "Validating the generated code",
  rationale_compile: "Writing the report",
  diff_and_persist: "Comparing with the previous design",
} as const;

export type NodeId = keyof typeof NODE_TITLES;

/** The thirteen steps, in order (loops re-run some of them). */
export const PLAN: PlannedNode[] = Object.entries(NODE_TITLES).map(([id, title]) => ({ id, title }));

/** Question rounds before the expert stops asking and assumes the defaults. */
export const MAX_QUESTION_ROUNDS = 2;
