/** critic_tech: single points of failure, the latency budget, availability, fit for the team. */
import { critiqueTech } from "../../../expert/critics";
import type { Finding } from "../../../expert/schema";
import { llmReview } from "../../llm/thinkers";
import { node } from "../../runtime";
import { thinkingOf, type NodeDeps } from "../deps";
import { NODE_TITLES } from "../plan";
import type { MlopsStateType, MlopsUpdate } from "../state";

/** Builds the technical critic. */
export function criticTechNode(deps: NodeDeps) {
  return node(
    "critic_tech",
    NODE_TITLES.critic_tech,
    async function criticTech(s: MlopsStateType, kit): Promise<MlopsUpdate> {
      if (s.design === null || s.requirements === null) throw new Error("critic_tech ran before planner");
      const coded = critiqueTech(s.design, s.requirements);
      let findings: Finding[] = coded;
      let thinking = thinkingOf(null);
      let summary = "";
      if (deps.model !== null) {
        const result = await llmReview(deps.model, "technical", s.design, s.requirements, coded, kit.config);
        thinking = thinkingOf(result);
        if (result.ok) {
          findings = mergeFindings(coded, result.value.findings);
          summary = ` ${result.value.summary}`;
        }
      }
      kit.card(findingsCard(findings, thinking, summary, "technical risk", s.design.pattern));
      return { tech_findings: findings };
    },
  );
}

/** The coded findings plus the model's new ones (a model cannot drop a coded finding). */
export function mergeFindings(coded: Finding[], extra: Finding[]): Finding[] {
  const ids = new Set(coded.map((f) => f.id));
  return [...coded, ...extra.filter((f) => !ids.has(f.id)).map((f) => ({ ...f, id: `llm-${f.id}`.slice(0, 80) }))];
}

/** The reason card of a critic. */
export function findingsCard(
  findings: Finding[],
  thinking: { thinker: string; note: string },
  summary: string,
  what: string,
  pattern: string,
) {
  const critical = findings.filter((f) => f.severity === "critical");
  const warnings = findings.filter((f) => f.severity === "warning");
  return {
    agent: thinking.thinker,
    reasoning: `${thinking.note}${summary} ${findings.length === 0 ? `No ${what} found in the ${pattern} design.` : findings.map((f) => `[${f.severity}] ${f.title}: ${f.detail}`).join(" ")}`,
    decision:
      findings.length === 0
        ? `No ${what} found`
        : `${findings.length} finding${findings.length === 1 ? "" : "s"}: ${critical.length} critical, ${warnings.length} warning${warnings.length === 1 ? "" : "s"}`,
    confidence: 0.8,
    category: what.startsWith("cost") ? "cost" : "risk",
    priority: critical.length > 0 ? ("high" as const) : warnings.length > 0 ? ("medium" as const) : ("low" as const),
    inputs: { pattern },
    outputs: {
      findings: findings.map((f) => ({
        id: f.id,
        severity: f.severity,
        title: f.title,
        recommendation: f.recommendation,
      })),
    },
    alternatives_considered: [],
    references: [],
  };
}
