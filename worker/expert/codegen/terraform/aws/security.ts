/** security.tf: the customer-managed key, the WAF and its association, and the audit trail. */
import { mainKey, publicAccessBlock, sse } from "./data";
import type { TfContext } from "../context";
import { policyDocument } from "./iam";

/** security.tf for the design, or nothing when it needs no key, WAF or trail. */
export function securityTf(ctx: TfContext): string {
  const parts: string[] = [];
  if (ctx.has("kms")) {
    parts.push(`resource "aws_kms_key" "main" {
  description             = "\${local.name} data at rest"
  enable_key_rotation     = true
  deletion_window_in_days = 30

  policy = ${policyDocument([
    [
      "AccountAdministration",
      "Allow",
      `{ AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }`,
      `"kms:*"`,
      `"*"`,
    ],
    [
      "CloudTrailEncrypt",
      "Allow",
      `{ Service = "cloudtrail.amazonaws.com" }`,
      `["kms:GenerateDataKey*", "kms:DescribeKey"]`,
      `"*"`,
    ],
    [
      "CloudWatchLogs",
      "Allow",
      `{ Service = "logs.\${var.region}.amazonaws.com" }`,
      `["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]`,
      `"*"`,
    ],
  ])}
}

resource "aws_kms_alias" "main" {
  name          = "alias/\${local.name}"
  target_key_id = aws_kms_key.main.key_id
}`);
  }
  if (ctx.has("cloudtrail")) {
    const years = ctx.req.compliance.includes("SOX") ? 7 : ctx.req.compliance.includes("HIPAA") ? 6 : 1;
    parts.push(`resource "aws_s3_bucket" "audit" {
  bucket              = "\${local.name}-audit-\${data.aws_caller_identity.current.account_id}"
  object_lock_enabled = true
}

resource "aws_s3_bucket_object_lock_configuration" "audit" {
  bucket = aws_s3_bucket.audit.id

  rule {
    default_retention {
      mode  = "COMPLIANCE"
      years = ${years}
    }
  }
}

resource "aws_s3_bucket_versioning" "audit" {
  bucket = aws_s3_bucket.audit.id

  versioning_configuration {
    status = "Enabled"
  }
}

${sse("audit", mainKey(ctx))}

${publicAccessBlock("audit")}

resource "aws_s3_bucket_policy" "audit" {
  bucket = aws_s3_bucket.audit.id
  policy = ${policyDocument([
    [
      "CloudTrailAclCheck",
      "Allow",
      `{ Service = "cloudtrail.amazonaws.com" }`,
      `"s3:GetBucketAcl"`,
      "aws_s3_bucket.audit.arn",
    ],
    [
      "CloudTrailWrite",
      "Allow",
      `{ Service = "cloudtrail.amazonaws.com" }`,
      `"s3:PutObject"`,
      `"\${aws_s3_bucket.audit.arn}/AWSLogs/\${data.aws_caller_identity.current.account_id}/*"`,
      `{ StringEquals = { "s3:x-amz-acl" = "bucket-owner-full-control" } }`,
    ],
    [
      "DenyInsecureTransport",
      "Deny",
      `"*"`,
      `"s3:*"`,
      `[aws_s3_bucket.audit.arn, "\${aws_s3_bucket.audit.arn}/*"]`,
      `{ Bool = { "aws:SecureTransport" = "false" } }`,
    ],
  ])}
}

resource "aws_cloudtrail" "main" {
  name                          = "\${local.name}-trail"
  s3_bucket_name                = aws_s3_bucket.audit.id
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true${ctx.has("kms") ? "\n  kms_key_id                    = aws_kms_key.main.arn" : ""}
  depends_on                    = [aws_s3_bucket_policy.audit]
}`);
  }
  if (ctx.has("waf")) {
    parts.push(`resource "aws_wafv2_web_acl" "main" {
  name  = "\${local.name}-waf"
  scope = "REGIONAL"

  default_action {
    allow {}
  }

  rule {
    name     = "aws-common-rules"
    priority = 1

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesCommonRuleSet"
        vendor_name = "AWS"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "aws-common-rules"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "rate-limit-per-ip"
    priority = 2

    action {
      block {}
    }

    statement {
      rate_based_statement {
        limit              = 2000
        aggregate_key_type = "IP"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "rate-limit-per-ip"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "\${local.name}-waf"
    sampled_requests_enabled   = true
  }
}${wafAssociation(ctx)}`);
  }
  return parts.length === 0 ? "" : `${parts.join("\n\n")}\n`;
}

/** Attaches the WAF to the API stage or the load balancer; on EKS the ingress annotation does it. */
function wafAssociation(ctx: TfContext): string {
  const target = ctx.has("api_gateway")
    ? "aws_api_gateway_stage.main.arn"
    : ctx.design.pattern === "containers"
      ? "aws_lb.service.arn"
      : null;
  if (target === null) return "";
  return `

resource "aws_wafv2_web_acl_association" "main" {
  resource_arn = ${target}
  web_acl_arn  = aws_wafv2_web_acl.main.arn
}`;
}
