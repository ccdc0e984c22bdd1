/** The root module's frame: Terraform and provider versions, providers, input variables and outputs. */
import type { TfContext } from "../context";
import { OutputRows, outputsFrom } from "../outputs";
import outputRows from "./outputs.json";
import { block, expr, renderHcl, type HclBlockSpec, type HclValue } from "../hcl";

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

/** One input variable: a description, a type and, where the design decides it, a default. */
function variable(
  name: string,
  description: string,
  type: string,
  fallback?: HclValue,
  validation?: { condition: string; error_message: string },
): HclBlockSpec {
  return {
    type: "variable",
    labels: [name],
    attrs: { description, type: expr(type), default: fallback },
    blocks:
      validation === undefined
        ? []
        : [block("validation", { condition: expr(validation.condition), error_message: validation.error_message })],
  };
}

/** variables.tf: the inputs, with defaults where the design decides them. */
export function variables(ctx: TfContext): string {
  const { design, req } = ctx;
  const gdpr = req.compliance.includes("GDPR") && req.classification !== "public";
  const needed = requiredVariables((id) => ctx.has(id), design.pattern);
  const vars: (HclBlockSpec | false)[] = [
    variable("project", "Short name used in every resource name.", "string", ctx.project),
    variable("environment", "Deployment environment.", "string", "prod"),
    variable(
      "region",
      "Primary AWS region.",
      "string",
      design.regions.primary,
      gdpr
        ? {
            condition: 'startswith(var.region, "eu-")',
            error_message: "GDPR: personal data must stay in an EU region.",
          }
        : undefined,
    ),
    variable("alert_email", "Where alarms are sent.", "string"),
    needed.includes("image_tag") &&
      variable("image_tag", "Service image tag to deploy; CI passes the commit SHA (never latest).", "string"),
    design.regions.dr !== null && variable("dr_region", "Disaster-recovery region.", "string", design.regions.dr),
    ctx.has("vpc") &&
      variable("az_count", "Availability zones to spread across.", "number", design.network.availability_zones),
    needed.includes("certificate_arn") &&
      variable("certificate_arn", "ACM certificate for the HTTPS listener.", "string"),
    design.network.exposure === "private" &&
      (design.pattern === "containers" || ctx.has("eks")) &&
      variable("allowed_cidrs", "Private networks allowed to call the service.", "list(string)", ["10.0.0.0/8"]),
    needed.includes("inference_image") &&
      variable(
        "inference_image",
        "Inference container image (a SageMaker framework image or the service image).",
        "string",
      ),
    needed.includes("model_monitor_image") &&
      variable("model_monitor_image", "SageMaker Model Monitor analyzer image for the region.", "string"),
    needed.includes("service_domain") &&
      variable("service_domain", "DNS name health-checked for regional failover.", "string"),
  ];
  return renderHcl(vars.filter((v) => v !== false));
}

const OUTPUTS = OutputRows.parse(outputRows);

/** outputs.tf: what a deployer or CI needs from the applied plan. */
export function outputs(ctx: TfContext): string {
  return outputsFrom(ctx, OUTPUTS);
}
