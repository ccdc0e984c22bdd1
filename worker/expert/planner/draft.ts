/**
 * One pattern's design for the requirements: the security posture, the pattern's own
 * serving components, what every design shares (storage, training, registry, monitoring,
 * network, DR), and its price, p95 latency and availability.
 */
import { catalogueFor, component } from "../catalogue/components";
import { patternText } from "../catalogue/patterns";
import { DR_COST_SHARE, GPUS_PER_TRAINING_NODE, RUNS_PER_MONTH, SMALL_BUDGET_USD } from "../catalogue/sizing";
import { cadenceOf } from "../extract/cadence";
import { bandOf } from "../extract/budget";
import type { PatternModule } from "../patterns/types";
import {
  CLOUD_NAMES,
  CLOUDS,
  type Cloud,
  type Design,
  Directives,
  PatternId,
  PlannedComponent,
  type Requirements,
} from "../schema";
import { asComponent, draftContext, type DraftContext } from "./context";
import {
  defaultRegion,
  drRegionOf,
  inJurisdiction,
  isEuRegion,
  jurisdictionName,
  regionsIn,
} from "../catalogue/regions";
import { AUDITED, DR_ORDER, drRole, postureDecisions } from "./posture";

/** A pattern's design before it is scored against the others. */
export interface Draft {
  pattern: PatternId;
  infeasible: string | null;
  design: Design;
}

/** Builds one pattern's design for the requirements: components, cost, latency, availability. */
export function draft(p: PatternModule, req: Requirements, d: Directives, revision: number): Draft {
  let infeasible: string | null = null;
  if (d.excluded_patterns.includes(p.id)) infeasible = "excluded by policy feedback";
  else if (req.avoid.includes(p.id)) infeasible = "the request rules it out";
  else infeasible = p.infeasible(req) ?? shapeRulesOut(p, req);

  // Security posture: what the data and the regimes demand, plus what policy forced.
  const restricted = req.classification === "restricted";
  const exposure = d.force_private ? "private" : req.exposure;
  const hasEndpoint = p.hasEndpoint(req);
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
  // A small budget buys no extras nobody asked for: the WAF only for PCI, NAT only for private data.
  const small = req.budget_usd !== null && req.budget_usd < SMALL_BUDGET_USD;
  const privateAsked =
    restricted || d.force_private || req.compliance.includes("HIPAA") || req.compliance.includes("PCI-DSS");
  const waf = hasEndpoint && ((exposure === "public" && !small) || req.compliance.includes("PCI-DSS"));
  const azs = req.availability >= 99.99 ? 3 : 2;
  const ctx = draftContext(req, d, exposure);
  const { cloud } = req;
  const { lean, components, decisions, path } = ctx;
  const needsVpc = p.needsVpc || privateNetworking;
  const nat = needsVpc && !(small && !privateAsked) ? (lean ? 1 : azs) : 0;

  // Region: the first requested, moved into the EU when residency demands it.
  const euRegion = req.regions.find(isEuRegion) ?? defaultRegion(cloud, true);
  const requested = req.regions[0] ?? defaultRegion(cloud, false);
  const placed = d.eu_only ? euRegion : requested;
  const primary = residentRegion(req, placed, decisions);
  if (d.eu_only && req.regions[0] !== primary) {
    decisions.push({
      topic: "Region",
      choice: primary,
      reason: "Personal data under GDPR stays in EU regions (policy feedback).",
      alternatives: [{ option: requested, reason_rejected: "outside the EU" }],
    });
  }

  const { serving, inferenceMs, coldStartMs } = p.serve(ctx);
  addShared(ctx, p);
  if (waf) ctx.add("waf", 1, "web ACL", ctx.perRps("waf"), "managed rule groups, rate limiting");
  if (kms) ctx.add("kms", 1, "key", ctx.perRps("kms"), "customer-managed key for data at rest");
  if (audit)
    ctx.add(
      "cloudtrail",
      1,
      "trail",
      component("cloudtrail", cloud).fixed_usd,
      "API audit trail on an object-locked bucket",
    );
  if (needsVpc) ctx.add("vpc", 1, `VPC (${azs} AZs)`, 0, "private subnets for compute");
  if (nat > 0)
    ctx.add(
      "nat_gateway",
      nat,
      "gateways",
      nat * component("nat_gateway", cloud).fixed_usd + component("nat_gateway", cloud).per_rps_usd * req.rps,
      "egress for private subnets",
      { multi_az: nat >= 2 },
    );
  // Zonal endpoints (AWS interface endpoints) are bought per zone; regional ones once.
  const endpointSets = component("vpc_endpoints", cloud).multi_az ? 1 : azs;
  if (privateNetworking)
    ctx.add(
      "vpc_endpoints",
      endpointSets,
      endpointSets === 1 ? "regional endpoints" : "AZs × 6 endpoints",
      endpointSets * component("vpc_endpoints", cloud).fixed_usd,
      "the platform's APIs reached without the internet",
      { on_request_path: p.privateLinkOnPath },
    );

  // Availability: the product of the request path, then what the DR tier adds.
  // Only a design that answers online has a request latency or needs a region for availability.
  const online = p.online(req);
  const singleRegion = availabilityOf(cloud, components, p.availabilityPath(path));
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
  const jurisdiction = req.residency?.jurisdiction ?? (d.eu_only ? "EU" : null);
  const drRegion = dr === "none" ? null : drRegionOf(cloud, primary, jurisdiction);
  if (dr !== "none" && drRegion === null && jurisdiction !== null)
    decisions.push({
      topic: "Disaster recovery across zones",
      choice: `${dr.replace(/_/g, " ")} across the zones of ${primary}`,
      reason: `${CLOUD_NAMES[cloud]} has one region in ${jurisdictionName(jurisdiction)}, and the data must stay there ("${req.residency?.words ?? "GDPR"}"): the copy goes to other zones of ${primary}, not another region.`,
      alternatives: [
        {
          option: `a second region (${drRegionOf(cloud, primary) ?? "none"})`,
          reason_rejected: `outside ${jurisdictionName(jurisdiction)}`,
        },
      ],
    });
  const replicated = components.filter(
    (c) => c.on_request_path || c.category === "storage" || c.category === "data" || c.category === "serving",
  );
  const replicatedCost = replicated.reduce((s, c) => s + c.monthly_usd, 0);
  if (dr !== "none" && drRegion !== null) {
    const share = DR_COST_SHARE[dr];
    components.push({
      ...asComponent(
        cloud,
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
      ctx.add("route53_failover", 2, "health checks", ctx.perRps("route53_failover"), "routes around a failed region");
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
    .reduce((s, c) => s + latencyOf(cloud, c.id), 0);
  const latency = online ? Math.round(pathLatency + inferenceMs + coldStartMs) : null;

  const rounded = Math.round(components.reduce((s, c) => s + c.monthly_usd, 0));
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
      trainingAlternative: p.trainingAlternative,
    }),
  );

  const text = patternText(p.id, cloud);
  const design: Design = {
    cloud: req.cloud,
    pattern: p.id,
    pattern_name: text.name,
    summary: `${text.name} in ${primary}${drRegion === null ? "" : ` with ${dr.replace(/_/g, " ")} in ${drRegion}`}: ${text.summary}`,
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
  return { pattern: p.id, infeasible, design };
}

/** What every design carries beside its serving: features, storage, images, training, registry, monitoring. */
function addShared(ctx: DraftContext, p: PatternModule): void {
  const { req, lean, sizing } = ctx;
  const { cloud } = req;
  // Online features for models that score with recent behaviour.
  const features = ctx.streaming || req.model_types.some((m) => m === "recommendation" || m === "anomaly_detection");
  if (features && p.onlineFeatures) {
    ctx.add("dynamodb", 1, "on-demand table", ctx.perRps("dynamodb"), "online features and latest scores", {
      on_request_path: true,
    });
    ctx.path.push("dynamodb");
  }
  ctx.add("s3_models", 1, "bucket", component("s3_models", cloud).fixed_usd, "versioned model artifacts");
  if (p.dataLake || req.workloads.some((w) => w === "training" || w === "analytics" || w === "batch_inference")) {
    ctx.add(
      "s3_data",
      1,
      "bucket",
      component("s3_data", cloud).fixed_usd + req.data_volume_gb * sizing.rates.storage_gb_month,
      `data lake (${Math.round(req.data_volume_gb)} GB)`,
    );
  }
  if (p.images(req)) ctx.add("ecr", 1, "repository", component("ecr", cloud).fixed_usd, "service and job images");

  // Training: managed training jobs everywhere; lean plans use managed Spot (about a third of the price).
  if (req.training !== "none") {
    const runs = RUNS_PER_MONTH[req.training];
    const spot = lean ? 0.35 : 1;
    const gpus = req.training_gpus;
    if (gpus === null) {
      const run = sizing.training[req.model_size];
      ctx.add(
        "sagemaker_training",
        runs,
        `runs/month (${run.instance}, ${run.hours} h${lean ? ", Spot" : ""})`,
        runs * run.hours * run.usd_per_hour * spot,
        `retrains ${req.training}`,
      );
    } else {
      // The stated GPU count, priced by the GPU-hour of the table's largest node.
      const node = sizing.training.xlarge;
      const perGpuHour = node.usd_per_hour / GPUS_PER_TRAINING_NODE;
      ctx.add(
        "sagemaker_training",
        runs,
        `runs/month (${gpus} GPUs on ${Math.ceil(gpus / GPUS_PER_TRAINING_NODE)} × ${node.instance}, ${node.hours} h each${lean ? ", Spot" : ""})`,
        runs * node.hours * gpus * perGpuHour * spot,
        `retrains ${req.training} on ${gpus} GPUs: ${runs} runs × ${node.hours} h × ${gpus} GPUs`,
      );
    }
  }
  if (p.registry === "mlflow")
    ctx.add("mlflow", 1, "server", component("mlflow", cloud).fixed_usd, "experiment tracking and model registry", {
      multi_az: false,
    });
  else ctx.add("sagemaker_registry", 1, "registry", 0, "versioned, approved model packages");
  ctx.add("cloudwatch", 1, "account", ctx.perRps("cloudwatch"), "logs, metrics, latency and error alarms");
  // What every design on the target stands on whatever its pattern (self-hosted: the cluster).
  for (const id of catalogueFor(cloud).always)
    if (!ctx.components.some((c) => c.id === id))
      ctx.add(id, 1, "shared platform", component(id, cloud).fixed_usd, "the platform every service runs on");
}

/** Latency a component adds on the request path; the DR copy is off it. */
function latencyOf(cloud: Cloud, id: string): number {
  return id.startsWith("dr_") ? 0 : component(id, cloud).latency_ms;
}

/** Availability of the request path: each component's SLA, a lone replica at 99.5%. */
function availabilityOf(cloud: Cloud, components: PlannedComponent[], path: string[]): number {
  let a = 1;
  for (const id of new Set(path)) {
    const c = components.find((x) => x.id === id);
    if (c === undefined) continue;
    const sla = component(id, cloud).availability;
    const single =
      (c.category === "serving" && c.quantity < 2 && c.unit !== "req/s") || (id === "nat_gateway" && c.quantity < 2);
    a *= (single ? 99.5 : sla) / 100;
  }
  return a * 100;
}

/** Availability is rounded down: an estimate must never claim a nine it does not have. */
function round3(v: number): number {
  return Math.floor(v * 1000) / 1000;
}
function pct(v: number): string {
  return `${round3(v)}%`;
}

/**
 * The primary region under the brief's residency: `placed` when it lies in the
 * jurisdiction, else the target's first region there. Where the target has none, the
 * design keeps the stand-in and says so, with the lawful options on the other targets.
 */
function residentRegion(req: Requirements, placed: string, decisions: Design["decisions"]): string {
  const residency = req.residency;
  if (residency === null || inJurisdiction(placed, residency.jurisdiction)) return placed;
  const place = jurisdictionName(residency.jurisdiction);
  const inside = regionsIn(req.cloud, residency.jurisdiction)[0];
  if (inside !== undefined) {
    decisions.push({
      topic: "Residency",
      choice: inside,
      reason: `The data must stay in ${place} ("${residency.words}").`,
      alternatives: [{ option: placed, reason_rejected: `outside ${place}` }],
    });
    return inside;
  }
  const lawful = CLOUDS.filter((c) => c !== req.cloud).flatMap((c) =>
    regionsIn(c, residency.jurisdiction)
      .slice(0, 1)
      .map((r) => `${CLOUD_NAMES[c]} ${r}`),
  );
  decisions.push({
    topic: "Residency cannot be met",
    choice: `${placed} (nearest region, outside ${place})`,
    reason: `${CLOUD_NAMES[req.cloud]} has no region in ${place}, where the data must stay ("${residency.words}"). Nearest lawful options: ${lawful.join(", ")}.`,
    alternatives: lawful.map((o) => ({
      option: o,
      reason_rejected: `not the target the brief named (${CLOUD_NAMES[req.cloud]})`,
    })),
  });
  return placed;
}

/** The brief's words give the work a shape (batch, streaming) that this pattern does not have. */
function shapeRulesOut(p: PatternModule, req: Requirements): string | null {
  const cadence = cadenceOf(req.description);
  if (cadence === null) return null;
  const shaped: PatternId = cadence.shape === "batch" ? "batch_analytics" : "streaming";
  return p.id === shaped ? null : `"${cadence.words}" asks for ${cadence.shape}`;
}
