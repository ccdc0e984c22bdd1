/**
 * policy_eval: coded policy rules and the designer's invariants. A violation sends the plan
 * back to the planner with a directive that fixes it, at most MAX_REPLANS times; after
 * that the plan goes to the approval gate with the violations flagged, and the person
 * decides. An invariant the brief makes impossible is a warning the design explains.
 */
import { evaluatePolicies, MAX_REPLANS, withInvariants } from "../../../expert";
import { designerNode } from "../designer-node";
import { NODE_TITLES } from "../plan";
import type { MlopsStateType, MlopsUpdate } from "../state";

/** Builds the policy node. */
export function policyEvalNode() {
  return designerNode("policy_eval", NODE_TITLES.policy_eval, function policyEval(s: MlopsStateType, kit): MlopsUpdate {
    if (s.design === null || s.requirements === null) throw new Error("policy_eval ran before planner");
    const policy = withInvariants(evaluatePolicies(s.design, s.requirements), s.design, s.requirements);
    const loop = !policy.passed && s.replans < MAX_REPLANS;
    const failed = policy.results.filter((r) => r.status === "fail");
    const warned = policy.results.filter((r) => r.status === "warn");
    const applicable = policy.results.filter((r) => r.status !== "n/a");
    kit.card({
      reasoning: `${applicable.length} of ${policy.results.length} rules apply. ${applicable.map((r) => `${r.id} ${r.status}: ${r.detail}`).join(" ")}`,
      decision: policy.passed
        ? `All policies pass${warned.length > 0 ? ` (${warned.length} warning${warned.length === 1 ? "" : "s"})` : ""}`
        : loop
          ? `${failed.length} violation${failed.length === 1 ? "" : "s"} (${policy.violations.join(", ")}): re-plan ${s.replans + 1} of ${MAX_REPLANS}`
          : `${failed.length} violation${failed.length === 1 ? "" : "s"} remain after ${MAX_REPLANS} re-plans: flagged for approval`,
      confidence: 1,
      category: "policy",
      priority: policy.passed ? "low" : "high",
      inputs: { pattern: s.design.pattern, replans: s.replans },
      outputs: {
        results: policy.results.map((r) => ({ id: r.id, status: r.status })),
        violations: policy.violations,
        next_directives: loop ? policy.directives : null,
      },
      alternatives_considered: loop
        ? [
            {
              option: "accept the violations",
              reason_rejected: `${MAX_REPLANS - s.replans} re-plan${MAX_REPLANS - s.replans === 1 ? "" : "s"} left to fix them`,
            },
          ]
        : [],
      references: [],
    });
    return loop ? { policy, directives: policy.directives, replans: s.replans + 1 } : { policy };
  });
}
