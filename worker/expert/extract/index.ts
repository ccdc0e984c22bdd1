/**
 * Rule-based constraint extraction: numbers with their units, currencies and keywords read
 * from the user's text. Plain rules, so a fresh machine designs without a model and tests
 * are exact. Answers to the clarifying questions go through `applyAnswers` (answers.ts),
 * which reuses the same readers on free-text answers.
 */
import type { Constraints, Provenance } from "../schema";
import { budgetOf } from "./budget";
import { classificationOf, cloudOf, complianceOf, dataSourcesOf, exposureOf, projectName, regionsOf } from "./data";
import { deploymentOf, modelSizeOf, modelTypesOf, trainingOf, workloadsOf } from "./shape";
import {
  availabilityOf,
  dataVolumeOf,
  drOf,
  expertiseOf,
  latencyOf,
  percentileOf,
  teamSizeOf,
  throughputOf,
} from "./units";

/** A constraint set that knows nothing yet. */
export function emptyConstraints(description = ""): Constraints {
  return {
    project_name: null,
    project_description: description.slice(0, 8000),
    budget_band: null,
    budget_monthly_usd: null,
    deployment_preference: null,
    deployment_avoid: [],
    workload_types: null,
    throughput_rps: null,
    latency_p95_ms: null,
    latency_percentile: null,
    data_classification: null,
    data_sources: null,
    data_volume_gb: null,
    compliance: null,
    regions: null,
    availability_target: null,
    disaster_recovery: null,
    model_types: null,
    model_size: null,
    training_frequency: null,
    team_size: null,
    team_expertise: null,
    exposure: null,
    cloud: null,
    provenance: {},
  };
}

/** Reads every constraint the text states or clearly implies. Unknown stays null. */
export function extractConstraints(text: string): Constraints {
  const c = emptyConstraints(text.trim());
  const lower = text.toLowerCase();
  const set = <K extends keyof Constraints>(key: K, value: Constraints[K] | null | undefined) => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value) && value.length === 0 && key !== "compliance" && key !== "deployment_avoid") return;
    c[key] = value;
    if (key !== "deployment_avoid") c.provenance[key] = "text";
  };
  set("project_name", projectName(text));
  const budget = budgetOf(text);
  set("budget_monthly_usd", budget.usd);
  set("budget_band", budget.band);
  const deployment = deploymentOf(lower);
  set("deployment_preference", deployment.preference);
  set("deployment_avoid", deployment.avoid);
  const modelTypes = modelTypesOf(lower);
  set("model_types", modelTypes);
  set("workload_types", workloadsOf(lower));
  set("throughput_rps", throughputOf(lower));
  const latency = latencyOf(lower);
  set("latency_p95_ms", latency);
  if (latency !== null) set("latency_percentile", percentileOf(lower));
  set("compliance", complianceOf(text));
  set("data_classification", classificationOf(lower, c.compliance ?? []));
  set("data_sources", dataSourcesOf(lower));
  set("data_volume_gb", dataVolumeOf(lower));
  const cloud = cloudOf(lower);
  set("regions", regionsOf(text, cloud));
  set("availability_target", availabilityOf(lower));
  set("disaster_recovery", drOf(lower));
  set("model_size", modelSizeOf(lower, modelTypes ?? []));
  set("training_frequency", trainingOf(lower));
  set("team_size", teamSizeOf(lower));
  set("team_expertise", expertiseOf(lower));
  set("exposure", exposureOf(lower));
  set("cloud", cloud);
  return c;
}

/** Merges constraints from another thinker (the LLM) under the rules' own: null never overwrites. */
export function mergeConstraints(base: Constraints, extra: Partial<Constraints>, source: Provenance): Constraints {
  const out: Constraints = { ...base, provenance: { ...base.provenance } };
  for (const key of Object.keys(extra) as (keyof Constraints)[]) {
    if (key === "provenance" || key === "project_description") continue;
    const value = extra[key];
    if (value === null || value === undefined) continue;
    if (Array.isArray(value) && value.length === 0 && key !== "compliance") continue;
    // A field the text stated outright keeps its rule-read value; the other thinker fills gaps.
    if (out[key] !== null && base.provenance[key] === "text") continue;
    Object.assign(out, { [key]: value });
    out.provenance[key] = source;
  }
  return out;
}
