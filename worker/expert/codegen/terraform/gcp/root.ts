/** The root module's frame: versions and backend, providers and APIs, input variables and outputs. */
import type { TfContext } from "../context";
import { block, expr, renderHcl, resource, type HclBlockSpec, type HclValue } from "../hcl";
import { EU_PREFIX, gcpRegion } from "./regions";
import { cmek, publicGateway } from "./shared";

/** True when the design deploys the service image somewhere (Cloud Run or Batch). */
export function deploysImage(has: (id: string) => boolean): boolean {
  return has("lambda") || has("ecs_fargate") || has("stream_consumer") || has("aws_batch");
}

/** True when the containers pattern serves through the external load balancer (a public name). */
export function servesThroughLb(ctx: TfContext): boolean {
  return ctx.design.pattern === "containers" && ctx.has("alb") && ctx.design.network.exposure === "public";
}

/** Input variables without defaults the design's Terraform needs, in the order they are documented. */
export function requiredVariables(has: (id: string) => boolean, pattern: string): string[] {
  const vars = ["alert_email"];
  if (deploysImage(has)) vars.push("image_tag");
  if ((pattern === "containers" && has("alb")) || has("route53_failover")) vars.push("service_domain");
  return vars;
}

/** versions.tf: Terraform, the Google providers and the Cloud Storage state backend. */
export function versions(ctx: TfContext): string {
  const required: Record<string, HclValue> = { google: { source: "hashicorp/google", version: "~> 7.0" } };
  if (publicGateway(ctx)) required["google-beta"] = { source: "hashicorp/google-beta", version: "~> 7.0" };
  return renderHcl([
    block("terraform", { required_version: ">= 1.6.0" }, [
      block("required_providers", required),
      { type: "backend", labels: ["gcs"], attrs: {} },
    ]),
  ]);
}

/** The Google APIs the design's resources call. */
function apis(ctx: TfContext): string[] {
  const out = ["compute", "iam", "cloudresourcemanager", "storage", "logging", "monitoring"];
  const add = (when: boolean, ...names: string[]) => {
    if (when) out.push(...names);
  };
  add(cmek(ctx), "cloudkms");
  add(ctx.has("ecr"), "artifactregistry");
  add(
    deploysImage((id) => ctx.has(id)),
    "run",
  );
  add(ctx.has("eks"), "container");
  add(ctx.has("sagemaker_endpoint") || ctx.has("sagemaker_training"), "aiplatform");
  add(ctx.has("sagemaker_training") || ctx.has("eventbridge"), "cloudscheduler");
  add(publicGateway(ctx), "apigateway", "servicemanagement", "servicecontrol");
  add(ctx.has("kinesis") || ctx.has("firehose"), "pubsub");
  add(ctx.has("dynamodb"), "firestore");
  add(ctx.has("athena"), "bigquery");
  add(ctx.has("step_functions"), "workflows", "workflowexecutions");
  add(ctx.has("aws_batch"), "batch");
  add(ctx.has("msk"), "managedkafka");
  add(ctx.has("mlflow"), "sqladmin", "servicenetworking");
  add(ctx.design.network.private_networking && ctx.has("vpc"), "dns");
  return out.map((a) => `${a}.googleapis.com`);
}

/** providers.tf: the primary (and DR) provider, shared labels, the project and its APIs. */
export function providers(ctx: TfContext): string {
  const { design, req } = ctx;
  const labels = { default_labels: expr("local.labels") };
  const blocks: HclBlockSpec[] = [
    { type: "provider", labels: ["google"], attrs: { region: expr("var.region"), ...labels } },
  ];
  if (publicGateway(ctx))
    blocks.push({ type: "provider", labels: ["google-beta"], attrs: { region: expr("var.region"), ...labels } });
  if (design.regions.dr !== null)
    blocks.push({
      type: "provider",
      labels: ["google"],
      attrs: { alias: "dr", region: expr("var.dr_region"), ...labels },
    });
  const compliance = req.compliance.length === 0 ? "none" : req.compliance.join("_").toLowerCase();
  blocks.push(
    block("locals", {
      name: expr('"${var.project}-${var.environment}"'),
      sa_prefix: expr('trimsuffix(substr("${var.project}-${var.environment}", 0, 18), "-")'),
      labels: {
        project: expr("lower(var.project)"),
        environment: expr("lower(var.environment)"),
        managed_by: "terraform",
        data_classification: req.classification.toLowerCase(),
        compliance: compliance.replace(/[^a-z0-9_-]/g, "-"),
      },
    }),
    { type: "data", labels: ["google_project", "current"], attrs: {} },
    resource("google_project_service", "apis", {
      for_each: expr(`toset(${JSON.stringify(apis(ctx)).replace(/,/g, ", ")})`),
      service: expr("each.value"),
      disable_on_destroy: false,
    }),
  );
  return renderHcl(blocks);
}

/** An input variable the design may declare: its type, its default when the design decides it, its check. */
interface InputSpec {
  name: string;
  description: string;
  type: string;
  when?: boolean;
  fallback?: HclValue;
  validation?: { condition: string; error_message: string };
}

/** The `variable` block of one input. */
function input(v: InputSpec): HclBlockSpec {
  const checks =
    v.validation === undefined
      ? []
      : [block("validation", { condition: expr(v.validation.condition), error_message: v.validation.error_message })];
  return {
    type: "variable",
    labels: [v.name],
    attrs: { description: v.description, type: expr(v.type), default: v.fallback },
    blocks: checks,
  };
}

/** variables.tf: the inputs, with defaults where the design decides them. */
export function variables(ctx: TfContext): string {
  const { design, req } = ctx;
  const gdpr = req.compliance.includes("GDPR") && req.classification !== "public";
  const needed = new Set(requiredVariables((id) => ctx.has(id), design.pattern));
  const residency = {
    condition: `startswith(var.region, "${EU_PREFIX}")`,
    error_message: "GDPR: personal data must stay in an EU region (europe-*).",
  };
  const specs: InputSpec[] = [
    { name: "project", description: "Short name used in every resource name.", type: "string", fallback: ctx.project },
    { name: "environment", description: "Deployment environment.", type: "string", fallback: "prod" },
    {
      name: "region",
      description: "Primary Google Cloud region.",
      type: "string",
      fallback: gcpRegion(design.regions.primary),
      validation: gdpr ? residency : undefined,
    },
    { name: "alert_email", description: "Where alerts are sent.", type: "string" },
    {
      name: "image_tag",
      description: "Service image tag to deploy; CI passes the commit SHA (never latest).",
      type: "string",
      when: needed.has("image_tag"),
    },
    {
      name: "dr_region",
      description: "Disaster-recovery region.",
      type: "string",
      when: design.regions.dr !== null,
      fallback: design.regions.dr === null ? undefined : gcpRegion(design.regions.dr),
    },
    {
      name: "zone_count",
      description: "Zones the node pool spreads across.",
      type: "number",
      when: ctx.has("eks"),
      fallback: design.network.availability_zones,
    },
    {
      name: "allowed_cidrs",
      description: "Private networks allowed to reach the cluster's API.",
      type: "list(string)",
      when: ctx.has("eks") && design.network.exposure === "private",
      fallback: ["10.0.0.0/8"],
    },
    {
      name: "service_domain",
      description: "The service's DNS name (certificate, audience and health checks).",
      type: "string",
      when: needed.has("service_domain"),
    },
  ];
  return renderHcl(specs.filter((v) => v.when !== false).map(input));
}

/** One output with its description. */
function o(name: string, value: string, description: string): HclBlockSpec {
  return { type: "output", labels: [name], attrs: { description, value: expr(value) } };
}

/** outputs.tf: what a deployer or CI needs from the applied plan. */
export function outputs(ctx: TfContext): string {
  const out: HclBlockSpec[] = [];
  if (publicGateway(ctx))
    out.push(
      o("api_url", '"https://${google_api_gateway_gateway.main.default_hostname}/predict"', "POST predictions here"),
    );
  if (ctx.design.pattern === "containers")
    out.push(
      servesThroughLb(ctx)
        ? o("service_url", '"https://${var.service_domain}"', "The service behind the load balancer")
        : o("service_url", "google_cloud_run_v2_service.service.uri", "The Cloud Run service"),
    );
  const cluster = ctx.has("eks") && ctx.design.pattern === "kubernetes";
  if (cluster) out.push(o("cluster_name", "google_container_cluster.main.name", "GKE cluster for kubectl"));
  if (ctx.has("waf") && cluster)
    out.push(
      o(
        "security_policy",
        "google_compute_security_policy.main.name",
        "Set as securityPolicy.name in the ingress BackendConfig",
      ),
    );
  if (ctx.has("sagemaker_endpoint"))
    out.push(o("endpoint_name", "google_vertex_ai_endpoint.main.name", "Vertex AI endpoint id"));
  if (ctx.has("kinesis"))
    out.push(o("stream_name", "google_pubsub_topic.events.name", "Producers publish events here"));
  if (ctx.has("step_functions"))
    out.push(o("pipeline_name", "google_workflows_workflow.scoring.name", "The batch scoring workflow"));
  if (ctx.has("ecr"))
    out.push(
      o(
        "image_repository",
        '"${google_artifact_registry_repository.service.location}-docker.pkg.dev/${data.google_project.current.project_id}/${google_artifact_registry_repository.service.repository_id}"',
        "Push service images here",
      ),
    );
  out.push(o("model_bucket", "google_storage_bucket.models.name", "Upload approved model artifacts under current/"));
  return renderHcl(out);
}
