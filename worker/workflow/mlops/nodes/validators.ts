/** validators: real static checks of the generated files, pass/warn/fail per check. */
import { validateRepository } from "../../../expert";
import { designerNode } from "../designer-node";
import { NODE_TITLES } from "../plan";
import type { MlopsStateType, MlopsUpdate } from "../state";

/** Builds the validation node. */
export function validatorsNode() {
  return designerNode("validators", NODE_TITLES.validators, function validators(s: MlopsStateType, kit): MlopsUpdate {
    if (s.design === null || s.requirements === null) throw new Error("validators ran before planner");
    const validation = validateRepository(s.files, { design: s.design, req: s.requirements });
    const notPassed = validation.checks.filter((c) => c.status !== "pass");
    kit.card({
      reasoning: `${validation.checks.length} checks over ${s.files.length} files. ${notPassed.length === 0 ? "Every check passed." : notPassed.map((c) => `${c.title} (${c.status}): ${c.details.slice(0, 3).join("; ")}`).join(" ")}`,
      decision: `${validation.passed} passed, ${validation.warned} warnings, ${validation.failed} failed`,
      confidence: 0.95,
      category: "validation",
      priority: validation.failed > 0 ? "high" : validation.warned > 0 ? "medium" : "low",
      inputs: { files: s.files.length },
      outputs: { checks: validation.checks.map((c) => ({ id: c.id, status: c.status })) },
      alternatives_considered: [],
      references: [],
    });
    return { validation };
  });
}
