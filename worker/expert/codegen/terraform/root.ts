/** The root module's frame: Terraform and provider versions, providers, input variables and outputs. */
import type { TfContext } from "./context";

/** Input variables without defaults the design's Terraform needs, in the order they are documented. */
export function requiredVariables(has: (id: string) => boolean, pattern: string): string[] {
  const vars = ["alert_email"];
  if (has("lambda") || has("ecs_fargate") || has("stream_consumer") || has("aws_batch")) vars.push("image_tag");
  if (pattern === "containers") vars.push("certificate_arn");
  if (has("sagemaker_endpoint") || has("sagemaker_training")) vars.push("inference_image");
  if (has("model_monitor") && has("sagemaker_endpoint")) vars.push("model_monitor_image");
  if (has("route53_failover")) vars.push("service_domain");
  return vars;
}

/** versions.tf: Terraform, the AWS provider and the S3 state backend. */
export function versions(): string {
  return `terraform {
  required_version = ">= 1.6.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.70"
    }
  }

  # State lives in an encrypted, versioned S3 bucket with locking: see DEPLOYMENT.md.
  backend "s3" {}
}
`;
}

/** providers.tf: the primary (and DR) provider, shared tags and lookups. */
export function providers(ctx: TfContext): string {
  const { design, req } = ctx;
  const drProvider =
    design.regions.dr === null
      ? ""
      : `
provider "aws" {
  alias  = "dr"
  region = var.dr_region

  default_tags {
    tags = local.tags
  }
}
`;
  return `provider "aws" {
  region = var.region

  default_tags {
    tags = local.tags
  }
}
${drProvider}
locals {
  name = "\${var.project}-\${var.environment}"
  tags = {
    Project            = var.project
    Environment        = var.environment
    ManagedBy          = "terraform"
    DataClassification = "${req.classification}"
    Compliance         = "${req.compliance.length === 0 ? "none" : req.compliance.join(" ")}"
  }
}

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}
`;
}

/** variables.tf: the inputs, with defaults where the design decides them. */
export function variables(ctx: TfContext): string {
  const { design, req } = ctx;
  const gdpr = req.compliance.includes("GDPR") && req.classification !== "public";
  const parts: string[] = [
    `variable "project" {
  description = "Short name used in every resource name."
  type        = string
  default     = "${ctx.project}"
}`,
    `variable "environment" {
  description = "Deployment environment."
  type        = string
  default     = "prod"
}`,
    `variable "region" {
  description = "Primary AWS region."
  type        = string
  default     = "${design.regions.primary}"${
    gdpr
      ? `

  validation {
    condition     = startswith(var.region, "eu-")
    error_message = "GDPR: personal data must stay in an EU region."
  }`
      : ""
  }
}`,
    `variable "alert_email" {
  description = "Where alarms are sent."
  type        = string
}`,
  ];
  const needed = requiredVariables(ctx.has, design.pattern);
  if (needed.includes("image_tag")) {
    parts.push(`variable "image_tag" {
  description = "Service image tag to deploy; CI passes the commit SHA (never latest)."
  type        = string
}`);
  }
  if (design.regions.dr !== null) {
    parts.push(`variable "dr_region" {
  description = "Disaster-recovery region."
  type        = string
  default     = "${design.regions.dr}"
}`);
  }
  if (ctx.has("vpc")) {
    parts.push(`variable "az_count" {
  description = "Availability zones to spread across."
  type        = number
  default     = ${design.network.availability_zones}
}`);
  }
  if (needed.includes("certificate_arn")) {
    parts.push(`variable "certificate_arn" {
  description = "ACM certificate for the HTTPS listener."
  type        = string
}`);
  }
  if (design.network.exposure === "private" && (design.pattern === "containers" || ctx.has("eks"))) {
    parts.push(`variable "allowed_cidrs" {
  description = "Private networks allowed to call the service."
  type        = list(string)
  default     = ["10.0.0.0/8"]
}`);
  }
  if (needed.includes("inference_image")) {
    parts.push(`variable "inference_image" {
  description = "Inference container image (a SageMaker framework image or the service image)."
  type        = string
}`);
  }
  if (needed.includes("model_monitor_image")) {
    parts.push(`variable "model_monitor_image" {
  description = "SageMaker Model Monitor analyzer image for the region."
  type        = string
}`);
  }
  if (needed.includes("service_domain")) {
    parts.push(`variable "service_domain" {
  description = "DNS name health-checked for regional failover."
  type        = string
}`);
  }
  return `${parts.join("\n\n")}\n`;
}

/** One output with its description. */
function o(name: string, value: string, description: string): string {
  return `output "${name}" {
  description = "${description}"
  value       = ${value}
}`;
}

/** outputs.tf: what a deployer or CI needs from the applied plan. */
export function outputs(ctx: TfContext): string {
  const out: string[] = [];
  if (ctx.has("api_gateway"))
    out.push(o("api_url", `"\${aws_api_gateway_stage.main.invoke_url}/predict"`, "POST predictions here"));
  if (ctx.has("alb") && ctx.design.pattern === "containers")
    out.push(o("service_url", `"https://\${aws_lb.service.dns_name}"`, "The service's load balancer"));
  if (ctx.has("eks")) out.push(o("cluster_name", "aws_eks_cluster.main.name", "EKS cluster for kubectl"));
  if (ctx.has("waf") && ctx.has("eks"))
    out.push(
      o("waf_acl_arn", "aws_wafv2_web_acl.main.arn", "Set as alb.ingress.kubernetes.io/wafv2-acl-arn on the ingress"),
    );
  if (ctx.has("sagemaker_endpoint"))
    out.push(o("endpoint_name", "aws_sagemaker_endpoint.main.name", "SageMaker endpoint"));
  if (ctx.has("kinesis")) out.push(o("stream_name", "aws_kinesis_stream.events.name", "Producers write events here"));
  if (ctx.has("aws_batch"))
    out.push(o("pipeline_arn", "aws_sfn_state_machine.scoring.arn", "The batch scoring state machine"));
  if (ctx.has("ecr"))
    out.push(o("image_repository", "aws_ecr_repository.service.repository_url", "Push service images here"));
  out.push(o("model_bucket", "aws_s3_bucket.models.bucket", "Upload approved model artifacts under current/"));
  return `${out.join("\n\n")}\n`;
}
