/**
 * The planner: assembles a concrete design for each architecture pattern from the
 * catalogue, prices it, estimates its p95 latency and availability, scores every pattern
 * against the requirements, and keeps the best feasible one. The policy loop steers it
 * with `Directives` (force private networking, trim cost, exclude a pattern).
 */
import {
  DR_COST_SHARE,
  LAMBDA,
  PATTERN_CATALOGUE,
  REPLICAS,
  RUNS_PER_MONTH,
  STREAM_BATCH_FACTOR,
  TRAINING_RUN,
  component,
  type ReplicaSpec,
} from "./catalogue";
import { bandOf } from "./extract";
import {
  PATTERNS,
  type Alternative,
  type Candidate,
  type Compliance,
  type Decision,
  type Design,
  type Directives,
  type DrTier,
  type PatternId,
  type PlannedComponent,
  type Requirements,
} from "./schema";
import { usd } from "./text";

/** The planner's starting point: no overrides, recommended (not lean) sizing. */
export const DEFAULT_DIRECTIVES: Directives = {
  force_private: false,
  force_kms: false,
  force_audit: false,
  eu_only: false,
  cost_level: 0,
  excluded_patterns: [],
};

/** Compliance regimes that require an audit trail of every API call. */
const AUDITED: Compliance[] = ["SOX", "HIPAA", "PCI-DSS", "SOC2", "FedRAMP", "ISO27001"];
const DR_ORDER: DrTier[] = ["none", "backup_restore", "pilot_light", "warm_standby", "multi_region_active"];
const DR_REGION: Record<string, string> = {
  "us-east-1": "us-west-2",
  "us-west-2": "us-east-1",
  "eu-central-1": "eu-west-1",
  "eu-west-1": "eu-central-1",
  "eu-west-2": "eu-west-1",
  "eu-west-3": "eu-central-1",
  "eu-north-1": "eu-central-1",
  "ca-central-1": "us-east-1",
  "ap-northeast-1": "ap-northeast-3",
  "ap-southeast-1": "ap-southeast-2",
  "ap-southeast-2": "ap-southeast-1",
  "ap-south-1": "ap-southeast-1",
  "sa-east-1": "us-east-1",
};

/** A pattern's design before it is scored against the others. */
interface Draft {
  pattern: PatternId;
  infeasible: string | null;
  design: Design;
}

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
  const drafts = PATTERNS.map((p) => draft(p, req, directives, revision));
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
  return { design, candidates };
}

/** Builds one pattern's design for the requirements: components, cost, latency, availability. */
function draft(pattern: PatternId, req: Requirements, d: Directives, revision: number): Draft {
  const p = PATTERN_CATALOGUE[pattern];
  const lean = d.cost_level >= 1;
  const decisions: Decision[] = [];
  const components: PlannedComponent[] = [];
  const realtime = req.workloads.includes("realtime_inference");
  const streaming = req.workloads.includes("streaming");
  let infeasible: string | null = null;

  if (d.excluded_patterns.includes(pattern)) infeasible = "excluded by policy feedback";
  else if (req.avoid.includes(pattern)) infeasible = "the request rules it out";
  else if (pattern === "batch_analytics" && (realtime || streaming))
    infeasible = "cannot answer online or streaming requests";
  else if (
    (pattern === "serverless" || pattern === "containers") &&
    (req.model_size === "large" || req.model_size === "xlarge")
  ) {
    infeasible = `no GPU for a ${req.model_size} model`;
  }

  // Security posture: what the data and the regimes demand, plus what policy forced.
  const restricted = req.classification === "restricted";
  const exposure = d.force_private ? "private" : req.exposure;
  const hasEndpoint =
    pattern === "serverless" ||
    pattern === "containers" ||
    pattern === "kubernetes" ||
    (pattern === "managed_platform" && (realtime || streaming));
  // A private endpoint is reached over PrivateLink, so it implies private networking too.
  const privateNetworking =
    restricted ||
    d.force_private ||
    (exposure === "private" && hasEndpoint) ||
    req.compliance.includes("HIPAA") ||
    req.compliance.includes("PCI-DSS");
  const kms =
    d.force_kms || (req.classification !== "public" && req.classification !== "internal") || req.compliance.length > 0;
  const audit = d.force_audit || req.compliance.some((c) => AUDITED.includes(c));
  const waf = hasEndpoint && (exposure === "public" || req.compliance.includes("PCI-DSS"));
  const azs = req.availability >= 99.99 ? 3 : 2;
  const needsVpc = pattern !== "serverless" || privateNetworking;
  const nat = needsVpc ? (lean ? 1 : azs) : 0;

  // Region: the first requested, moved into the EU when residency demands it.
  const euRegion = req.regions.find((r) => r.startsWith("eu-")) ?? "eu-central-1";
  const primary = d.eu_only ? euRegion : (req.regions[0] ?? "us-east-1");
  if (d.eu_only && req.regions[0] !== primary) {
    decisions.push({
      topic: "Region",
      choice: primary,
      reason: "Personal data under GDPR stays in EU regions (policy feedback).",
      alternatives: [{ option: req.regions[0] ?? "us-east-1", reason_rejected: "outside the EU" }],
    });
  }

  const add = (
    id: string,
    quantity: number,
    unit: string,
    monthly: number,
    role: string,
    extra: Partial<PlannedComponent> = {},
  ) => {
    const c = component(id);
    components.push({
      id,
      name: c.name,
      service: c.service,
      role,
      category: c.category,
      quantity,
      unit,
      monthly_usd: Math.max(0, monthly),
      on_request_path: false,
      multi_az: c.multi_az,
      public: c.public_by_default && exposure === "public" && c.category === "ingress",
      compliance: c.compliance,
      region: "primary",
      ...extra,
    });
  };
  const perRps = (id: string) => component(id).fixed_usd + component(id).per_rps_usd * req.rps;
  const minReplicas = req.availability >= 99.99 ? 3 : req.availability >= 99.9 ? 2 : 1;
  const headroom = lean ? 1 : 1.3;
  const replicasFor = (spec: ReplicaSpec) => Math.max(minReplicas, Math.ceil((req.rps * headroom) / spec.capacity_rps));

  let serving: Design["serving"] = null;
  let inferenceMs = 0;
  let coldStartMs = 0;
  const path: string[] = [];

  switch (pattern) {
    case "serverless": {
      const lambda = LAMBDA[req.model_size];
      add("api_gateway", req.rps, "req/s", perRps("api_gateway"), "HTTPS entry point, throttling and auth", {
        on_request_path: true,
      });
      path.push("api_gateway");
      const perReq = lambda?.per_rps_usd ?? 0;
      add("lambda", req.rps, "req/s", perReq * req.rps, "runs the model per request", { on_request_path: true });
      path.push("lambda");
      inferenceMs = lambda?.inference_ms ?? 0;
      // At low traffic a visible share of requests lands on a cold container.
      const cold =
        lambda !== null &&
        req.rps < 2 &&
        req.latency_p95_ms !== null &&
        req.latency_p95_ms < lambda.cold_start_ms + 100;
      if (cold && !lean) {
        const units = 2;
        const unitCost = req.model_size === "small" ? 11 : 33;
        components.push({
          ...asComponent(
            "lambda",
            "Lambda provisioned concurrency",
            units,
            "warm instances",
            units * unitCost,
            "keeps instances warm to hide cold starts",
          ),
          id: "lambda_provisioned",
        });
        decisions.push({
          topic: "Cold starts",
          choice: `${units} provisioned-concurrency instances`,
          reason: `At ${req.rps} req/s a cold start (~${lambda.cold_start_ms} ms) would land in the p95; warm instances cost ${usd(units * unitCost)}/month.`,
          alternatives: [
            { option: "on-demand only", reason_rejected: `p95 would exceed the ${req.latency_p95_ms} ms target` },
          ],
        });
      } else if (cold) {
        coldStartMs = lambda.cold_start_ms;
      }
      serving = {
        platform: "AWS Lambda",
        instance: req.model_size === "small" ? "1 GB function" : "3 GB function",
        replicas: 0,
        gpu: false,
        capacity_rps: 1000,
      };
      break;
    }
    case "containers": {
      const spec = REPLICAS.fargate[req.model_size];
      add("alb", 1, "load balancer", perRps("alb"), "routes requests across tasks and zones", {
        on_request_path: true,
      });
      path.push("alb");
      if (spec !== null) {
        const n = replicasFor(spec);
        add(
          "ecs_fargate",
          n,
          `tasks (${spec.instance})`,
          n * spec.monthly_usd,
          "serves the model behind the load balancer",
          { on_request_path: true, multi_az: n >= 2 },
        );
        path.push("ecs_fargate");
        serving = {
          platform: "ECS Fargate",
          instance: spec.instance,
          replicas: n,
          gpu: false,
          capacity_rps: n * spec.capacity_rps,
        };
        inferenceMs = spec.inference_ms;
      }
      break;
    }
    case "kubernetes": {
      const spec = REPLICAS.eks[req.model_size];
      add("alb", 1, "load balancer", perRps("alb"), "ingress through the AWS Load Balancer Controller", {
        on_request_path: true,
      });
      path.push("alb");
      add("eks", 1, "cluster", component("eks").fixed_usd, "Kubernetes control plane", { on_request_path: true });
      path.push("eks");
      if (spec !== null) {
        const n = replicasFor(spec);
        const system = 2 * 70;
        add(
          "eks_nodes",
          n,
          `nodes (${spec.instance}) + 2 system nodes`,
          n * spec.monthly_usd + system,
          "model pods (KServe) and cluster add-ons",
          { on_request_path: true, multi_az: n >= 2 },
        );
        path.push("eks_nodes");
        serving = {
          platform: "EKS",
          instance: spec.instance,
          replicas: n,
          gpu: spec.gpu,
          capacity_rps: n * spec.capacity_rps,
        };
        inferenceMs = spec.inference_ms;
      }
      break;
    }
    case "managed_platform": {
      const spec = REPLICAS.sagemaker[req.model_size];
      if (realtime || streaming) {
        add("api_gateway", req.rps, "req/s", perRps("api_gateway"), "HTTPS entry point that invokes the endpoint", {
          on_request_path: true,
        });
        path.push("api_gateway");
      }
      if (spec !== null) {
        const n = realtime || streaming ? replicasFor(spec) : 0;
        if (n > 0) {
          add(
            "sagemaker_endpoint",
            n,
            `instances (${spec.instance})`,
            n * spec.monthly_usd,
            "serves the registered model version",
            { on_request_path: true, multi_az: n >= 2 },
          );
          path.push("sagemaker_endpoint");
        }
        serving = {
          platform: "SageMaker endpoint",
          instance: spec.instance,
          replicas: n,
          gpu: spec.gpu,
          capacity_rps: n * spec.capacity_rps,
        };
        inferenceMs = spec.inference_ms;
        if (req.workloads.includes("batch_inference")) {
          // Nightly batch transform on the same instance type, billed per hour it runs.
          const hours = 30 * Math.max(0.5, req.data_volume_gb / 50);
          add(
            "sagemaker_batch",
            Math.round(hours * 10) / 10,
            `instance-hours/month (${spec.instance})`,
            hours * (spec.monthly_usd / 730),
            "nightly batch transform over the data lake",
          );
          if (n === 0) path.push("sagemaker_batch", "s3_data");
        }
      }
      add(
        "model_monitor",
        1,
        "schedule",
        component("model_monitor").fixed_usd,
        "data-quality and drift checks on captured traffic",
      );
      break;
    }
    case "batch_analytics": {
      const runs = 30;
      const hours = Math.max(0.5, req.data_volume_gb / 50);
      const gpuFactor = req.model_size === "large" ? 8 : req.model_size === "xlarge" ? 30 : 1;
      add("eventbridge", 1, "schedule", 1, "starts the nightly run");
      add(
        "step_functions",
        runs,
        "runs/month",
        component("step_functions").fixed_usd,
        "orchestrates extract, score and publish steps",
      );
      add(
        "aws_batch",
        Math.round(runs * hours * 10) / 10,
        "task-hours/month (Spot)",
        runs * hours * 0.2 * gpuFactor,
        "scoring jobs on Fargate Spot",
      );
      add(
        "athena",
        1,
        "workgroup",
        component("athena").fixed_usd + runs * (req.data_volume_gb / 1024) * 5,
        "SQL over scores and features",
      );
      serving = {
        platform: "AWS Batch",
        instance: "4 vCPU / 8 GB Spot task",
        replicas: 0,
        gpu: gpuFactor > 1,
        capacity_rps: 0,
      };
      path.push("step_functions", "aws_batch", "s3_data");
      break;
    }
    case "streaming": {
      const kafka = req.data_sources.includes("kafka");
      if (kafka) {
        add("msk", 3, "brokers", perRps("msk"), "the existing Kafka event stream, managed", { on_request_path: true });
        path.push("msk");
      } else {
        const shards = Math.max(1, Math.ceil((req.rps * 1.25) / 1000));
        add(
          "kinesis",
          shards,
          "shards (enhanced fan-out)",
          shards * 22 + component("kinesis").per_rps_usd * req.rps,
          "durable, replayable event stream",
          { on_request_path: true },
        );
        path.push("kinesis");
      }
      const http = REPLICAS.fargate[req.model_size];
      const spec = http === null ? null : { ...http, capacity_rps: http.capacity_rps * STREAM_BATCH_FACTOR };
      if (spec !== null) {
        const n = replicasFor(spec);
        add(
          "stream_consumer",
          n,
          `tasks (${spec.instance})`,
          n * spec.monthly_usd,
          "reads the stream, joins features, scores each event",
          { on_request_path: true, multi_az: n >= 2 },
        );
        path.push("stream_consumer");
        serving = {
          platform: "ECS Fargate consumers",
          instance: spec.instance,
          replicas: n,
          gpu: false,
          capacity_rps: n * spec.capacity_rps,
        };
        inferenceMs = spec.inference_ms;
      } else {
        const gpu = REPLICAS.sagemaker[req.model_size];
        const consumers = Math.max(minReplicas, Math.ceil(req.rps / 500));
        add(
          "stream_consumer",
          consumers,
          "tasks (1 vCPU / 2 GB)",
          consumers * 36,
          "reads the stream and calls the GPU endpoint",
          { on_request_path: true, multi_az: consumers >= 2 },
        );
        path.push("stream_consumer");
        if (gpu !== null) {
          const n = replicasFor(gpu);
          add(
            "sagemaker_endpoint",
            n,
            `instances (${gpu.instance})`,
            n * gpu.monthly_usd,
            "GPU scoring for the consumers",
            { on_request_path: true, multi_az: n >= 2 },
          );
          path.push("sagemaker_endpoint");
          serving = {
            platform: "SageMaker endpoint",
            instance: gpu.instance,
            replicas: n,
            gpu: true,
            capacity_rps: n * gpu.capacity_rps,
          };
          inferenceMs = gpu.inference_ms;
        }
      }
      add("firehose", 1, "delivery stream", perRps("firehose"), "archives every event to S3 for training and replay");
      break;
    }
  }

  // Online features for models that score with recent behaviour.
  const features = streaming || req.model_types.some((m) => m === "recommendation" || m === "anomaly_detection");
  if (features && pattern !== "batch_analytics") {
    add("dynamodb", 1, "on-demand table", perRps("dynamodb"), "online features and latest scores", {
      on_request_path: true,
    });
    path.push("dynamodb");
  }
  add("s3_models", 1, "bucket", component("s3_models").fixed_usd, "versioned model artifacts");
  if (
    pattern === "batch_analytics" ||
    pattern === "streaming" ||
    req.workloads.some((w) => w === "training" || w === "analytics" || w === "batch_inference")
  ) {
    add(
      "s3_data",
      1,
      "bucket",
      component("s3_data").fixed_usd + req.data_volume_gb * 0.023,
      `data lake (${Math.round(req.data_volume_gb)} GB)`,
    );
  }
  if (pattern !== "managed_platform" || req.model_size === "small")
    add("ecr", 1, "repository", component("ecr").fixed_usd, "service and job images");

  // Training: managed training jobs everywhere; lean plans use managed Spot (about a third of the price).
  if (req.training !== "none") {
    const run = TRAINING_RUN[req.model_size];
    const runs = RUNS_PER_MONTH[req.training];
    const spot = lean ? 0.35 : 1;
    add(
      "sagemaker_training",
      runs,
      `runs/month (${run.instance}, ${run.hours} h${lean ? ", Spot" : ""})`,
      runs * run.hours * run.usd_per_hour * spot,
      `retrains ${req.training}`,
    );
  }
  if (pattern === "kubernetes")
    add("mlflow", 1, "server", component("mlflow").fixed_usd, "experiment tracking and model registry", {
      multi_az: false,
    });
  else add("sagemaker_registry", 1, "registry", 0, "versioned, approved model packages");
  add("cloudwatch", 1, "account", perRps("cloudwatch"), "logs, metrics, latency and error alarms");

  if (waf) add("waf", 1, "web ACL", perRps("waf"), "managed rule groups, rate limiting");
  if (kms) add("kms", 1, "key", perRps("kms"), "customer-managed key for data at rest");
  if (audit)
    add("cloudtrail", 1, "trail", component("cloudtrail").fixed_usd, "API audit trail on an object-locked bucket");
  if (needsVpc) add("vpc", 1, `VPC (${azs} AZs)`, 0, "private subnets for compute");
  if (nat > 0)
    add(
      "nat_gateway",
      nat,
      "gateways",
      nat * component("nat_gateway").fixed_usd + component("nat_gateway").per_rps_usd * req.rps,
      "egress for private subnets",
      { multi_az: nat >= 2 },
    );
  if (privateNetworking)
    add(
      "vpc_endpoints",
      azs,
      "AZs × 6 endpoints",
      azs * component("vpc_endpoints").fixed_usd,
      "AWS APIs reached without the internet",
      { on_request_path: pattern !== "batch_analytics" },
    );

  // Availability: the product of the request path, then what the DR tier adds.
  // Only a design that answers online has a request latency or needs a region for availability.
  const online = pattern !== "batch_analytics" && (pattern !== "managed_platform" || realtime || streaming);
  // A stream buffers durably: consumers that fall behind catch up, so only ingestion decides availability.
  const availabilityPath = pattern === "streaming" ? path.slice(0, 1) : path;
  const singleRegion = availabilityOf(components, availabilityPath);
  let dr = req.dr;
  if (lean && !req.dr_required && DR_ORDER.indexOf(dr) > 1) {
    const lower = DR_ORDER[DR_ORDER.indexOf(dr) - 1] ?? dr;
    decisions.push({
      topic: "Disaster recovery (trimmed)",
      choice: lower,
      reason: `The budget is tight and DR was not asked for; ${dr} was stepped down to ${lower}.`,
      alternatives: [{ option: dr, reason_rejected: "costs more than the budget allows" }],
    });
    dr = lower;
  }
  if (singleRegion < req.availability && dr !== "multi_region_active" && online) {
    decisions.push({
      topic: "Second region for availability",
      choice: "multi_region_active",
      reason: `One region of this design reaches ${pct(singleRegion)}, below the ${req.availability}% target; an active second region lifts it.`,
      alternatives: [{ option: dr, reason_rejected: `leaves availability at ${pct(singleRegion)}` }],
    });
    dr = "multi_region_active";
  }
  const drRegion = dr === "none" ? null : (DR_REGION[primary] ?? "us-west-2");
  const replicated = components.filter(
    (c) => c.on_request_path || c.category === "storage" || c.category === "data" || c.category === "serving",
  );
  const replicatedCost = replicated.reduce((s, c) => s + c.monthly_usd, 0);
  if (dr !== "none" && drRegion !== null) {
    const share = DR_COST_SHARE[dr];
    components.push({
      ...asComponent(
        "s3_models",
        `DR: ${dr.replace(/_/g, " ")} in ${drRegion}`,
        1,
        "region",
        replicatedCost * share,
        drRole(dr),
      ),
      id: `dr_${dr}`,
      service: "Cross-region replication",
      category: "dr",
      region: "dr",
      multi_az: true,
    });
    if (dr === "multi_region_active")
      add("route53_failover", 2, "health checks", perRps("route53_failover"), "routes around a failed region");
  }
  const availability =
    dr === "multi_region_active"
      ? 100 - (100 - singleRegion) ** 2 / 100
      : dr === "warm_standby"
        ? 100 - (100 - singleRegion) * 0.7
        : singleRegion;

  // Latency: the request path plus inference, cold starts and PrivateLink hops.
  const pathLatency = components
    .filter((c) => c.on_request_path && c.region === "primary")
    .reduce((s, c) => s + CATALOGUE_LATENCY(c.id), 0);
  const latency = online ? Math.round(pathLatency + inferenceMs + coldStartMs) : null;

  const monthly = components.reduce((s, c) => s + c.monthly_usd, 0);
  const rounded = Math.round(monthly);
  decisions.push(
    ...postureDecisions({
      exposure,
      privateNetworking,
      kms,
      audit,
      waf,
      nat,
      azs,
      lean,
      req,
      dr,
      drRegion,
      serving,
      pattern,
    }),
  );

  const design: Design = {
    pattern,
    pattern_name: p.name,
    summary: `${p.name} in ${primary}${drRegion === null ? "" : ` with ${dr.replace(/_/g, " ")} in ${drRegion}`}: ${p.summary}`,
    components: components.map((c) => ({ ...c, monthly_usd: Math.round(c.monthly_usd * 100) / 100 })),
    network: { exposure, private_networking: privateNetworking, nat_gateways: nat, waf, availability_zones: azs },
    encryption: { at_rest_kms: kms, in_transit_tls: true },
    audit_logging: audit,
    regions: { primary, dr: drRegion },
    dr,
    serving,
    estimates: {
      monthly_usd: rounded,
      band: bandOf(rounded),
      latency_p95_ms: latency,
      availability: round3(availability),
    },
    score: 0,
    score_breakdown: {},
    decisions,
    assumptions: req.assumptions,
    directives: d,
    revision,
  };
  return { pattern, infeasible, design };
}

function CATALOGUE_LATENCY(id: string): number {
  return id.startsWith("dr_") ? 0 : component(id).latency_ms;
}

function asComponent(
  id: string,
  name: string,
  quantity: number,
  unit: string,
  monthly: number,
  role: string,
): PlannedComponent {
  const c = component(id);
  return {
    id,
    name,
    service: c.service,
    role,
    category: c.category,
    quantity,
    unit,
    monthly_usd: monthly,
    on_request_path: false,
    multi_az: c.multi_az,
    public: false,
    compliance: c.compliance,
    region: "primary",
  };
}

function drRole(dr: DrTier): string {
  switch (dr) {
    case "backup_restore":
      return "cross-region backups of models and data; restore on disaster (RTO hours)";
    case "pilot_light":
      return "data replicated, serving scaled to zero in the second region (RTO ~1 h)";
    case "warm_standby":
      return "a scaled-down copy serving in the second region (RTO minutes)";
    case "multi_region_active":
      return "a full second region serving traffic (RTO ~0)";
    default:
      return "none";
  }
}

/** Availability of the request path: each component's SLA, a lone replica at 99.5%. */
function availabilityOf(components: PlannedComponent[], path: string[]): number {
  let a = 1;
  for (const id of new Set(path)) {
    const c = components.find((x) => x.id === id);
    if (c === undefined) continue;
    const sla = component(id).availability;
    const single =
      (c.category === "serving" && c.quantity < 2 && c.unit !== "req/s") || (id === "nat_gateway" && c.quantity < 2);
    a *= (single ? 99.5 : sla) / 100;
  }
  return a * 100;
}

/** The decisions about posture every design makes, with the options it turned down. */
function postureDecisions(x: {
  exposure: "public" | "private";
  privateNetworking: boolean;
  kms: boolean;
  audit: boolean;
  waf: boolean;
  nat: number;
  azs: number;
  lean: boolean;
  req: Requirements;
  dr: DrTier;
  drRegion: string | null;
  serving: Design["serving"];
  pattern: PatternId;
}): Decision[] {
  const out: Decision[] = [];
  const { req } = x;
  if (x.serving !== null && x.serving.replicas > 0) {
    const alternatives: Alternative[] = [];
    if (x.serving.replicas > 1)
      alternatives.push({
        option: "1 replica",
        reason_rejected: `a single replica is a single point of failure for a ${req.availability}% target`,
      });
    if (!x.serving.gpu && req.model_size === "medium")
      alternatives.push({
        option: "GPU instances",
        reason_rejected: "a medium model meets the latency target on CPU for less",
      });
    if (x.serving.gpu)
      alternatives.push({
        option: "CPU instances",
        reason_rejected: `a ${req.model_size} model is too slow on CPU for the latency target`,
      });
    out.push({
      topic: "Serving capacity",
      choice: `${x.serving.replicas} × ${x.serving.instance} on ${x.serving.platform}`,
      reason: `${req.rps} req/s${x.lean ? "" : " with 30% headroom"} at ~${Math.round(x.serving.capacity_rps / Math.max(1, x.serving.replicas))} req/s per replica, at least ${req.availability >= 99.99 ? 3 : req.availability >= 99.9 ? 2 : 1} for availability.`,
      alternatives,
    });
  }
  out.push({
    topic: "Network exposure",
    choice:
      x.exposure === "private"
        ? `private endpoint${x.privateNetworking ? " over PrivateLink" : ""}`
        : "public HTTPS endpoint behind WAF",
    reason:
      x.exposure === "private"
        ? req.compliance.includes("PCI-DSS")
          ? "PCI-DSS scope: no endpoint may be reachable from the internet."
          : "The callers are internal, or the data demands it."
        : "Clients call from the internet; WAF rate-limits and filters them.",
    alternatives: [
      x.exposure === "private"
        ? { option: "public endpoint", reason_rejected: "widens the attack surface of sensitive data" }
        : { option: "private endpoint", reason_rejected: "external clients could not reach it" },
    ],
  });
  out.push({
    topic: "Encryption at rest",
    choice: x.kms ? "customer-managed KMS key" : "AWS-managed keys (SSE-S3)",
    reason: x.kms
      ? `${req.classification} data${req.compliance.length > 0 ? ` under ${req.compliance.join(", ")}` : ""}: key policy, rotation and audit are ours.`
      : `${req.classification} data: managed keys are enough and cost nothing.`,
    alternatives: [
      x.kms
        ? { option: "AWS-managed keys", reason_rejected: "no control over key policy or rotation evidence" }
        : { option: "customer-managed KMS key", reason_rejected: "adds cost without a requirement behind it" },
    ],
  });
  if (x.nat > 0) {
    out.push({
      topic: "Egress",
      choice: `${x.nat} NAT gateway${x.nat > 1 ? "s" : ""} across ${x.azs} AZs`,
      reason:
        x.nat < x.azs
          ? "One shared NAT gateway saves about $33 a month per zone; a zone outage cuts egress."
          : "One NAT gateway per zone: losing a zone does not cut egress.",
      alternatives: [
        x.nat < x.azs
          ? { option: `${x.azs} NAT gateways`, reason_rejected: "costs more than the lean budget allows" }
          : { option: "1 shared NAT gateway", reason_rejected: "a single point of failure for egress" },
      ],
    });
  }
  const drCost = x.drRegion === null ? "" : ` in ${x.drRegion}`;
  out.push({
    topic: "Disaster recovery",
    choice: `${x.dr.replace(/_/g, " ")}${drCost}`,
    reason: drReason(x.dr, req),
    alternatives: DR_ORDER.filter((t) => t !== x.dr && t !== "none")
      .slice(0, 2)
      .map((t) => ({
        option: t.replace(/_/g, " "),
        reason_rejected:
          DR_ORDER.indexOf(t) > DR_ORDER.indexOf(x.dr)
            ? `more than the ${req.availability}% target needs`
            : "recovers too slowly for the target",
      })),
  });
  if (req.training !== "none") {
    out.push({
      topic: "Training",
      choice: `SageMaker training jobs, ${req.training}${x.lean ? ", managed Spot" : ""}`,
      reason: `${req.training} retraining of a ${req.model_size} model on ${TRAINING_RUN[req.model_size].instance}; jobs stop when done, so idle costs nothing.`,
      alternatives: [
        x.lean
          ? { option: "on-demand training", reason_rejected: "about three times the price of Spot" }
          : {
              option: "managed Spot training",
              reason_rejected: "interruptions would delay retraining; kept for a lean budget",
            },
        {
          option: x.pattern === "kubernetes" ? "training on the cluster" : "a standing training cluster",
          reason_rejected: "pays for GPUs between runs",
        },
      ],
    });
  }
  return out;
}

function drReason(dr: DrTier, req: Requirements): string {
  if (dr === "multi_region_active")
    return `A ${req.availability}% target cannot survive a regional outage with one region.`;
  if (dr === "warm_standby") return "A scaled-down copy recovers in minutes at about half the serving cost.";
  if (dr === "pilot_light")
    return "Data is replicated and serving starts on demand: an hour's RTO at a fifth of the cost.";
  if (dr === "backup_restore")
    return "Cross-region backups of models and data are enough for this availability target.";
  return "No disaster recovery was asked for.";
}

/** Scores a draft 0..100 against the requirements (feasibility aside). */
function score(d: Draft, req: Requirements, minCost: number): void {
  const p = PATTERN_CATALOGUE[d.pattern];
  const e = d.design.estimates;
  const fit = req.workloads.reduce((s, w) => s + p.fit[w], 0) / Math.max(1, req.workloads.length);
  const platform: Record<PatternId, string> = {
    serverless: "serverless",
    containers: "containers",
    kubernetes: "kubernetes",
    managed_platform: "managed",
    batch_analytics: "containers",
    streaming: "containers",
  };
  // Without a preference every pattern gets the full points: the factor must not sway the choice.
  const preference = req.deployment === "no_preference" || platform[d.pattern] === req.deployment ? 15 : 0;
  let cost: number;
  if (req.budget_usd !== null && req.budget_usd > 0) {
    const ratio = e.monthly_usd / req.budget_usd;
    cost = ratio <= 1 ? 20 * (1 - 0.5 * ratio) : Math.max(-20, -10 * (ratio - 1));
  } else {
    cost = 20 * (minCost / Math.max(1, e.monthly_usd));
  }
  const latency =
    req.latency_p95_ms === null || e.latency_p95_ms === null || e.latency_p95_ms <= req.latency_p95_ms
      ? 10
      : (10 * req.latency_p95_ms) / e.latency_p95_ms;
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
function weakest(breakdown: Record<string, number>): string {
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

function patternDecision(chosen: Draft, ranked: Draft[], d: Directives, byModel: boolean): Decision {
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

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}
/** Availability is rounded down: an estimate must never claim a nine it does not have. */
function round3(v: number): number {
  return Math.floor(v * 1000) / 1000;
}
function pct(v: number): string {
  return `${round3(v)}%`;
}
