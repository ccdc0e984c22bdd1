/** planner: scores every architecture pattern against the requirements and plans the best one. */
import { planDesign, resolveRequirements, usd, type PatternId } from "../../../expert";
import { llmChoosePattern } from "../../llm/thinkers";
import { designerNode } from "../designer-node";
import { thinkingOf, type NodeDeps } from "../deps";
import { NODE_TITLES } from "../plan";
import type { MlopsStateType, MlopsUpdate } from "../state";

/** Builds the planner node. */
export function plannerNode(deps: NodeDeps) {
  return designerNode(
    "planner",
    NODE_TITLES.planner,
    async function planner(s: MlopsStateType, kit): Promise<MlopsUpdate> {
      if (s.constraints === null) throw new Error("planner ran before intake_extract");
      const req = resolveRequirements(s.constraints);
      const scored = planDesign(req, s.directives, s.replans);
      let prefer: PatternId | null = null;
      let thinking = thinkingOf(null);
      let llmReasoning = "";
      // After two budget failures the cheapest feasible pattern is policy's call, not the model's.
      if (deps.model !== null && s.directives.cost_level < 2) {
        const result = await llmChoosePattern(deps.model, req, scored.candidates, kit.config);
        thinking = thinkingOf(result);
        if (result.ok) {
          prefer = result.value.pattern;
          llmReasoning = result.value.reasoning;
        }
      }
      const { design, candidates } = prefer === null ? scored : planDesign(req, s.directives, s.replans, prefer);
      const first = design.decisions[0];
      const replanNote =
        s.replans === 0
          ? ""
          : ` Re-plan ${s.replans} after policy violations (${s.policy?.violations.join(", ") ?? "?"}): ${[
              s.directives.force_private ? "private endpoints" : "",
              s.directives.force_kms ? "customer-managed keys" : "",
              s.directives.force_audit ? "audit trail" : "",
              s.directives.eu_only ? "EU regions only" : "",
              s.directives.cost_level === 1
                ? "lean sizing"
                : s.directives.cost_level === 2
                  ? "cheapest feasible pattern"
                  : "",
            ]
              .filter((x) => x !== "")
              .join(", ")}.`;
      kit.card({
        agent: thinking.thinker,
        reasoning: `${thinking.note}${llmReasoning === "" ? "" : ` ${llmReasoning}`} ${first?.reason ?? ""} Estimated p95 ${design.estimates.latency_p95_ms ?? "n/a"} ms, availability ${design.estimates.availability}%, ${design.components.length} components.${replanNote}`,
        decision: `${design.pattern_name}: ${usd(design.estimates.monthly_usd)}/month (${design.estimates.band})`,
        confidence: Math.max(0.3, Math.min(0.95, design.score / 100)),
        category: "architecture",
        priority: "high",
        inputs: {
          workloads: req.workloads,
          rps: req.rps,
          budget_usd: req.budget_usd,
          compliance: req.compliance,
          directives: s.directives,
          revision: s.replans,
        },
        outputs: {
          pattern: design.pattern,
          monthly_usd: design.estimates.monthly_usd,
          band: design.estimates.band,
          latency_p95_ms: design.estimates.latency_p95_ms,
          availability: design.estimates.availability,
          score_breakdown: design.score_breakdown,
        },
        alternatives_considered: first?.alternatives ?? [],
        references: [],
      });
      return { requirements: req, design, candidates };
    },
  );
}
