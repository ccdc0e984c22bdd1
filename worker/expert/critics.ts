/**
 * The critics: a technical reviewer (single points of failure, the latency budget,
 * availability, fit for the team) and a cost reviewer (over budget, dominant cost
 * drivers, idle GPUs, cheaper alternatives). Each finding carries the evidence from the
 * design and a recommendation.
 */
import { PATTERN_MODULES } from "./patterns";
import type { Candidate, Design, Finding, Requirements } from "./schema";
import { usd } from "./text";

/** Reviews the design's technical risks. */
export function critiqueTech(design: Design, req: Requirements): Finding[] {
  const out: Finding[] = [];
  const serving = design.components.filter(
    (c) => c.category === "serving" && c.on_request_path && c.region === "primary",
  );
  for (const c of serving) {
    if (c.unit !== "req/s" && c.quantity < 2) {
      out.push({
        id: `spof-${c.id}`,
        severity: req.availability >= 99.9 ? "critical" : "info",
        title: `Single point of failure: one ${c.name} replica`,
        detail: `${c.name} runs ${c.quantity} replica on the request path; an instance or zone failure stops serving. Accepted only because the target is ${req.availability}%.`,
        component: c.id,
        recommendation: "Run at least two replicas in different availability zones.",
      });
    }
  }
  const nat = design.components.find((c) => c.id === "nat_gateway");
  if (nat !== undefined && nat.quantity < design.network.availability_zones) {
    out.push({
      id: "spof-nat_gateway",
      severity: "warning",
      title: "Single point of failure: one NAT gateway",
      detail: `${nat.quantity} NAT gateway serves ${design.network.availability_zones} zones; if its zone fails, private subnets lose egress (image pulls, external APIs).`,
      component: "nat_gateway",
      recommendation: design.network.private_networking
        ? "Keep AWS traffic on the VPC endpoints and add a NAT gateway per zone when budget allows."
        : "Add one NAT gateway per zone.",
    });
  }
  const mlflow = design.components.find((c) => c.id === "mlflow");
  if (mlflow !== undefined) {
    out.push({
      id: "spof-mlflow",
      severity: "warning",
      title: "Single point of failure: MLflow on a single-AZ database",
      detail:
        "The tracking server and registry sit on one RDS instance; an outage blocks training and promotions (not serving).",
      component: "mlflow",
      recommendation: "Enable RDS Multi-AZ (about $25/month more) or back up the registry to S3 nightly.",
    });
  }
  const target = req.latency_p95_ms;
  const est = design.estimates.latency_p95_ms;
  if (target !== null && est !== null) {
    const path = design.components.filter((c) => c.on_request_path && c.region === "primary").map((c) => c.name);
    if (est > target) {
      out.push({
        id: "latency-budget",
        severity: est > target * 1.5 ? "critical" : "warning",
        title: `Latency budget exceeded: p95 ~${est} ms vs ${target} ms`,
        detail: `The request path (${path.join(" → ")}) plus ${req.model_size} model inference is estimated at ${est} ms p95.`,
        recommendation: latencyAdvice(design, req),
      });
    } else if (est > target * 0.8) {
      out.push({
        id: "latency-headroom",
        severity: "info",
        title: `Little latency headroom: p95 ~${est} ms of ${target} ms`,
        detail: `Only ${target - est} ms remain for network variance and traffic spikes.`,
        recommendation: "Load-test at peak traffic before launch and alarm on p95.",
      });
    }
  }
  if (design.estimates.availability < req.availability) {
    out.push({
      id: "availability-gap",
      severity: "critical",
      title: `Availability ${design.estimates.availability}% below the ${req.availability}% target`,
      detail: "The product of the request path's SLAs does not reach the target.",
      recommendation: "Add replicas across zones or an active second region.",
    });
  }
  const p = PATTERN_MODULES[design.pattern];
  const capability = { beginner: 1, intermediate: 2.5, expert: 4 }[req.expertise];
  if (p.ops_complexity - capability >= 1) {
    out.push({
      id: "team-fit",
      severity: p.ops_complexity - capability >= 2 ? "warning" : "info",
      title: `${p.name} is heavy for a ${req.expertise} team of ${req.team_size}`,
      detail: `Operating it (${p.weaknesses.join(", ")}) needs skills the team may not have yet.`,
      recommendation: "Budget time for training and runbooks, or prefer a managed pattern.",
    });
  }
  if (design.pattern === "serverless" && req.rps > 500) {
    out.push({
      id: "lambda-concurrency",
      severity: "warning",
      title: "Lambda concurrency quota",
      detail: `${req.rps} req/s at ~${design.estimates.latency_p95_ms ?? 0} ms needs many concurrent executions; the default account quota is 1,000.`,
      component: "lambda",
      recommendation: "Request a quota increase and set reserved concurrency for the function.",
    });
  }
  if (design.pattern === "serverless" && req.model_size === "medium") {
    out.push({
      id: "lambda-image-size",
      severity: "info",
      title: "Model image close to Lambda limits",
      detail:
        "A medium model in a container image approaches the 10 GB image and memory limits and lengthens cold starts.",
      component: "lambda",
      recommendation: "Quantise the model or move to containers if it grows.",
    });
  }
  if (design.pattern === "streaming" && req.workloads.includes("realtime_inference")) {
    out.push({
      id: "stream-sync-path",
      severity: "info",
      title: "Synchronous callers wait on the stream",
      detail:
        "Scoring happens after the event is read from the stream; a caller that needs an answer inline waits for the stream hop.",
      recommendation:
        "Let synchronous callers read the latest score from the feature table, or call the model service directly.",
    });
  }
  const eventSources = req.data_sources.filter((s) => s === "kafka" || s === "kinesis" || s === "iot");
  if (eventSources.length > 0 && design.pattern !== "streaming") {
    out.push({
      id: "event-ingestion",
      severity: "warning",
      title: `Events arrive on ${eventSources.join(", ")}, the design serves requests`,
      detail: `The ${design.pattern_name} design answers synchronous calls; nothing in it reads the ${eventSources.join("/")} stream yet.`,
      recommendation:
        design.pattern === "kubernetes"
          ? "Add a stream consumer deployment scaled by KEDA on consumer lag, calling the model service."
          : "Add a consumer that reads the stream and calls the model endpoint, or choose the streaming pattern.",
    });
  }
  if (req.compliance.includes("GDPR") && !design.regions.primary.startsWith("eu-")) {
    out.push({
      id: "data-residency",
      severity: "warning",
      title: `GDPR data processed in ${design.regions.primary}`,
      detail: "Personal data of EU residents leaves the EU without a residency control.",
      recommendation: "Serve and store EU personal data in an EU region.",
    });
  }
  if (req.cloud !== "aws") {
    out.push({
      id: "cloud-mapping",
      severity: "warning",
      title: `The request names ${req.cloud.toUpperCase()}; the catalogue is AWS`,
      detail: "Components are AWS services; each has a direct equivalent on the requested cloud.",
      recommendation: `Map the Terraform to the ${req.cloud.toUpperCase()} provider before applying.`,
    });
  }
  return out;
}

function latencyAdvice(design: Design, req: Requirements): string {
  if (design.pattern === "serverless")
    return "Add provisioned concurrency, or move to containers to remove cold starts and API Gateway overhead.";
  if (design.pattern === "streaming")
    return "Score synchronously on the hot path and keep the stream for features and audit.";
  if (req.model_size === "large" || req.model_size === "xlarge")
    return "Quantise or distil the model, or use a faster GPU instance.";
  return "Remove hops from the request path (call the service through an internal load balancer) and cache features.";
}

/** Reviews the design's cost against the budget and the alternatives the planner weighed. */
export function critiqueCost(design: Design, req: Requirements, candidates: Candidate[]): Finding[] {
  const out: Finding[] = [];
  const total = design.estimates.monthly_usd;
  const drivers = design.components.toSorted((a, b) => b.monthly_usd - a.monthly_usd);
  const top = drivers.slice(0, 3).map((c) => `${c.name} ${usd(c.monthly_usd)}`);
  const budget = req.budget_usd;
  if (budget !== null && total > budget) {
    out.push({
      id: "over-budget",
      severity: "critical",
      title: `Over budget: ${usd(total)} vs ${usd(budget)} a month`,
      detail: `The design exceeds the budget by ${usd(total - budget)} (${Math.round((total / budget - 1) * 100)}%). Largest items: ${top.join(", ")}.`,
      recommendation: "Trim optional extras (DR tier, headroom, on-demand training) or choose a cheaper pattern.",
    });
  } else if (budget !== null && total > budget * 0.85) {
    out.push({
      id: "near-budget",
      severity: "warning",
      title: `Close to budget: ${usd(total)} of ${usd(budget)}`,
      detail: `Only ${usd(budget - total)} a month is left for traffic growth.`,
      recommendation: "Set an AWS Budgets alert at 80% and review autoscaling limits.",
    });
  } else if (budget === null) {
    out.push({
      id: "no-budget",
      severity: "info",
      title: `No budget given: ${usd(total)} a month (${design.estimates.band} band)`,
      detail: `Largest items: ${top.join(", ")}.`,
      recommendation: "Agree a monthly budget and alert on it.",
    });
  }
  const first = drivers[0];
  if (first !== undefined && total > 0 && first.monthly_usd / total > 0.4) {
    const steady = first.category === "serving" || first.category === "compute";
    out.push({
      id: `cost-driver-${first.id}`,
      severity: "info",
      title: `${first.name} is ${Math.round((first.monthly_usd / total) * 100)}% of the cost`,
      detail: `${first.quantity} ${first.unit} at ${usd(first.monthly_usd)} a month.`,
      component: first.id,
      recommendation: steady
        ? "A 1-year Savings Plan on steady compute cuts this by about 30%."
        : "Review its sizing first: it moves the total most.",
    });
  }
  if (
    design.serving !== null &&
    design.serving.gpu &&
    design.serving.capacity_rps > 0 &&
    req.rps < design.serving.capacity_rps * 0.3
  ) {
    out.push({
      id: "idle-gpu",
      severity: "warning",
      title: "GPU capacity mostly idle",
      detail: `${design.serving.replicas} GPU replicas handle ~${Math.round(design.serving.capacity_rps)} req/s for ${req.rps} req/s of traffic.`,
      recommendation: "Use asynchronous inference with scale-to-zero, or batch requests, if the latency target allows.",
    });
  }
  const cheaper = candidates.filter((c) => c.feasible && c.pattern !== design.pattern && c.monthly_usd < total * 0.7);
  const cheapest = cheaper.toSorted((a, b) => a.monthly_usd - b.monthly_usd)[0];
  if (cheapest !== undefined) {
    out.push({
      id: "cheaper-alternative",
      severity: budget !== null && total > budget ? "warning" : "info",
      title: `${PATTERN_MODULES[cheapest.pattern].name} would cost ${usd(cheapest.monthly_usd)}`,
      detail: `It scored ${cheapest.score} (this design ${design.score}): ${cheapest.why}.`,
      recommendation: "Keep the chosen pattern unless cost outweighs that difference.",
    });
  }
  const dr = design.components.find((c) => c.region === "dr");
  if (dr !== undefined && total > 0 && dr.monthly_usd / total > 0.3) {
    out.push({
      id: "dr-share",
      severity: "info",
      title: `Disaster recovery is ${Math.round((dr.monthly_usd / total) * 100)}% of the cost`,
      detail: `${dr.name}: ${usd(dr.monthly_usd)} a month.`,
      component: dr.id,
      recommendation: "Confirm the RTO the business needs; a lower DR tier costs far less.",
    });
  }
  return out;
}
