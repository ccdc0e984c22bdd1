/** coverage_check: scores how much of what the design needs is known. */
import { assessCoverage, FIELD_WEIGHTS } from "../../../expert";
import { designerNode } from "../designer-node";
import { NODE_TITLES } from "../plan";
import type { MlopsStateType, MlopsUpdate } from "../state";

/** Builds the coverage node. */
export function coverageCheckNode() {
  return designerNode(
    "coverage_check",
    NODE_TITLES.coverage_check,
    function coverageCheck(s: MlopsStateType, kit): MlopsUpdate {
      if (s.constraints === null) throw new Error("coverage_check ran before intake_extract");
      const coverage = assessCoverage(s.constraints);
      const pct = Math.round(coverage.score * 100);
      kit.card({
        reasoning: `Weighted coverage is ${pct}% against a ${Math.round(coverage.threshold * 100)}% threshold. Missing: ${coverage.missing.length === 0 ? "nothing" : coverage.missing.map((f) => `${f} (${FIELD_WEIGHTS[f]})`).join(", ")}. Critical fields are asked about whatever the score.`,
        decision: coverage.sufficient
          ? "Enough is known to plan"
          : `${coverage.missing_critical.length} critical field${coverage.missing_critical.length === 1 ? "" : "s"} missing${coverage.score < coverage.threshold ? ", coverage below threshold" : ""}`,
        confidence: coverage.score,
        category: "requirements",
        priority: coverage.missing_critical.length > 0 ? "high" : "low",
        inputs: { known_fields: coverage.covered.length },
        outputs: { score: coverage.score, missing: coverage.missing, missing_critical: coverage.missing_critical },
        alternatives_considered: coverage.sufficient
          ? []
          : [
              {
                option: "plan on assumptions now",
                reason_rejected: "a wrong guess on a critical field changes the whole design",
              },
            ],
        references: [],
      });
      return { coverage };
    },
  );
}
