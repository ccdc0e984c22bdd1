/** critic_cost: budget fit, dominant cost drivers, idle GPUs and cheaper alternatives. */
import { critiqueCost } from "../../../expert/critics";
import type { Finding } from "../../../expert/schema";
import { llmReview } from "../../llm/thinkers";
import { node } from "../../runtime";
import { thinkingOf, type NodeDeps } from "../deps";
import { NODE_TITLES } from "../plan";
import type { MlopsStateType, MlopsUpdate } from "../state";
import { findingsCard, mergeFindings } from "./critic-tech";

/** Builds the cost critic. */
export function criticCostNode(deps: NodeDeps) {
  return node(
    "critic_cost",
    NODE_TITLES.critic_cost,
    async function criticCost(s: MlopsStateType, kit): Promise<MlopsUpdate> {
      if (s.design === null || s.requirements === null) throw new Error("critic_cost ran before planner");
      const coded = critiqueCost(s.design, s.requirements, s.candidates);
      let findings: Finding[] = coded;
      let thinking = thinkingOf(null);
      let summary = "";
      if (deps.model !== null) {
        const result = await llmReview(deps.model, "cost", s.design, s.requirements, coded, kit.config);
        thinking = thinkingOf(result);
        if (result.ok) {
          findings = mergeFindings(coded, result.value.findings);
          summary = ` ${result.value.summary}`;
        }
      }
      kit.card(findingsCard(findings, thinking, summary, "cost issue", s.design.pattern));
      return { cost_findings: findings };
    },
  );
}
