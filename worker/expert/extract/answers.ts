/** Answers to the clarifying questions, read with the same rules as the request text. */
import type { AnswerValue } from "../../contract/events";
import { FIELD_CHOICES, type Constraints } from "../schema";
import { parseNumber } from "../text";
import { bandOf, budgetOf } from "./budget";
import { classificationOf, cloudOf, complianceOf, dataSourcesOf, regionsOf } from "./data";
import { deploymentOf, modelSizeOf, modelTypesOf, trainingOf, workloadsOf } from "./shape";
import { drOf, expertiseOf, latencyOf, percentileOf, throughputOf } from "./units";

/** What applying answers did: which fields changed, and which answers could not be read. */
export interface AnswerEffect {
  constraints: Constraints;
  applied: string[];
  ignored: string[];
}

/**
 * Folds the answers to the clarifying questions into the constraints. Question ids are
 * constraint field names; answers always win over the text (the person was asked).
 */
export function applyAnswers(base: Constraints, answers: Record<string, AnswerValue>): AnswerEffect {
  const c: Constraints = { ...base, provenance: { ...base.provenance } };
  const applied: string[] = [];
  const ignored: string[] = [];
  const put = <K extends keyof Constraints>(key: K, value: Constraints[K] | null) => {
    if (value === null) {
      ignored.push(key);
      return;
    }
    c[key] = value;
    c.provenance[key] = "answer";
    applied.push(key);
  };
  for (const [id, raw] of Object.entries(answers)) {
    const text = String(raw).trim();
    const lower = text.toLowerCase();
    switch (id) {
      case "budget_monthly_usd": {
        const n =
          typeof raw === "number" ? raw : (budgetOf(/[$€£]|usd|eur|gbp/i.test(text) ? text : `$${text}`).usd ?? null);
        put("budget_monthly_usd", n !== null && n >= 0 ? n : null);
        if (n !== null && n >= 0) {
          c.budget_band = bandOf(n);
          c.provenance.budget_band = "answer";
        }
        break;
      }
      case "workload_types":
        put("workload_types", workloadsOf(lower.replace(/_/g, " ").replace(/realtime inference/g, "real-time api")));
        break;
      case "throughput_rps": {
        const n = typeof raw === "number" ? raw : (throughputOf(`${lower} rps`) ?? parseNumber(lower));
        put("throughput_rps", n !== null && n >= 0 ? n : null);
        break;
      }
      case "latency_p95_ms": {
        const n =
          typeof raw === "number"
            ? raw
            : (latencyOf(`latency ${/\d\s*(ms|s)\b/.test(lower) ? lower : `${lower} ms`}`) ?? null);
        put("latency_p95_ms", n !== null && n > 0 ? n : null);
        // "p99 200 ms" keeps its percentile, as in the request text.
        const percentile = percentileOf(lower);
        if (n !== null && n > 0 && percentile !== null) {
          c.latency_percentile = percentile;
          c.provenance.latency_percentile = "answer";
        }
        break;
      }
      case "availability_target": {
        const n = typeof raw === "number" ? raw : Number(lower.replace(/%/g, ""));
        put("availability_target", Number.isFinite(n) && n >= 90 && n < 100 ? n : null);
        break;
      }
      case "data_classification":
        put("data_classification", oneOf(FIELD_CHOICES.data_classification, lower) ?? classificationOf(lower, []));
        break;
      case "compliance":
        put("compliance", /^(none|no|n\/a|-)?$/.test(lower) ? [] : complianceOf(text));
        break;
      case "deployment_preference":
        put(
          "deployment_preference",
          oneOf(FIELD_CHOICES.deployment_preference, lower.replace(/ /g, "_")) ?? deploymentOf(lower).preference,
        );
        break;
      case "regions":
        put("regions", regionsOf(text, c.cloud));
        break;
      case "cloud":
        put("cloud", oneOf(FIELD_CHOICES.cloud, lower.replace(/[ -]/g, "_")) ?? cloudOf(lower));
        break;
      case "disaster_recovery":
        put("disaster_recovery", oneOf(FIELD_CHOICES.disaster_recovery, lower.replace(/[ -]/g, "_")) ?? drOf(lower));
        break;
      case "model_size":
        put("model_size", oneOf(FIELD_CHOICES.model_size, lower) ?? modelSizeOf(lower, []));
        break;
      case "model_types":
        put("model_types", modelTypesOf(lower));
        break;
      case "training_frequency":
        put("training_frequency", oneOf(FIELD_CHOICES.training_frequency, lower) ?? trainingOf(`retrain ${lower}`));
        break;
      case "team_expertise":
        put("team_expertise", oneOf(FIELD_CHOICES.team_expertise, lower) ?? expertiseOf(lower));
        break;
      case "team_size": {
        const n = typeof raw === "number" ? raw : parseNumber(lower);
        put("team_size", n !== null && Number.isInteger(n) && n > 0 ? n : null);
        break;
      }
      case "data_sources":
        put("data_sources", dataSourcesOf(lower));
        break;
      default:
        ignored.push(id);
    }
  }
  return { constraints: c, applied, ignored };
}

function oneOf<T extends string>(values: readonly T[], text: string): T | null {
  return values.find((v) => v === text) ?? null;
}
