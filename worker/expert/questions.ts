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
import { niceRound } from "./text";

/** Most questions asked in one round (every critical field fits): more is a form, not a conversation. */
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
  // Every component, price and file depends on the target: when a round is asked, it is in it.
  if (coverage.missing.includes("cloud") && picked.length < MAX_QUESTIONS) {
    picked.push("cloud");
    score += FIELD_WEIGHTS.cloud / total;
  }
  for (const f of coverage.missing) {
    if (picked.length >= MAX_QUESTIONS || score >= coverage.threshold) break;
    if (picked.includes(f) || f === "project_description") continue;
    picked.push(f);
    score += FIELD_WEIGHTS[f] / total;
  }
  const questions = picked.slice(0, MAX_QUESTIONS).map((f) => question(f, c));
  const defaults = Object.fromEntries(questions.map((q) => [q.id, q.default]));
  return { questions, defaults };
}

function question(field: Field, c: Constraints): Question {
  const d = smartDefaults(c);
  switch (field) {
    case "workload_types": {
      const label = d.workload_types.map((w) => WORKLOAD_LABELS[w]).join(", ");
      const choices = [...new Set([label, ...Object.values(WORKLOAD_LABELS).filter((l) => l !== "retraining")])];
      return {
        id: field,
        question:
          "What does the system do with the model: answer requests, score in batches, or follow a stream of events?",
        why: "The workload picks the architecture pattern more than anything else.",
        type: "choice",
        choices,
        default: label,
      };
    }
    case "budget_monthly_usd":
      return {
        id: field,
        question: "What is the monthly cloud budget in USD?",
        why: "Over budget is a policy violation; the budget also decides DR tier, headroom and pattern.",
        type: "number",
        default: defaultBudget(c),
      };
    case "data_classification":
      return {
        id: field,
        question: "How sensitive is the data the model sees?",
        why: "Confidential and restricted data need customer-managed keys; restricted data needs private networking.",
        type: "choice",
        choices: [...FIELD_CHOICES.data_classification],
        default: d.data_classification,
      };
    case "compliance":
      return {
        id: field,
        question: "Which compliance regimes apply (GDPR, HIPAA, PCI-DSS, SOX, SOC2, ISO27001, CCPA, FedRAMP), or none?",
        why: "Each regime adds coded policy rules: PCI-DSS forbids public endpoints, GDPR keeps data in the EU.",
        type: "text",
        default: d.compliance.length === 0 ? "none" : d.compliance.join(", "),
      };
    case "availability_target":
      return {
        id: field,
        question: "What availability must the service reach (percent per month)?",
        why: "It sets the replica count, zones and whether a second region is needed.",
        type: "choice",
        choices: ["99", "99.5", "99.9", "99.95", "99.99"],
        default: String(d.availability_target),
      };
    case "latency_p95_ms":
      return {
        id: field,
        question: "What p95 latency must a prediction meet, in milliseconds?",
        why: "The critic checks the request path against it; it rules out cold starts or CPU for big models.",
        type: "number",
        default: d.latency_p95_ms ?? 1000,
      };
    case "throughput_rps":
      return {
        id: field,
        question: "How many requests (or events) per second at peak?",
        why: "Throughput sizes replicas and shards and decides whether per-request pricing stays cheap.",
        type: "number",
        default: d.throughput_rps,
      };
    case "deployment_preference":
      return {
        id: field,
        question: "Do you prefer a deployment style?",
        why: "A preference the team already knows is worth points in the pattern score.",
        type: "choice",
        choices: [...FIELD_CHOICES.deployment_preference],
        default: d.deployment_preference,
      };
    case "regions":
      return {
        id: field,
        question: "Which cloud region should it run in?",
        why: "Residency rules and user proximity depend on the region.",
        type: "text",
        default: d.regions.join(", "),
      };
    case "cloud":
      return {
        id: field,
        question: "Which cloud should it run on: AWS, Google Cloud, Azure, or self-hosted Kubernetes (on-premises)?",
        why: `Every service, price and generated file is for the target. Default ${CLOUD_NAMES[d.cloud]}: ${d.cloud_reason}.`,
        type: "choice",
        choices: [...FIELD_CHOICES.cloud],
        default: d.cloud,
      };
    case "disaster_recovery":
      return {
        id: field,
        question: "What disaster recovery do you need?",
        why: "DR tiers range from cross-region backups (5% extra) to a full second region (100% extra).",
        type: "choice",
        choices: [...FIELD_CHOICES.disaster_recovery],
        default: d.disaster_recovery,
      };
    case "model_size":
      return {
        id: field,
        question: "How large is the model?",
        why: "Large models need GPUs, which rules out Lambda and Fargate.",
        type: "choice",
        choices: [...FIELD_CHOICES.model_size],
        default: d.model_size,
      };
    case "training_frequency":
      return {
        id: field,
        question: "How often is the model retrained?",
        why: "Retraining frequency prices the training pipeline.",
        type: "choice",
        choices: [...FIELD_CHOICES.training_frequency],
        default: d.training_frequency,
      };
    case "team_expertise":
      return {
        id: field,
        question: "How experienced is the team with cloud operations?",
        why: "Kubernetes pays off for platform teams and hurts beginners.",
        type: "choice",
        choices: [...FIELD_CHOICES.team_expertise],
        default: d.team_expertise,
      };
    case "team_size":
      return {
        id: field,
        question: "How many engineers will run it?",
        why: "Operational load is shared by the team.",
        type: "number",
        default: d.team_size,
      };
    case "model_types":
      return {
        id: field,
        question: "What kind of model is it (classification, NLP, vision, LLM, forecasting …)?",
        why: "The model type sets its size and hardware.",
        type: "text",
        default: d.model_types.join(", "),
      };
    case "data_sources":
      return {
        id: field,
        question: "Where does the data come from (S3, a database, Kafka, an API …)?",
        why: "Sources decide ingestion components.",
        type: "text",
        default: d.data_sources.join(", ").replace(/_/g, " "),
      };
    case "project_description":
      return {
        id: field,
        question: "Describe the system in a sentence or two.",
        why: "Everything else is read from it.",
        type: "text",
        default: "",
      };
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
