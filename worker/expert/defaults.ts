/**
 * Smart defaults: what the expert assumes for a field nobody stated, derived from what is
 * known (PCI-DSS implies restricted data; GDPR implies an EU region; an LLM implies a large
 * model and a slower latency budget). The same values are the defaults offered with the
 * clarifying questions and the assumptions the planner works with, so the report can
 * list every assumption it made.
 */
import { residencyOf } from "./extract/residency";
import { gpusOf } from "./extract/units";
import { cloudOfRegion, defaultRegion, isEuRegion, regionOn } from "./catalogue/regions";
import {
  CLOUD_NAMES,
  type Cloud,
  type Classification,
  type Compliance,
  type Constraints,
  type Deployment,
  type DrTier,
  type Expertise,
  type Exposure,
  type ModelSize,
  type ModelType,
  type Requirements,
  type TrainingFrequency,
  type Workload,
} from "./schema";
import { slugify } from "./text";

/** Every field's default, given what is known. */
export interface Defaults {
  workload_types: Workload[];
  throughput_rps: number;
  latency_p95_ms: number | null;
  availability_target: number;
  data_classification: Classification;
  compliance: Compliance[];
  regions: string[];
  cloud: Cloud;
  /** Why that target is assumed when the brief names none: the question's and the card's reason. */
  cloud_reason: string;
  disaster_recovery: DrTier;
  model_types: ModelType[];
  model_size: ModelSize;
  training_frequency: TrainingFrequency;
  team_size: number;
  team_expertise: Expertise;
  deployment_preference: Deployment;
  exposure: Exposure;
  data_sources: string[];
  data_volume_gb: number;
}

/** Computes each default from the facts already known (never from time or chance). */
export function smartDefaults(c: Constraints): Defaults {
  const models = c.model_types ?? ["classification"];
  const sources = c.data_sources ?? [];
  const workloads = c.workload_types ?? defaultWorkloads(models, sources, c.training_frequency);
  const compliance = c.compliance ?? (c.regions?.some(isEuRegion) === true ? ["GDPR" as const] : []);
  const classification = c.data_classification ?? classificationFor(compliance);
  const realtime = workloads.includes("realtime_inference");
  const streaming = workloads.includes("streaming");
  const size =
    c.model_size ??
    (models.includes("llm")
      ? "large"
      : models.some((m) => m === "computer_vision" || m === "nlp")
        ? "medium"
        : "small");
  const latency = realtime
    ? models.includes("llm")
      ? 2000
      : size === "large" || size === "xlarge"
        ? 800
        : models.includes("computer_vision")
          ? 500
          : 200
    : streaming
      ? 1000
      : null;
  const availability =
    c.availability_target ?? (realtime || streaming ? (c.exposure === "public" ? 99.95 : 99.9) : 99.5);
  const { cloud, reason } = c.cloud === null ? defaultCloud(c) : { cloud: c.cloud, reason: "named in the request" };
  const regions = (c.regions ?? [defaultRegion(cloud, compliance.includes("GDPR"))]).map((r) => regionOn(cloud, r));
  const dr: DrTier =
    c.disaster_recovery ??
    (availability >= 99.99 ? "multi_region_active" : availability >= 99.95 ? "warm_standby" : "backup_restore");
  return {
    workload_types: workloads,
    throughput_rps: c.throughput_rps ?? (streaming ? 200 : realtime ? 20 : 0),
    latency_p95_ms: c.latency_p95_ms ?? latency,
    availability_target: availability,
    data_classification: classification,
    compliance,
    regions,
    cloud,
    cloud_reason: reason,
    disaster_recovery: dr,
    model_types: models,
    model_size: size,
    training_frequency: c.training_frequency ?? (workloads.includes("training") ? "weekly" : "monthly"),
    team_size: c.team_size ?? 3,
    team_expertise: c.team_expertise ?? (c.team_size !== null && c.team_size <= 2 ? "beginner" : "intermediate"),
    deployment_preference: c.deployment_preference ?? "no_preference",
    exposure: c.exposure ?? (classification === "restricted" || !realtime ? "private" : "public"),
    data_sources: sources.length > 0 ? sources : [streaming ? "kinesis" : "object_storage"],
    data_volume_gb: c.data_volume_gb ?? (streaming ? 500 : 100),
  };
}

function defaultWorkloads(models: ModelType[], sources: string[], training: TrainingFrequency | null): Workload[] {
  const out: Workload[] = [];
  if (sources.some((s) => s === "kafka" || s === "kinesis" || s === "iot")) out.push("streaming");
  else if (models.length > 0 && models.every((m) => m === "forecasting")) out.push("batch_inference");
  else out.push("realtime_inference");
  if (training !== null && training !== "none") out.push("training");
  return out;
}

/**
 * The target when the brief names none: the cloud a named region belongs to, AWS when the
 * data already arrives on Kinesis, else AWS as the target with the widest managed catalogue.
 */
function defaultCloud(c: Constraints): { cloud: Cloud; reason: string } {
  for (const r of c.regions ?? []) {
    const owner = cloudOfRegion(r);
    if (owner !== null) return { cloud: owner, reason: `${r} is a ${CLOUD_NAMES[owner]} region` };
  }
  if (c.data_sources?.includes("kinesis") === true) return { cloud: "aws", reason: "the data arrives on Kinesis" };
  return {
    cloud: "aws",
    reason: "no cloud was named; AWS has a managed service for every role (answer to design for another target)",
  };
}

function classificationFor(compliance: Compliance[]): Classification {
  if (compliance.includes("PCI-DSS") || compliance.includes("HIPAA")) return "restricted";
  if (compliance.length > 0) return "confidential";
  return "internal";
}

/** Makes every requirement concrete, listing each default it had to assume. */
export function resolveRequirements(c: Constraints): Requirements {
  const d = smartDefaults(c);
  const assumptions: string[] = [];
  const pick = <T>(known: T | null, fallback: T, label: string, show: (v: T) => string): T => {
    if (known !== null) return known;
    assumptions.push(`${label}: ${show(fallback)} (assumed)`);
    return fallback;
  };
  const list = (v: readonly string[]) => (v.length === 0 ? "none" : v.join(", "));
  const workloads = pick(c.workload_types, d.workload_types, "Workloads", list);
  const realtimeOrStream = workloads.includes("realtime_inference") || workloads.includes("streaming");
  const rps = realtimeOrStream
    ? pick(c.throughput_rps, d.throughput_rps, "Throughput", (v) => `${v} requests/s`)
    : (c.throughput_rps ?? 0);
  const percentile = c.latency_percentile ?? "p95";
  const latency = realtimeOrStream
    ? pick(c.latency_p95_ms, d.latency_p95_ms, "Latency target", (v) => (v === null ? "none" : `${percentile} ${v} ms`))
    : c.latency_p95_ms;
  const budget = c.budget_monthly_usd;
  if (budget === null && c.budget_band === null) assumptions.push("Budget: not capped (no budget given)");
  const project = c.project_name ?? nameFrom(c);
  return {
    project_name: slugify(project),
    description: c.project_description,
    workloads,
    rps,
    latency_p95_ms: latency,
    latency_percentile: percentile,
    availability: pick(c.availability_target, d.availability_target, "Availability target", (v) => `${v}%`),
    classification: pick(c.data_classification, d.data_classification, "Data classification", String),
    compliance: pick(c.compliance, d.compliance, "Compliance", list),
    regions: pick(c.regions, d.regions, "Region", list).map((r) => regionOn(d.cloud, r)),
    residency: residencyOf(c.project_description, c.compliance ?? d.compliance),
    dr: pick(c.disaster_recovery, d.disaster_recovery, "Disaster recovery", String),
    dr_required: c.disaster_recovery !== null && c.disaster_recovery !== "none",
    model_types: pick(c.model_types, d.model_types, "Model types", list),
    model_size: pick(c.model_size, d.model_size, "Model size", String),
    training: pick(c.training_frequency, d.training_frequency, "Training frequency", String),
    training_gpus: gpusOf(c.project_description.toLowerCase()),
    team_size: pick(c.team_size, d.team_size, "Team size", String),
    expertise: pick(c.team_expertise, d.team_expertise, "Team expertise", String),
    budget_usd: budget ?? bandCeiling(c.budget_band),
    budget_band: c.budget_band,
    deployment: pick(c.deployment_preference, d.deployment_preference, "Deployment preference", String),
    avoid: c.deployment_avoid,
    exposure: pick(c.exposure, d.exposure, "Endpoint exposure", String),
    data_sources: pick(c.data_sources, d.data_sources, "Data sources", list),
    data_volume_gb: c.data_volume_gb ?? d.data_volume_gb,
    cloud: pick(c.cloud, d.cloud, "Target", (v) => `${CLOUD_NAMES[v]}: ${d.cloud_reason}`),
    assumptions,
  };
}

/** A band named in words ("tight budget") caps spending at the band's upper limit. */
function bandCeiling(band: Constraints["budget_band"]): number | null {
  switch (band) {
    case "minimal":
      return 500;
    case "low":
      return 2_000;
    case "medium":
      return 10_000;
    case "high":
      return 50_000;
    default:
      return null;
  }
}

/** A project name from the request when none was given: its main model type and workload. */
function nameFrom(c: Constraints): string {
  const model = (c.model_types ?? ["ml"])[0] ?? "ml";
  const workload = (c.workload_types ?? ["service"])[0] ?? "service";
  const short: Record<string, string> = {
    realtime_inference: "api",
    batch_inference: "batch",
    streaming: "stream",
    training: "training",
    analytics: "analytics",
    service: "service",
  };
  return `${model.replace(/_/g, "-")}-${short[workload] ?? "service"}`;
}
