/** storage.tf and data.tf: encrypted, versioned, private buckets, the image repository, feature tables and streams. */
import { role, rolePolicy, securityGroup } from "./iam";
import type { TfContext } from "../context";

/** Server-side encryption of a bucket: the design's key, or S3-managed keys. */
export function sse(name: string, kmsKey: string | null, provider = ""): string {
  return `resource "aws_s3_bucket_server_side_encryption_configuration" "${name}" {${provider}
  bucket = aws_s3_bucket.${name}.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "${kmsKey !== null ? "aws:kms" : "AES256"}"${kmsKey !== null ? `\n      kms_master_key_id = ${kmsKey}` : ""}
    }${kmsKey !== null ? "\n    bucket_key_enabled = true" : ""}
  }
}`;
}

/** The primary KMS key's ARN when the design has one. */
export function mainKey(ctx: TfContext): string | null {
  return ctx.has("kms") ? "aws_kms_key.main.arn" : null;
}

/** Blocks every form of public access to a bucket. */
export function publicAccessBlock(name: string, provider = ""): string {
  return `resource "aws_s3_bucket_public_access_block" "${name}" {${provider}
  bucket                  = aws_s3_bucket.${name}.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}`;
}

function bucket(name: string, purpose: string, ctx: TfContext): string {
  return `# ${purpose}
resource "aws_s3_bucket" "${name}" {
  bucket = "\${local.name}-${name}-\${data.aws_caller_identity.current.account_id}"
}

resource "aws_s3_bucket_versioning" "${name}" {
  bucket = aws_s3_bucket.${name}.id

  versioning_configuration {
    status = "Enabled"
  }
}

${sse(name, mainKey(ctx))}

${publicAccessBlock(name)}`;
}

/** storage.tf: the model and data buckets and the image repository. */
export function storage(ctx: TfContext): string {
  const parts = [bucket("models", "Versioned model artifacts; the service loads the approved version.", ctx)];
  if (ctx.has("s3_data")) parts.push(bucket("data", "The data lake: raw inputs, features, scores and archives.", ctx));
  if (ctx.has("ecr")) {
    parts.push(`resource "aws_ecr_repository" "service" {
  name                 = "\${local.name}-service"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "${ctx.has("kms") ? "KMS" : "AES256"}"${ctx.has("kms") ? "\n    kms_key         = aws_kms_key.main.arn" : ""}
  }
}`);
  }
  return `${parts.join("\n\n")}\n`;
}

/** data.tf: the feature table, the stream and its archive, or nothing. */
export function dataTf(ctx: TfContext): string {
  const parts: string[] = [];
  const kms = ctx.has("kms");
  if (ctx.has("dynamodb")) {
    parts.push(`resource "aws_dynamodb_table" "features" {
  name         = "\${local.name}-features"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "entity_id"

  attribute {
    name = "entity_id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true${kms ? "\n    kms_key_arn = aws_kms_key.main.arn" : ""}
  }
}`);
  }
  if (ctx.has("kinesis")) {
    const shards = ctx.design.components.find((c) => c.id === "kinesis")?.quantity ?? 1;
    parts.push(`resource "aws_kinesis_stream" "events" {
  name             = "\${local.name}-events"
  shard_count      = ${shards}
  retention_period = 48
  encryption_type  = "KMS"
  kms_key_id       = ${kms ? "aws_kms_key.main.arn" : `"alias/aws/kinesis"`}

  stream_mode_details {
    stream_mode = "PROVISIONED"
  }
}

resource "aws_kinesis_stream_consumer" "scoring" {
  name       = "\${local.name}-scoring"
  stream_arn = aws_kinesis_stream.events.arn
}`);
  }
  if (ctx.has("msk")) {
    parts.push(`${securityGroup("msk", "Kafka brokers, reachable from the service only", [
      {
        kind: "ingress",
        description: "Kafka TLS from the consumers",
        port: 9094,
        groups: "[aws_security_group.service.id]",
      },
    ])}

resource "aws_msk_cluster" "events" {
  cluster_name           = "\${local.name}-events"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3

  broker_node_group_info {
    instance_type   = "kafka.m5.large"
    client_subnets  = slice(aws_subnet.private[*].id, 0, min(3, var.az_count))
    security_groups = [aws_security_group.msk.id]

    storage_info {
      ebs_storage_info {
        volume_size = 500
      }
    }
  }

  encryption_info {${kms ? "\n    encryption_at_rest_kms_key_arn = aws_kms_key.main.arn\n" : ""}
    encryption_in_transit {
      client_broker = "TLS"
      in_cluster    = true
    }
  }
}`);
  }
  if (ctx.has("firehose")) {
    const source = ctx.has("kinesis")
      ? `
  kinesis_source_configuration {
    kinesis_stream_arn = aws_kinesis_stream.events.arn
    role_arn           = aws_iam_role.firehose.arn
  }
`
      : "";
    parts.push(`${role("firehose", "firehose.amazonaws.com")}

${rolePolicy(
  "firehose",
  "archive-to-s3",
  [
    {
      action: `["s3:PutObject", "s3:GetBucketLocation", "s3:ListBucket", "s3:AbortMultipartUpload"]`,
      resource: `[aws_s3_bucket.data.arn, "\${aws_s3_bucket.data.arn}/*"]`,
    },
    ...(ctx.has("kinesis")
      ? [
          {
            action: `["kinesis:DescribeStream", "kinesis:GetShardIterator", "kinesis:GetRecords", "kinesis:ListShards"]`,
            resource: "aws_kinesis_stream.events.arn",
          },
        ]
      : []),
  ],
  { list: true },
)}

resource "aws_kinesis_firehose_delivery_stream" "archive" {
  name        = "\${local.name}-archive"
  destination = "extended_s3"
${source}
  extended_s3_configuration {
    role_arn            = aws_iam_role.firehose.arn
    bucket_arn          = aws_s3_bucket.data.arn
    prefix              = "events/!{timestamp:yyyy/MM/dd}/"
    error_output_prefix = "errors/!{firehose:error-output-type}/"
    buffering_interval  = 300${kms ? "\n    kms_key_arn         = aws_kms_key.main.arn" : ""}
  }
}`);
  }
  if (ctx.has("athena")) {
    parts.push(`resource "aws_glue_catalog_database" "lake" {
  name = replace("\${local.name}_lake", "-", "_")
}

resource "aws_athena_workgroup" "analytics" {
  name = "\${local.name}-analytics"

  configuration {
    enforce_workgroup_configuration = true

    result_configuration {
      output_location = "s3://\${aws_s3_bucket.data.bucket}/athena-results/"

      encryption_configuration {
        encryption_option = "${kms ? "SSE_KMS" : "SSE_S3"}"${kms ? "\n        kms_key_arn       = aws_kms_key.main.arn" : ""}
      }
    }
  }
}`);
  }
  return parts.length === 0 ? "" : `${parts.join("\n\n")}\n`;
}
