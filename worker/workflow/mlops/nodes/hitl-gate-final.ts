/**
 * hitl_gate_final: the approval gate before code generation. It pauses with the plan's
 * summary (pattern, cost, risks, policy results) and a deadline, then waits in
 * `interrupt()`. An approval goes on to codegen; a rejection ends the run: `finish()`
 * reports it as `status: "rejected"` (we do not re-plan from the comment; a follow-up
 * message on the thread starts a revised design instead). Its default, taken at the
 * deadline, is `{decision: "approved"}`: the gate's pause carries it to the Durable Object.
 */
import { z } from "zod";
import type { ApprovalSummary } from "../../../contract/events";
import { renderRejection, usd, type Approval } from "../../../expert";
import { awaitGate } from "../../gate";
import { node } from "../../runtime";
import type { NodeDeps } from "../deps";
import { NODE_TITLES } from "../plan";
import type { MlopsStateType, MlopsUpdate } from "../state";

const Decision = z.object({
  decision: z.enum(["approved", "rejected"]),
  comment: z.string().max(2000).optional(),
  approved_by: z.string().max(200).optional(),
});

/** Builds the approval gate. */
export function hitlGateFinalNode(deps: NodeDeps) {
  return node(
    "hitl_gate_final",
    NODE_TITLES.hitl_gate_final,
    function hitlGateFinal(s: MlopsStateType, kit): MlopsUpdate {
      const { design, requirements: req, policy } = s;
      if (design === null || req === null || policy === null) throw new Error("hitl_gate_final ran before policy_eval");
      const timeout = deps.services.hitlTimeoutSeconds;
      const risks = [...s.tech_findings, ...s.cost_findings].filter((f) => f.severity !== "info");
      const summary: ApprovalSummary = {
        plan_summary: design.summary,
        pattern: design.pattern_name,
        cost: { monthly_usd: design.estimates.monthly_usd, band: design.estimates.band, budget_usd: req.budget_usd },
        latency_p95_ms: design.estimates.latency_p95_ms,
        availability: design.estimates.availability,
        risks: risks.map((f) => `${f.severity}: ${f.title}`),
        policy_results: policy.results
          .filter((r) => r.status !== "n/a")
          .map((r) => ({ id: r.id, title: r.title, status: r.status })),
        violations: policy.violations,
      };
      const reason =
        policy.violations.length === 0
          ? `Approve the ${design.pattern_name} plan (${usd(design.estimates.monthly_usd)}/month) before code generation`
          : `Approve or reject the plan: ${policy.violations.length} policy violation${policy.violations.length === 1 ? "" : "s"} remain (${policy.violations.join(", ")})`;
      const { value: raw, source } = awaitGate(kit, {
        kind: "final",
        reason,
        timeoutSeconds: timeout,
        defaults: { decision: "approved" },
        summary,
        interruptValue: { reason, summary },
      });
      const parsed = Decision.safeParse(raw);
      // An unreadable decision is not an approval: nothing is generated on a guess.
      const approval: Approval = parsed.success
        ? {
            decision: parsed.data.decision,
            comment: parsed.data.comment ?? "",
            approved_by: parsed.data.approved_by ?? "",
            source,
          }
        : { decision: "rejected", comment: "the approval could not be read", approved_by: "", source: "user" };
      const approved = approval.decision === "approved";
      kit.card({
        reasoning: `${approved ? "Approved" : "Rejected"}${approval.approved_by === "" ? "" : ` by ${approval.approved_by}`}${approval.comment === "" ? "" : `: "${approval.comment}"`}. ${approved ? `Code generation follows${policy.violations.length > 0 ? `, with ${policy.violations.join(", ")} flagged in the report` : ""}.` : "The run ends as rejected; no code is generated."}`,
        decision: approved ? "Plan approved" : "Plan rejected",
        confidence: 1,
        category: "human-in-the-loop",
        priority: "high",
        inputs: { pattern: design.pattern, monthly_usd: design.estimates.monthly_usd, violations: policy.violations },
        outputs: { approval },
        alternatives_considered: [],
        references: [],
      });
      if (approved) return { approval };
      return { approval, status: "rejected", report_markdown: renderRejection(design, req, approval, policy) };
    },
  );
}
