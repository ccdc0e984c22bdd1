/**
 * One way to build a critic: a list of rules over the design, each giving its findings
 * with evidence and a recommendation. Both critics (technical and cost) are made here,
 * and so is their reason card and how a second thinker's findings join the coded ones.
 */
import type { ReasonCard } from "../../contract/events";
import type { Candidate, Design, Finding, Requirements } from "../schema";

/** What a critic reviews. */
export interface CriticInput {
  design: Design;
  req: Requirements;
  candidates: Candidate[];
}

/** One check: the findings it raises on the input (none, one or several). */
export type Rule = (x: CriticInput) => Finding | Finding[] | null;

/** A critic's reason card, before the runtime adds the node, time and ids. */
export type CriticCard = Omit<ReasonCard, "node" | "decision_set_id" | "timestamp" | "duration_ms">;

/** A reviewer of designs. */
export interface Critic {
  kind: "technical" | "cost";
  /** What one finding is, as the card says it: "technical risk", "cost issue". */
  what: string;
  /** Runs every rule in order. */
  review(x: CriticInput): Finding[];
  /** The card that reports `findings`, naming who thought and what they added. */
  card(findings: Finding[], thinking: { thinker: string; note: string }, summary: string, pattern: string): CriticCard;
}

/** Builds a critic from its rules. */
export function defineCritic(spec: {
  kind: Critic["kind"];
  what: string;
  category: string;
  rules: readonly Rule[];
}): Critic {
  return {
    kind: spec.kind,
    what: spec.what,
    review: (x) => spec.rules.flatMap((rule) => rule(x) ?? []),
    card(findings, thinking, summary, pattern) {
      const critical = findings.filter((f) => f.severity === "critical");
      const warnings = findings.filter((f) => f.severity === "warning");
      return {
        agent: thinking.thinker,
        reasoning: `${thinking.note}${summary} ${findings.length === 0 ? `No ${spec.what} found in the ${pattern} design.` : findings.map((f) => `[${f.severity}] ${f.title}: ${f.detail}`).join(" ")}`,
        decision:
          findings.length === 0
            ? `No ${spec.what} found`
            : `${findings.length} finding${findings.length === 1 ? "" : "s"}: ${critical.length} critical, ${warnings.length} warning${warnings.length === 1 ? "" : "s"}`,
        confidence: 0.8,
        category: spec.category,
        priority: critical.length > 0 ? "high" : warnings.length > 0 ? "medium" : "low",
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
    },
  };
}

/** The coded findings plus another thinker's new ones (it cannot drop a coded finding). */
export function mergeFindings(coded: Finding[], extra: Finding[]): Finding[] {
  const ids = new Set(coded.map((f) => f.id));
  return [...coded, ...extra.filter((f) => !ids.has(f.id)).map((f) => ({ ...f, id: `llm-${f.id}`.slice(0, 80) }))];
}
