/**
 * The planner: drafts a concrete design for each architecture pattern, scores every
 * pattern against the requirements, and keeps the best feasible one. The policy loop
 * steers it with `Directives` (force private networking, trim cost, exclude a pattern).
 */
import { cadenceOf } from "../extract/cadence";
import { PATTERN_MODULES } from "../patterns";
import { usd } from "../text";
import { PATTERNS, type Candidate, type Design, type Directives, type PatternId, type Requirements } from "../schema";
import { draft } from "./draft";
import { patternDecision, round1, score, weakest } from "./score";

/** The planner's starting point: no overrides, recommended (not lean) sizing. */
export const DEFAULT_DIRECTIVES: Directives = {
  force_private: false,
  force_kms: false,
  force_audit: false,
  eu_only: false,
  cost_level: 0,
  excluded_patterns: [],
};

/** The design the planner recommends and every pattern it weighed. */
export interface PlanResult {
  design: Design;
  candidates: Candidate[];
}

/**
 * Plans the best feasible design. At `cost_level` 2 the cheapest feasible pattern wins
 * instead of the best-scoring one: the budget has already failed twice.
 */
export function planDesign(
  req: Requirements,
  directives: Directives = DEFAULT_DIRECTIVES,
  revision = 0,
  prefer: PatternId | null = null,
): PlanResult {
  const drafts = PATTERNS.map((p) => draft(PATTERN_MODULES[p], req, directives, revision));
  const feasible = drafts.filter((d) => d.infeasible === null);
  const minCost = Math.min(...feasible.map((d) => d.design.estimates.monthly_usd));
  for (const d of drafts) score(d, req, Number.isFinite(minCost) ? minCost : d.design.estimates.monthly_usd);
  const ranked = drafts.toSorted(
    (a, b) =>
      Number(a.infeasible !== null) - Number(b.infeasible !== null) ||
      b.design.score - a.design.score ||
      PATTERNS.indexOf(a.pattern) - PATTERNS.indexOf(b.pattern),
  );
  const byCost = feasible.toSorted((a, b) => a.design.estimates.monthly_usd - b.design.estimates.monthly_usd);
  // With nothing feasible (every pattern excluded), the best-scoring one is still returned
  // so that policy can report why; the design says so in its decisions.
  // A pattern chosen by another thinker (the LLM) wins when it is feasible.
  const preferred = prefer === null ? undefined : feasible.find((d) => d.pattern === prefer);
  const chosen = preferred ?? (directives.cost_level >= 2 ? byCost[0] : undefined) ?? ranked[0];
  if (chosen === undefined) throw new Error("the pattern catalogue is empty");
  const candidates: Candidate[] = ranked.map((d) => ({
    pattern: d.pattern,
    feasible: d.infeasible === null,
    score: round1(d.design.score),
    monthly_usd: Math.round(d.design.estimates.monthly_usd),
    why: d.infeasible ?? weakest(d.design.score_breakdown),
  }));
  const design = chosen.design;
  design.decisions.unshift(patternDecision(chosen, ranked, directives, preferred !== undefined));
  const cadence = cadenceOf(req.description);
  if (cadence !== null)
    design.decisions.push({
      topic: "Workload shape",
      choice: cadence.shape,
      reason: `The brief says "${cadence.words}": ${cadence.shape === "batch" ? "volumes by the period with nobody waiting are scored in scheduled batch runs" : "a continuous stream with seconds to act is scored as events arrive"}.`,
      alternatives: [
        { option: "real-time endpoints", reason_rejected: "would stand idle between runs or poll the stream" },
      ],
    });
  if (req.budget_usd !== null && design.estimates.monthly_usd > req.budget_usd)
    design.decisions.push(overageDecision(design, req.budget_usd));
  return { design, candidates };
}

/** What a design over budget costs beyond it, and the components that drive the cost. */
function overageDecision(design: Design, budget: number): Design["decisions"][number] {
  const over = design.estimates.monthly_usd - budget;
  const drivers = design.components
    .toSorted((a, b) => b.monthly_usd - a.monthly_usd)
    .slice(0, 3)
    .map((c) => `${c.name} ${usd(c.monthly_usd)}`);
  return {
    topic: "Budget overage",
    choice: `${usd(over)} a month over the ${usd(budget)} budget`,
    reason: `${usd(design.estimates.monthly_usd)} a month; the largest items: ${drivers.join(", ")}.`,
    alternatives: [],
  };
}
