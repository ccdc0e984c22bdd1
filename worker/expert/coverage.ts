/**
 * Coverage: how much of what a design needs is known. Each field has a weight; the score
 * is the covered share of the total weight. Critical fields are asked about whenever they
 * are missing, whatever the score; the rest only while the score is below the threshold.
 */
import type { Constraints, Coverage, Field } from "./schema";

/** Below this share of the weighted fields the expert asks before it plans. */
export const COVERAGE_THRESHOLD = 0.7;

/** Weight of each field in the coverage score (they sum to 100). */
export const FIELD_WEIGHTS: Record<Field, number> = {
  project_description: 1,
  workload_types: 14,
  budget_monthly_usd: 14,
  data_classification: 11,
  compliance: 10,
  availability_target: 8,
  latency_p95_ms: 8,
  throughput_rps: 6,
  deployment_preference: 4,
  data_sources: 3,
  regions: 4,
  disaster_recovery: 3,
  model_types: 4,
  model_size: 2,
  training_frequency: 2,
  team_size: 1,
  team_expertise: 2,
  cloud: 3,
};

/** Fields without which the design would be a guess. Latency counts only for online workloads. */
export function criticalFields(c: Constraints): Field[] {
  const fields: Field[] = [
    "workload_types",
    "budget_monthly_usd",
    "data_classification",
    "compliance",
    "availability_target",
  ];
  const online =
    c.workload_types === null || c.workload_types.some((w) => w === "realtime_inference" || w === "streaming");
  if (online) fields.push("latency_p95_ms");
  return fields;
}

/** True when the constraint set holds a value for `field`. */
export function isCovered(c: Constraints, field: Field): boolean {
  switch (field) {
    case "project_description":
      return c.project_description.trim().length >= 20;
    case "budget_monthly_usd":
      return c.budget_monthly_usd !== null || c.budget_band !== null;
    case "latency_p95_ms":
      // A batch-only request has no latency target to miss.
      return (
        c.latency_p95_ms !== null ||
        (c.workload_types !== null && !c.workload_types.some((w) => w === "realtime_inference" || w === "streaming"))
      );
    case "throughput_rps":
      return (
        c.throughput_rps !== null ||
        (c.workload_types !== null && !c.workload_types.some((w) => w === "realtime_inference" || w === "streaming"))
      );
    default:
      return c[field] !== null;
  }
}

/** Scores coverage and lists what is missing, critical fields first. */
export function assessCoverage(c: Constraints): Coverage {
  const fields = Object.keys(FIELD_WEIGHTS) as Field[];
  const covered = fields.filter((f) => isCovered(c, f));
  const missing = fields.filter((f) => !isCovered(c, f)).toSorted((a, b) => FIELD_WEIGHTS[b] - FIELD_WEIGHTS[a]);
  const total = fields.reduce((s, f) => s + FIELD_WEIGHTS[f], 0);
  const score = covered.reduce((s, f) => s + FIELD_WEIGHTS[f], 0) / total;
  const critical = criticalFields(c);
  const missingCritical = missing.filter((f) => critical.includes(f));
  return {
    score: Math.round(score * 1000) / 1000,
    threshold: COVERAGE_THRESHOLD,
    covered,
    missing,
    missing_critical: missingCritical,
    sufficient: score >= COVERAGE_THRESHOLD && missingCritical.length === 0,
  };
}
