/**
 * Adaptive questions: one per missing field that matters, critical fields first, each with
 * the smart default the expert would otherwise assume. Question ids are constraint field
 * names, so `applyAnswers` folds the answers straight back into the constraints.
 */
import type { Question } from "../contract/events";
import { assessCoverage, FIELD_WEIGHTS } from "./coverage";
import { smartDefaults } from "./defaults";
import { planDesign } from "./planner";
import { resolveRequirements } from "./defaults";
import { CLOUD_NAMES, FIELD_CHOICES, type Constraints, type Field, type Workload } from "./schema";
import texts from "./questions.json";
import { niceRound } from "./text";

/** Most questions asked in one round besides the target (every critical field fits): more is a form, not a conversation. */
export const MAX_QUESTIONS = 6;

const WORKLOAD_LABELS: Record<Workload, string> = {
  realtime_inference: "real-time API",
  batch_inference: "batch scoring",
  streaming: "streaming events",
  training: "retraining",
  analytics: "analytics dashboards",
};

/** The questions for what is missing, and the answers that would be taken by default. */
export function buildQuestions(c: Constraints): {
  questions: Question[];
  defaults: Record<string, string | number | boolean>;
} {
  const coverage = assessCoverage(c);
  if (coverage.sufficient) return { questions: [], defaults: {} };
  const picked: Field[] = [...coverage.missing_critical];
  let score = coverage.score;
  const total = Object.values(FIELD_WEIGHTS).reduce((s, w) => s + w, 0);
  for (const f of coverage.missing_critical) score += FIELD_WEIGHTS[f] / total;
  // Every component, price and file depends on the target: when a round is asked, it is in it,
  // on top of the others (a round holds the critical fields and the target).
  const target: Field[] = coverage.missing.includes("cloud") ? ["cloud"] : [];
  if (target.length > 0) score += FIELD_WEIGHTS.cloud / total;
  for (const f of coverage.missing) {
    if (picked.length >= MAX_QUESTIONS || score >= coverage.threshold) break;
    if (picked.includes(f) || f === "project_description") continue;
    picked.push(f);
    score += FIELD_WEIGHTS[f] / total;
  }
  const questions = [...picked.filter((f) => f !== "cloud").slice(0, MAX_QUESTIONS), ...target].map((f) =>
    question(f, c),
  );
  const defaults = Object.fromEntries(questions.map((q) => [q.id, q.default]));
  return { questions, defaults };
}

/** What each question asks and why, by field (`questions.json`). */
const TEXTS: Record<Field, { question: string; why: string }> = texts;

function question(field: Field, c: Constraints): Question {
  const d = smartDefaults(c);
  const { question: asked, why } = TEXTS[field];
  const ask = (
    type: Question["type"],
    value: string | number,
    choices?: readonly string[],
    because = why,
  ): Question => ({
    id: field,
    question: asked,
    why: because,
    type,
    ...(choices === undefined ? {} : { choices: [...choices] }),
    default: value,
  });
  const list = (v: readonly string[]) => (v.length === 0 ? "none" : v.join(", "));
  switch (field) {
    case "workload_types": {
      const label = d.workload_types.map((w) => WORKLOAD_LABELS[w]).join(", ");
      return ask("choice", label, [
        ...new Set([label, ...Object.values(WORKLOAD_LABELS).filter((l) => l !== "retraining")]),
      ]);
    }
    case "budget_monthly_usd":
      return ask("number", defaultBudget(c));
    case "availability_target":
      return ask("choice", String(d.availability_target), ["99", "99.5", "99.9", "99.95", "99.99"]);
    case "latency_p95_ms":
      return ask("number", d.latency_p95_ms ?? 1000);
    case "throughput_rps":
      return ask("number", d.throughput_rps);
    case "team_size":
      return ask("number", d.team_size);
    case "cloud":
      return ask("choice", d.cloud, FIELD_CHOICES.cloud, `${why} Default ${CLOUD_NAMES[d.cloud]}: ${d.cloud_reason}.`);
    case "data_classification":
    case "deployment_preference":
    case "disaster_recovery":
    case "model_size":
    case "training_frequency":
    case "team_expertise":
      return ask("choice", d[field], FIELD_CHOICES[field]);
    case "compliance":
      return ask("text", list(d.compliance));
    case "regions":
      return ask("text", d.regions.join(", "));
    case "model_types":
      return ask("text", d.model_types.join(", "));
    case "data_sources":
      return ask("text", d.data_sources.join(", ").replace(/_/g, " "));
    case "project_description":
      return ask("text", "");
  }
}

/**
 * The default budget: what the recommended design for everything else costs, with 20%
 * headroom, rounded to a figure a person would say. Taking it never fails the budget rule.
 */
function defaultBudget(c: Constraints): number {
  const req = resolveRequirements(c);
  const { design } = planDesign({ ...req, budget_usd: null });
  return niceRound(Math.max(100, design.estimates.monthly_usd * 1.2));
}
