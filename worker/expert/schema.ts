/**
 * The vocabulary of the MLOps designer, as zod schemas. The offline expert produces these
 * values and the LLM path is validated against the same schemas, so the rest of the
 * workflow never knows which of the two did the thinking.
 */
import { z } from "zod";

/** Monthly spend bands (thresholds in `extract.ts`: $500, $2k, $10k, $50k). */
export const BUDGET_BANDS = ["minimal", "low", "medium", "high", "enterprise"] as const;
export const BudgetBand = z.enum(BUDGET_BANDS);
export type BudgetBand = z.infer<typeof BudgetBand>;

/** Deployment styles a request may prefer. */
export const DEPLOYMENTS = ["serverless", "containers", "kubernetes", "managed", "no_preference"] as const;
export const Deployment = z.enum(DEPLOYMENTS);
export type Deployment = z.infer<typeof Deployment>;

/** What the system does with its models. */
export const WORKLOADS = ["realtime_inference", "batch_inference", "streaming", "training", "analytics"] as const;
export const Workload = z.enum(WORKLOADS);
export type Workload = z.infer<typeof Workload>;

/** Data classification, least to most sensitive. */
export const CLASSIFICATIONS = ["public", "internal", "confidential", "restricted"] as const;
export const Classification = z.enum(CLASSIFICATIONS);
export type Classification = z.infer<typeof Classification>;

/** Compliance regimes the rules know. */
export const COMPLIANCE = ["GDPR", "HIPAA", "PCI-DSS", "SOX", "SOC2", "ISO27001", "CCPA", "FedRAMP"] as const;
export const Compliance = z.enum(COMPLIANCE);
export type Compliance = z.infer<typeof Compliance>;

/** Disaster-recovery tiers, cheapest to fastest recovery. */
export const DR_TIERS = ["none", "backup_restore", "pilot_light", "warm_standby", "multi_region_active"] as const;
export const DrTier = z.enum(DR_TIERS);
export type DrTier = z.infer<typeof DrTier>;

/** Kinds of model the extractor recognises. */
export const MODEL_TYPES = [
  "classification",
  "regression",
  "nlp",
  "computer_vision",
  "llm",
  "recommendation",
  "forecasting",
  "anomaly_detection",
  "tabular",
] as const;
export const ModelType = z.enum(MODEL_TYPES);
export type ModelType = z.infer<typeof ModelType>;

/** Model sizes: large and xlarge need GPUs. */
export const MODEL_SIZES = ["small", "medium", "large", "xlarge"] as const;
export const ModelSize = z.enum(MODEL_SIZES);
export type ModelSize = z.infer<typeof ModelSize>;

/** How often the model is retrained. */
export const TRAINING_FREQUENCIES = ["none", "monthly", "weekly", "daily", "continuous"] as const;
export const TrainingFrequency = z.enum(TRAINING_FREQUENCIES);
export type TrainingFrequency = z.infer<typeof TrainingFrequency>;

/** The team's operational experience. */
export const EXPERTISE = ["beginner", "intermediate", "expert"] as const;
export const Expertise = z.enum(EXPERTISE);
export type Expertise = z.infer<typeof Expertise>;

/** Whether the endpoint is reachable from the internet. */
export const Exposure = z.enum(["public", "private"]);
export type Exposure = z.infer<typeof Exposure>;

/** The percentile a latency target is stated at. */
export const LATENCY_PERCENTILES = ["p50", "p90", "p95", "p99"] as const;
export const LatencyPercentile = z.enum(LATENCY_PERCENTILES);
export type LatencyPercentile = z.infer<typeof LatencyPercentile>;

/**
 * How a service's latency at each percentile relates to its p95, for a long-tailed
 * request path (a rule of thumb: p50 about half the p95, p99 about 1.6 times it). The
 * estimates are p95; a target stated at another percentile is met by the estimate there.
 */
export const PERCENTILE_OF_P95: Record<LatencyPercentile, number> = { p50: 0.5, p90: 0.8, p95: 1, p99: 1.6 };

/** The design's p95 estimate read at the requirement's percentile, rounded to 1 ms. */
export function latencyAt(percentile: LatencyPercentile, p95: number): number {
  return Math.round(p95 * PERCENTILE_OF_P95[percentile]);
}

/** The target a design is for: a public cloud, or self-hosted Kubernetes (on-prem, air-gapped). */
export const CLOUDS = ["aws", "gcp", "azure", "self_hosted"] as const;
export const Cloud = z.enum(CLOUDS);
export type Cloud = z.infer<typeof Cloud>;
/** Each target's name as a person says it. */
export const CLOUD_NAMES: Record<Cloud, string> = {
  aws: "AWS",
  gcp: "Google Cloud",
  azure: "Azure",
  self_hosted: "Self-hosted Kubernetes",
};

/** The architecture patterns of the catalogue. */
export const PATTERNS = [
  "serverless",
  "containers",
  "kubernetes",
  "managed_platform",
  "batch_analytics",
  "streaming",
] as const;
export const PatternId = z.enum(PATTERNS);
export type PatternId = z.infer<typeof PatternId>;

/** Where a constraint's value came from: the reason card and the report show it. */
export const Provenance = z.enum(["text", "answer", "llm", "default"]);
export type Provenance = z.infer<typeof Provenance>;

/**
 * What is known about the request. `null` means unknown (a question may ask for it); an
 * empty list means known to be none ("no compliance requirements").
 */
export const Constraints = z.object({
  project_name: z.string().max(80).nullable(),
  project_description: z.string().max(8000),
  budget_band: BudgetBand.nullable(),
  budget_monthly_usd: z.number().nonnegative().nullable(),
  deployment_preference: Deployment.nullable(),
  deployment_avoid: z.array(PatternId),
  workload_types: z.array(Workload).nullable(),
  throughput_rps: z.number().nonnegative().nullable(),
  /** The latency target in ms, at `latency_percentile` (p95 when the text names none). */
  latency_p95_ms: z.number().positive().nullable(),
  /** The percentile the latency target was stated at; null when not stated (read as p95). */
  latency_percentile: LatencyPercentile.nullable().default(null),
  data_classification: Classification.nullable(),
  data_sources: z.array(z.string().max(40)).nullable(),
  data_volume_gb: z.number().nonnegative().nullable(),
  compliance: z.array(Compliance).nullable(),
  regions: z.array(z.string().max(20)).nullable(),
  availability_target: z.number().min(90).max(99.9999).nullable(),
  disaster_recovery: DrTier.nullable(),
  model_types: z.array(ModelType).nullable(),
  model_size: ModelSize.nullable(),
  training_frequency: TrainingFrequency.nullable(),
  team_size: z.number().int().positive().max(10_000).nullable(),
  team_expertise: Expertise.nullable(),
  exposure: Exposure.nullable(),
  cloud: Cloud.nullable(),
  provenance: z.record(z.string(), Provenance),
});
export type Constraints = z.infer<typeof Constraints>;

/** The constraint fields a question or the coverage score can be about. */
export const FIELDS = [
  "project_description",
  "workload_types",
  "budget_monthly_usd",
  "data_classification",
  "compliance",
  "availability_target",
  "latency_p95_ms",
  "throughput_rps",
  "deployment_preference",
  "data_sources",
  "regions",
  "disaster_recovery",
  "model_types",
  "model_size",
  "training_frequency",
  "team_size",
  "team_expertise",
  "cloud",
] as const;
export const Field = z.enum(FIELDS);
export type Field = z.infer<typeof Field>;

/**
 * The fields answered from a closed set, and the set: a question offers exactly these
 * choices, and an answer is read against the same list.
 */
export const FIELD_CHOICES = {
  data_classification: CLASSIFICATIONS,
  deployment_preference: DEPLOYMENTS,
  disaster_recovery: DR_TIERS,
  model_size: MODEL_SIZES,
  training_frequency: TRAINING_FREQUENCIES,
  team_expertise: EXPERTISE,
  cloud: CLOUDS,
} as const;

/** The coverage verdict of `coverage_check`. */
export const Coverage = z.object({
  score: z.number().min(0).max(1),
  threshold: z.number().min(0).max(1),
  covered: z.array(Field),
  missing: z.array(Field),
  missing_critical: z.array(Field),
  sufficient: z.boolean(),
});
export type Coverage = z.infer<typeof Coverage>;

/**
 * Every requirement made concrete: known values, answers, and the defaults the planner
 * assumed (listed in `assumptions`, so the report is honest about them).
 */
export interface Requirements {
  project_name: string;
  description: string;
  workloads: Workload[];
  rps: number;
  /** The latency target in ms, at `latency_percentile`. */
  latency_p95_ms: number | null;
  latency_percentile: LatencyPercentile;
  availability: number;
  classification: Classification;
  compliance: Compliance[];
  regions: string[];
  /** The jurisdiction the brief keeps its data in (a country code, or "EU"), and its words; null when none is stated. */
  residency: { jurisdiction: string; words: string } | null;
  dr: DrTier;
  /** True when DR was asked for (text or answer): budget trimming may not remove it. */
  dr_required: boolean;
  model_types: ModelType[];
  model_size: ModelSize;
  training: TrainingFrequency;
  /** The GPUs the brief says a training run takes; null when it names no count. */
  training_gpus: number | null;
  team_size: number;
  expertise: Expertise;
  budget_usd: number | null;
  budget_band: BudgetBand | null;
  deployment: Deployment;
  avoid: PatternId[];
  exposure: Exposure;
  data_sources: string[];
  data_volume_gb: number;
  cloud: Cloud;
  assumptions: string[];
}

/** An option a decision turned down, and why. */
export const Alternative = z.object({ option: z.string(), reason_rejected: z.string() });
export type Alternative = z.infer<typeof Alternative>;

/** One design decision: the topic, the choice, the reason and the alternatives. */
export const Decision = z.object({
  topic: z.string(),
  choice: z.string(),
  reason: z.string(),
  alternatives: z.array(Alternative),
});
export type Decision = z.infer<typeof Decision>;

/** A catalogue component as placed in a design: size, cost, role and where it sits. */
export const PlannedComponent = z.object({
  id: z.string(),
  name: z.string(),
  service: z.string(),
  role: z.string(),
  category: z.string(),
  quantity: z.number().nonnegative(),
  unit: z.string(),
  monthly_usd: z.number().nonnegative(),
  /** On the synchronous request path: its latency and availability count. */
  on_request_path: z.boolean(),
  /** Survives the loss of one availability zone. */
  multi_az: z.boolean(),
  public: z.boolean(),
  compliance: z.array(Compliance),
  region: z.enum(["primary", "dr"]),
});
export type PlannedComponent = z.infer<typeof PlannedComponent>;

/** The knobs the policy loop turns on the planner. */
export const Directives = z.object({
  force_private: z.boolean(),
  force_kms: z.boolean(),
  force_audit: z.boolean(),
  eu_only: z.boolean(),
  /** 0 recommended, 1 lean (trim extras), 2 cheapest feasible pattern. */
  cost_level: z.number().int().min(0).max(2),
  excluded_patterns: z.array(PatternId),
});
export type Directives = z.infer<typeof Directives>;

/** A complete, priced design: what the planner produces and everything after it reads. */
export const Design = z.object({
  /** The target every component, price and generated file is for. */
  cloud: Cloud,
  pattern: PatternId,
  pattern_name: z.string(),
  summary: z.string(),
  components: z.array(PlannedComponent),
  network: z.object({
    exposure: Exposure,
    private_networking: z.boolean(),
    nat_gateways: z.number().int().nonnegative(),
    waf: z.boolean(),
    availability_zones: z.number().int().positive(),
  }),
  encryption: z.object({ at_rest_kms: z.boolean(), in_transit_tls: z.boolean() }),
  audit_logging: z.boolean(),
  regions: z.object({ primary: z.string(), dr: z.string().nullable() }),
  dr: DrTier,
  serving: z
    .object({
      platform: z.string(),
      instance: z.string(),
      replicas: z.number().int().nonnegative(),
      gpu: z.boolean(),
      capacity_rps: z.number().nonnegative(),
    })
    .nullable(),
  estimates: z.object({
    monthly_usd: z.number().nonnegative(),
    band: BudgetBand,
    latency_p95_ms: z.number().nullable(),
    availability: z.number(),
  }),
  score: z.number(),
  score_breakdown: z.record(z.string(), z.number()),
  decisions: z.array(Decision),
  assumptions: z.array(z.string()),
  directives: Directives,
  revision: z.number().int().nonnegative(),
});
export type Design = z.infer<typeof Design>;

/** A pattern the planner weighed: feasible or not, its score and price. */
export const Candidate = z.object({
  pattern: PatternId,
  feasible: z.boolean(),
  score: z.number(),
  monthly_usd: z.number(),
  why: z.string(),
});
export type Candidate = z.infer<typeof Candidate>;

/** How much a critic's finding matters. */
export const Severity = z.enum(["info", "warning", "critical"]);
export type Severity = z.infer<typeof Severity>;

/** A critic's finding, with its evidence and a recommendation. */
export const Finding = z.object({
  id: z.string().max(80),
  severity: Severity,
  title: z.string().max(200),
  detail: z.string().max(2000),
  component: z.string().max(80).optional(),
  recommendation: z.string().max(1000),
});
export type Finding = z.infer<typeof Finding>;

/** The outcome of one policy rule. */
export const PolicyStatus = z.enum(["pass", "fail", "warn", "n/a"]);
/** One rule's result. */
export const PolicyResult = z.object({
  id: z.string(),
  title: z.string(),
  status: PolicyStatus,
  detail: z.string(),
});
export type PolicyResult = z.infer<typeof PolicyResult>;

/** All rules' results, the violations and the directives for a re-plan. */
export const PolicyReport = z.object({
  results: z.array(PolicyResult),
  violations: z.array(z.string()),
  directives: Directives,
  passed: z.boolean(),
});
export type PolicyReport = z.infer<typeof PolicyReport>;

/** A generated file: sanitised path and content. */
export const GeneratedFile = z.object({ path: z.string(), content: z.string() });
export type GeneratedFile = z.infer<typeof GeneratedFile>;

/** The outcome of one validator check. */
export const CheckStatus = z.enum(["pass", "warn", "fail"]);
export type CheckStatus = z.infer<typeof CheckStatus>;
/** One validator check and what it found. */
export const ValidationCheck = z.object({
  id: z.string(),
  title: z.string(),
  status: CheckStatus,
  details: z.array(z.string()),
});
export type ValidationCheck = z.infer<typeof ValidationCheck>;
/** Every check, with the counts per outcome. */
export const ValidationReport = z.object({
  checks: z.array(ValidationCheck),
  passed: z.number().int(),
  warned: z.number().int(),
  failed: z.number().int(),
});
export type ValidationReport = z.infer<typeof ValidationReport>;

/** One field that changed between two designs. */
export const Change = z.object({ field: z.string(), before: z.string(), after: z.string() });
/** What changed against the thread's previous design. */
export const DesignDiff = z.object({
  previous_available: z.boolean(),
  summary: z.string(),
  changes: z.array(Change),
  added_components: z.array(z.string()),
  removed_components: z.array(z.string()),
  cost_delta_usd: z.number().nullable(),
});
export type DesignDiff = z.infer<typeof DesignDiff>;

/** The final gate's answer. A missing or unreadable decision is treated as a rejection. */
export const Approval = z.object({
  decision: z.enum(["approved", "rejected"]),
  comment: z.string().max(2000).default(""),
  approved_by: z.string().max(200).default(""),
  source: z.enum(["user", "auto"]),
});
export type Approval = z.infer<typeof Approval>;

/** The machine-readable design that `workflow-complete` carries and the next revision diffs against. */
export const ArchitectureSummary = z.object({
  /** The target; a summary recorded before designs named one was for AWS. */
  cloud: Cloud.default("aws"),
  pattern: PatternId,
  pattern_name: z.string(),
  components: z.array(z.object({ id: z.string(), name: z.string(), quantity: z.number(), region: z.string() })),
  regions: z.object({ primary: z.string(), dr: z.string().nullable() }),
  dr: DrTier,
  network: z.object({ exposure: Exposure, private_networking: z.boolean(), waf: z.boolean() }),
  encryption_kms: z.boolean(),
  compliance: z.array(Compliance),
  classification: Classification,
  monthly_usd: z.number(),
  band: BudgetBand,
  latency_p95_ms: z.number().nullable(),
  availability: z.number(),
});
export type ArchitectureSummary = z.infer<typeof ArchitectureSummary>;
