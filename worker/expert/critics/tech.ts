/**
 * The technical critic: single points of failure, the latency budget, availability, fit
 * for the team, the limits of the chosen platform, ingestion, residency and the cloud.
 */
import { isEuRegion } from "../catalogue/regions";
import { PATTERN_MODULES } from "../patterns";
import { latencyAt, type Design, type Requirements } from "../schema";
import { defineCritic, type Rule } from "./factory";

const loneReplicas: Rule = ({ design, req }) =>
  design.components
    .filter((c) => c.category === "serving" && c.on_request_path && c.region === "primary")
    .filter((c) => c.unit !== "req/s" && c.quantity < 2)
    .map((c) => ({
      id: `spof-${c.id}`,
      severity: req.availability >= 99.9 ? "critical" : "info",
      title: `Single point of failure: one ${c.name} replica`,
      detail: `${c.name} runs ${c.quantity} replica on the request path; an instance or zone failure stops serving. Accepted only because the target is ${req.availability}%.`,
      component: c.id,
      recommendation: "Run at least two replicas in different availability zones.",
    }));

const sharedNat: Rule = ({ design }) => {
  const nat = design.components.find((c) => c.id === "nat_gateway");
  if (nat === undefined || nat.quantity >= design.network.availability_zones) return null;
  return {
    id: "spof-nat_gateway",
    severity: "warning",
    title: "Single point of failure: one NAT gateway",
    detail: `${nat.quantity} NAT gateway serves ${design.network.availability_zones} zones; if its zone fails, private subnets lose egress (image pulls, external APIs).`,
    component: "nat_gateway",
    recommendation: design.network.private_networking
      ? "Keep AWS traffic on the VPC endpoints and add a NAT gateway per zone when budget allows."
      : "Add one NAT gateway per zone.",
  };
};

const singleAzRegistry: Rule = ({ design }) =>
  design.components.some((c) => c.id === "mlflow")
    ? {
        id: "spof-mlflow",
        severity: "warning",
        title: "Single point of failure: MLflow on a single-AZ database",
        detail:
          "The tracking server and registry sit on one RDS instance; an outage blocks training and promotions (not serving).",
        component: "mlflow",
        recommendation: "Enable RDS Multi-AZ (about $25/month more) or back up the registry to S3 nightly.",
      }
    : null;

const latencyBudget: Rule = ({ design, req }) => {
  const target = req.latency_p95_ms;
  const pct = req.latency_percentile;
  const p95 = design.estimates.latency_p95_ms;
  if (target === null || p95 === null) return null;
  const est = latencyAt(pct, p95);
  const path = design.components.filter((c) => c.on_request_path && c.region === "primary").map((c) => c.name);
  if (est > target)
    return {
      id: "latency-budget",
      severity: est > target * 1.5 ? "critical" : "warning",
      title: `Latency budget exceeded: ${pct} ~${est} ms vs ${target} ms`,
      detail: `The request path (${path.join(" → ")}) plus ${req.model_size} model inference is estimated at ${est} ms ${pct}${pct === "p95" ? "" : ` (${p95} ms p95)`}.`,
      recommendation: latencyAdvice(design, req),
    };
  if (est > target * 0.8)
    return {
      id: "latency-headroom",
      severity: "info",
      title: `Little latency headroom: ${pct} ~${est} ms of ${target} ms`,
      detail: `Only ${target - est} ms remain for network variance and traffic spikes.`,
      recommendation: `Load-test at peak traffic before launch and alarm on ${pct}.`,
    };
  return null;
};

const availabilityGap: Rule = ({ design, req }) =>
  design.estimates.availability < req.availability
    ? {
        id: "availability-gap",
        severity: "critical",
        title: `Availability ${design.estimates.availability}% below the ${req.availability}% target`,
        detail: "The product of the request path's SLAs does not reach the target.",
        recommendation: "Add replicas across zones or an active second region.",
      }
    : null;

const teamFit: Rule = ({ design, req }) => {
  const p = PATTERN_MODULES[design.pattern];
  const gap = p.ops_complexity - { beginner: 1, intermediate: 2.5, expert: 4 }[req.expertise];
  if (gap < 1) return null;
  return {
    id: "team-fit",
    severity: gap >= 2 ? "warning" : "info",
    title: `${p.name} is heavy for a ${req.expertise} team of ${req.team_size}`,
    detail: `Operating it (${p.weaknesses.join(", ")}) needs skills the team may not have yet.`,
    recommendation: "Budget time for training and runbooks, or prefer a managed pattern.",
  };
};

const lambdaConcurrency: Rule = ({ design, req }) =>
  design.pattern === "serverless" && req.rps > 500
    ? {
        id: "lambda-concurrency",
        severity: "warning",
        title: "Lambda concurrency quota",
        detail: `${req.rps} req/s at ~${design.estimates.latency_p95_ms ?? 0} ms needs many concurrent executions; the default account quota is 1,000.`,
        component: "lambda",
        recommendation: "Request a quota increase and set reserved concurrency for the function.",
      }
    : null;

const lambdaImageSize: Rule = ({ design, req }) =>
  design.pattern === "serverless" && req.model_size === "medium"
    ? {
        id: "lambda-image-size",
        severity: "info",
        title: "Model image close to Lambda limits",
        detail:
          "A medium model in a container image approaches the 10 GB image and memory limits and lengthens cold starts.",
        component: "lambda",
        recommendation: "Quantise the model or move to containers if it grows.",
      }
    : null;

const streamSyncPath: Rule = ({ design, req }) =>
  design.pattern === "streaming" && req.workloads.includes("realtime_inference")
    ? {
        id: "stream-sync-path",
        severity: "info",
        title: "Synchronous callers wait on the stream",
        detail:
          "Scoring happens after the event is read from the stream; a caller that needs an answer inline waits for the stream hop.",
        recommendation:
          "Let synchronous callers read the latest score from the feature table, or call the model service directly.",
      }
    : null;

const eventIngestion: Rule = ({ design, req }) => {
  const eventSources = req.data_sources.filter((s) => s === "kafka" || s === "kinesis" || s === "iot");
  if (eventSources.length === 0 || design.pattern === "streaming") return null;
  return {
    id: "event-ingestion",
    severity: "warning",
    title: `Events arrive on ${eventSources.join(", ")}, the design serves requests`,
    detail: `The ${design.pattern_name} design answers synchronous calls; nothing in it reads the ${eventSources.join("/")} stream yet.`,
    recommendation:
      design.pattern === "kubernetes"
        ? "Add a stream consumer deployment scaled by KEDA on consumer lag, calling the model service."
        : "Add a consumer that reads the stream and calls the model endpoint, or choose the streaming pattern.",
  };
};

const dataResidency: Rule = ({ design, req }) =>
  req.compliance.includes("GDPR") && !isEuRegion(design.regions.primary)
    ? {
        id: "data-residency",
        severity: "warning",
        title: `GDPR data processed in ${design.regions.primary}`,
        detail: "Personal data of EU residents leaves the EU without a residency control.",
        recommendation: "Serve and store EU personal data in an EU region.",
      }
    : null;

const cloudMapping: Rule = ({ req }) =>
  req.cloud !== "aws"
    ? {
        id: "cloud-mapping",
        severity: "warning",
        title: `The request names ${req.cloud.toUpperCase()}; the catalogue is AWS`,
        detail: "Components are AWS services; each has a direct equivalent on the requested cloud.",
        recommendation: `Map the Terraform to the ${req.cloud.toUpperCase()} provider before applying.`,
      }
    : null;

function latencyAdvice(design: Design, req: Requirements): string {
  if (design.pattern === "serverless")
    return "Add provisioned concurrency, or move to containers to remove cold starts and API Gateway overhead.";
  if (design.pattern === "streaming")
    return "Score synchronously on the hot path and keep the stream for features and audit.";
  if (req.model_size === "large" || req.model_size === "xlarge")
    return "Quantise or distil the model, or use a faster GPU instance.";
  return "Remove hops from the request path (call the service through an internal load balancer) and cache features.";
}

/** Reviews the design's technical risks. */
export const techCritic = defineCritic({
  kind: "technical",
  what: "technical risk",
  category: "risk",
  rules: [
    loneReplicas,
    sharedNat,
    singleAzRegistry,
    latencyBudget,
    availabilityGap,
    teamFit,
    lambdaConcurrency,
    lambdaImageSize,
    streamSyncPath,
    eventIngestion,
    dataResidency,
    cloudMapping,
  ],
});
