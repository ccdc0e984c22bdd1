/** rationale_compile: the report (decisions, alternatives, cost, policy, risks, diagram). */
import { renderReport } from "../../../expert";
import { llmNarrate } from "../../llm/thinkers";
import { designerNode } from "../designer-node";
import { thinkingOf, type NodeDeps } from "../deps";
import { NODE_TITLES } from "../plan";
import type { MlopsStateType, MlopsUpdate } from "../state";

/** Builds the report node. */
export function rationaleCompileNode(deps: NodeDeps) {
  return designerNode(
    "rationale_compile",
    NODE_TITLES.rationale_compile,
    async function rationaleCompile(s: MlopsStateType, kit): Promise<MlopsUpdate> {
      const { design, requirements: req, constraints, policy } = s;
      if (design === null || req === null || constraints === null || policy === null)
        throw new Error("rationale_compile ran before policy_eval");
      const findings = [...s.tech_findings, ...s.cost_findings];
      let thinking = thinkingOf(null);
      let executive = "";
      if (deps.model !== null) {
        const result = await llmNarrate(deps.model, design, req, findings, policy, kit.config);
        thinking = thinkingOf(result);
        if (result.ok) executive = result.value.executive_summary;
      }
      const report = renderReport({
        design,
        req,
        constraints,
        candidates: s.candidates,
        findings,
        policy,
        validation: s.validation,
        approval: s.approval,
        replans: s.replans,
        executive_summary: executive,
      });
      const sections = report.split("\n").filter((l) => l.startsWith("## ")).length;
      kit.card({
        agent: thinking.thinker,
        reasoning: `${thinking.note} The report records ${design.decisions.length} decisions with their alternatives, ${design.components.length} cost lines, ${policy.results.length} policy results, ${findings.length} risks and a Mermaid diagram.`,
        decision: `Report written: ${sections} sections, ${report.length} characters`,
        confidence: 0.9,
        category: "report",
        priority: "low",
        inputs: { decisions: design.decisions.length, findings: findings.length },
        outputs: { sections, chars: report.length },
        alternatives_considered: [],
        references: [],
      });
      return { report_markdown: report, executive_summary: executive };
    },
  );
}
