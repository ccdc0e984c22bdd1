/** codegen: writes the repository for the approved design, every path sanitised. */
import { generateRepository } from "../../../expert";
import { designerNode } from "../designer-node";
import { NODE_TITLES } from "../plan";
import type { MlopsStateType, MlopsUpdate } from "../state";

/** Builds the code generation node. */
export function codegenNode() {
  return designerNode("codegen", NODE_TITLES.codegen, function codegen(s: MlopsStateType, kit): MlopsUpdate {
    if (s.design === null || s.requirements === null) throw new Error("codegen ran before planner");
    const files = generateRepository(s.design, s.requirements);
    const bytes = files.reduce((n, f) => n + new TextEncoder().encode(f.content).length, 0);
    const groups = new Map<string, number>();
    for (const f of files) {
      const top = f.path.includes("/") ? (f.path.split("/")[0] ?? f.path) : "(root)";
      groups.set(top, (groups.get(top) ?? 0) + 1);
    }
    const tf = files.filter((f) => f.path.endsWith(".tf")).length;
    kit.card({
      reasoning: `The ${s.design.pattern_name} design needs ${s.design.components.length} components: ${tf} Terraform files declare them, the service ships with a Dockerfile and tests, CI deploys through OIDC. Layout: ${[...groups].map(([d, n]) => `${d} (${n})`).join(", ")}.`,
      decision: `Generated ${files.length} files (${Math.round(bytes / 1024)} KB)`,
      confidence: 0.9,
      category: "codegen",
      priority: "medium",
      inputs: { pattern: s.design.pattern, components: s.design.components.map((c) => c.id) },
      outputs: { files: files.map((f) => f.path), bytes },
      alternatives_considered: [
        {
          option: "a generic template repository",
          reason_rejected: "it would not match the chosen services, regions or policy",
        },
      ],
      references: [],
    });
    return { files };
  });
}
