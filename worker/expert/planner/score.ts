/**
 * Scoring: each draft 0..100 on workload fit, platform preference, cost, latency,
 * availability, operations and compliance; the reasons a candidate lost.
 */
import { PATTERN_MODULES } from "../patterns";
import { latencyAt, type Decision, type Directives, type Requirements } from "../schema";
import { usd } from "../text";
import type { Draft } from "./draft";

/** Scores a draft 0..100 against the requirements (feasibility aside). */
export function score(d: Draft, req: Requirements, minCost: number): void {
  const p = PATTERN_MODULES[d.pattern];
  const e = d.design.estimates;
  const fit = req.workloads.reduce((s, w) => s + p.fit[w], 0) / Math.max(1, req.workloads.length);
  // Without a preference every pattern gets the full points: the factor must not sway the choice.
  const preference = req.deployment === "no_preference" || p.platform === req.deployment ? 15 : 0;
  let cost: number;
  if (req.budget_usd !== null && req.budget_usd > 0) {
    const ratio = e.monthly_usd / req.budget_usd;
    cost = ratio <= 1 ? 20 * (1 - 0.5 * ratio) : Math.max(-20, -10 * (ratio - 1));
  } else {
    cost = 20 * (minCost / Math.max(1, e.monthly_usd));
  }
  const atTarget = e.latency_p95_ms === null ? null : latencyAt(req.latency_percentile, e.latency_p95_ms);
  const latency =
    req.latency_p95_ms === null || atTarget === null || atTarget <= req.latency_p95_ms
      ? 10
      : (10 * req.latency_p95_ms) / atTarget;
  const availability =
    e.availability >= req.availability ? 10 : (10 * (100 - req.availability)) / Math.max(1e-6, 100 - e.availability);
  const capability =
    { beginner: 1, intermediate: 2.5, expert: 4 }[req.expertise] +
    (req.team_size >= 5 ? 0.5 : req.team_size <= 2 ? -0.5 : 0);
  const ops = Math.max(0, 10 - 3.5 * Math.max(0, p.ops_complexity - capability));
  const compliance = d.design.components.every((c) => req.compliance.every((r) => c.compliance.includes(r))) ? 5 : 0;
  if (compliance === 0 && d.infeasible === null)
    d.infeasible = `a component is not eligible for ${req.compliance.join(", ")}`;
  const breakdown = { workload_fit: 30 * fit, preference, cost, latency, availability, operations: ops, compliance };
  d.design.score_breakdown = Object.fromEntries(Object.entries(breakdown).map(([k, v]) => [k, round1(v)]));
  d.design.score = round1(Object.values(breakdown).reduce((s, v) => s + v, 0));
}

const FACTOR_NAMES: Record<string, string> = {
  workload_fit: "fits the workloads less well",
  preference: "not the preferred platform",
  cost: "costs more",
  latency: "slower than the latency target",
  availability: "lower availability",
  operations: "heavier to operate for this team",
  compliance: "compliance gaps",
};
const FACTOR_MAX: Record<string, number> = {
  workload_fit: 30,
  preference: 15,
  cost: 20,
  latency: 10,
  availability: 10,
  operations: 10,
  compliance: 5,
};

/** The factor a candidate lost most on, as a reason. */
export function weakest(breakdown: Record<string, number>): string {
  let worst = "";
  let loss = -Infinity;
  for (const [k, v] of Object.entries(breakdown)) {
    const l = (FACTOR_MAX[k] ?? 0) - v;
    if (l > loss) {
      loss = l;
      worst = k;
    }
  }
  return FACTOR_NAMES[worst] ?? "scored lower";
}

/** The pattern decision: why the chosen pattern won and why each other lost. */
export function patternDecision(chosen: Draft, ranked: Draft[], d: Directives, byModel: boolean): Decision {
  const top = Object.entries(chosen.design.score_breakdown)
    .toSorted((a, b) => b[1] / (FACTOR_MAX[b[0]] ?? 1) - a[1] / (FACTOR_MAX[a[0]] ?? 1))
    .slice(0, 3)
    .map(([k, v]) => `${k.replace(/_/g, " ")} ${v}/${FACTOR_MAX[k] ?? 0}`);
  const how = byModel
    ? `the model's choice (catalogue score ${chosen.design.score}/100: ${top.join(", ")})`
    : d.cost_level >= 2
      ? "the cheapest feasible pattern (the budget failed twice)"
      : `the best score, ${chosen.design.score}/100 (${top.join(", ")})`;
  return {
    topic: "Architecture pattern",
    choice: chosen.design.pattern_name,
    reason: `Chosen as ${how}; ${usd(chosen.design.estimates.monthly_usd)}/month.`,
    alternatives: ranked
      .filter((r) => r.pattern !== chosen.pattern)
      .map((r) => ({
        option: r.design.pattern_name,
        reason_rejected:
          r.infeasible ??
          `${weakest(r.design.score_breakdown)} (score ${r.design.score}, ${usd(r.design.estimates.monthly_usd)}/month)`,
      })),
  };
}

/** Rounds to one decimal. */
export function round1(v: number): number {
  return Math.round(v * 10) / 10;
}
