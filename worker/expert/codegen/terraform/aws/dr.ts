/** dr.tf: the second region: replicated model bucket and, for an active region, failover health checks. */
import { role, rolePolicy } from "./iam";
import { publicAccessBlock, sse } from "./data";
import type { TfContext } from "../context";

/** dr.tf: the second region the design fails over to. */
export function dr(ctx: TfContext): string {
  const provider = "\n  provider = aws.dr\n";
  const route53 = ctx.has("route53_failover")
    ? `

resource "aws_route53_health_check" "primary" {
  fqdn              = var.service_domain
  port              = 443
  type              = "HTTPS"
  resource_path     = "/healthz"
  failure_threshold = 3
  request_interval  = 10
}`
    : "";
  return `# ${ctx.design.dr.replace(/_/g, " ")}: model artifacts replicate to ${ctx.design.regions.dr ?? ""}.
# Serving in the DR region is this same module applied with region = var.dr_region (DEPLOYMENT.md).
resource "aws_s3_bucket" "models_dr" {${provider}
  bucket = "\${local.name}-models-dr-\${data.aws_caller_identity.current.account_id}"
}

resource "aws_s3_bucket_versioning" "models_dr" {${provider}
  bucket = aws_s3_bucket.models_dr.id

  versioning_configuration {
    status = "Enabled"
  }
}

${
  ctx.has("kms")
    ? `resource "aws_kms_key" "dr" {${provider}
  description             = "\${local.name} DR replicas"
  enable_key_rotation     = true
  deletion_window_in_days = 30
}

`
    : ""
}${sse("models_dr", ctx.has("kms") ? "aws_kms_key.dr.arn" : null, provider)}

${publicAccessBlock("models_dr", provider)}

${role("replication", "s3.amazonaws.com")}

${rolePolicy("replication", "replicate-models", [
  {
    action: `["s3:GetReplicationConfiguration", "s3:ListBucket", "s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl"]`,
    resource: `[aws_s3_bucket.models.arn, "\${aws_s3_bucket.models.arn}/*"]`,
  },
  { action: `["s3:ReplicateObject", "s3:ReplicateDelete"]`, resource: `"\${aws_s3_bucket.models_dr.arn}/*"` },
])}

resource "aws_s3_bucket_replication_configuration" "models" {
  bucket     = aws_s3_bucket.models.id
  role       = aws_iam_role.replication.arn
  depends_on = [aws_s3_bucket_versioning.models, aws_s3_bucket_versioning.models_dr]

  rule {
    id     = "models-to-dr"
    status = "Enabled"

    destination {
      bucket        = aws_s3_bucket.models_dr.arn
      storage_class = "STANDARD"${
        ctx.has("kms")
          ? `

      encryption_configuration {
        replica_kms_key_id = aws_kms_key.dr.arn
      }`
          : ""
      }
    }${
      ctx.has("kms")
        ? `

    source_selection_criteria {
      sse_kms_encrypted_objects {
        status = "Enabled"
      }
    }`
        : ""
    }
  }
}${route53}
`;
}
