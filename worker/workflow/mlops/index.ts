/**
 * The MLOps design workflow as the runner sees it: its plan, its graph, its input state
 * and its final outputs.
 */
import { z } from "zod";
import type { FinalOutputs } from "../../contract/events";
import { architectureSummary, Classification, Compliance, Design, DesignDiff } from "../../expert";
import type { RunnableGraph, WorkflowDefinition } from "../runtime";
import { buildMlopsGraph } from "./graph";
import { PLAN } from "./plan";
import { MlopsStatus } from "./state";

/** The part of the end state `finish` reads, checked rather than cast. */
const EndState = z.object({
  status: MlopsStatus.default("running"),
  report_markdown: z.string().default(""),
  design: Design.nullable().default(null),
  requirements: z
    .object({ compliance: z.array(Compliance), classification: Classification, budget_usd: z.number().nullable() })
    .nullable()
    .default(null),
  artifacts: z.array(z.object({ path: z.string(), bytes: z.number().int().nonnegative() })).default([]),
  diff: DesignDiff.nullable().default(null),
});
type EndState = z.infer<typeof EndState>;

/** The product's workflow: the thirteen-step MLOps designer. */
export const mlopsWorkflow: WorkflowDefinition = {
  graph_type: "mlops-design",
  plan: PLAN,
  build(args): RunnableGraph {
    return buildMlopsGraph(args);
  },
  input(job) {
    return { messages: job.messages, thread_id: job.thread_id, previous_id: job.previous_id };
  },
  finish(state) {
    return finalOutputs(EndState.parse(state));
  },
};

/** The final outputs from the end state: a completed design, or a rejected plan. */
export function finalOutputs(s: EndState): FinalOutputs {
  const { design, requirements: req } = s;
  const architecture = design !== null && req !== null ? architectureSummary(design, req) : {};
  const cost =
    design === null
      ? {}
      : {
          monthly_usd: design.estimates.monthly_usd,
          band: design.estimates.band,
          budget_usd: req?.budget_usd ?? null,
          currency: "USD",
          lines: design.components.map((c) => ({
            component: c.name,
            quantity: c.quantity,
            unit: c.unit,
            monthly_usd: c.monthly_usd,
          })),
        };
  if (s.status === "rejected") {
    // A rejected plan generates nothing: the outputs carry the plan and why it stopped.
    return { status: "rejected", report_markdown: s.report_markdown, architecture, cost_estimate: cost, artifacts: [] };
  }
  return {
    status: "completed",
    report_markdown: s.report_markdown,
    architecture,
    cost_estimate: cost,
    artifacts: s.artifacts,
    ...(s.diff === null ? {} : { diff: s.diff }),
  };
}
