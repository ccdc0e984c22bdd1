/**
 * Terraform for the chosen design: one file per concern (network, security, storage,
 * data, serving, ML, monitoring, DR), only the resources the design's components need.
 * Everything is wired by reference so `terraform validate` (run by the generated CI) and
 * the validators' reference check see a closed graph.
 */
import type { Design, GeneratedFile, Requirements } from "../schema";

/** What the Terraform writers need to know about the design. */
export interface TfContext {
  design: Design;
  req: Requirements;
  project: string;
  has(id: string): boolean;
}

const DIR = "infra/terraform";

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

/** All Terraform files for the design. */
export function terraformFiles(ctx: TfContext): GeneratedFile[] {
  const files: GeneratedFile[] = [
    { path: `${DIR}/versions.tf`, content: versions() },
    { path: `${DIR}/providers.tf`, content: providers(ctx) },
    { path: `${DIR}/variables.tf`, content: variables(ctx) },
  ];
  if (ctx.has("vpc")) files.push({ path: `${DIR}/network.tf`, content: network(ctx) });
  const security = securityTf(ctx);
  if (security !== "") files.push({ path: `${DIR}/security.tf`, content: security });
  files.push({ path: `${DIR}/storage.tf`, content: storage(ctx) });
  const data = dataTf(ctx);
  if (data !== "") files.push({ path: `${DIR}/data.tf`, content: data });
  files.push({ path: `${DIR}/serving.tf`, content: serving(ctx) });
  const ml = mlTf(ctx);
  if (ml !== "") files.push({ path: `${DIR}/ml.tf`, content: ml });
  files.push({ path: `${DIR}/monitoring.tf`, content: monitoring(ctx) });
  if (ctx.design.dr !== "none" && ctx.design.regions.dr !== null)
    files.push({ path: `${DIR}/dr.tf`, content: dr(ctx) });
  files.push({ path: `${DIR}/outputs.tf`, content: outputs(ctx) });
  // The generated CI runs `terraform fmt -check`: the files must already be formatted.
  return files.map((f) => ({ path: f.path, content: formatHcl(f.content) }));
}

/**
 * Aligns the `=` of consecutive one-line attributes at the same indentation, as
 * `terraform fmt` does. A blank line, a comment, a block or a multi-line value ends a run.
 */
export function formatHcl(text: string): string {
  const lines = text.split("\n");
  const out: string[] = [];
  let group: { indent: string; key: string; value: string }[] = [];
  const flush = () => {
    const width = Math.max(0, ...group.map((g) => g.key.length));
    for (const g of group) out.push(`${g.indent}${g.key.padEnd(width)} = ${g.value}`);
    group = [];
  };
  for (const line of lines) {
    const m = /^(\s*)([A-Za-z_][\w-]*|"[^"]*")\s*=(?!=)\s*(.*)$/.exec(line);
    const value = m?.[3];
    if (m !== null && value !== undefined && balanced(value)) {
      const indent = m[1] ?? "";
      if (group.length > 0 && group[0]?.indent !== indent) flush();
      group.push({ indent, key: m[2] ?? "", value });
      continue;
    }
    flush();
    // A multi-line value's first line keeps a single space around "=".
    out.push(m !== null && value !== undefined ? `${m[1] ?? ""}${m[2] ?? ""} = ${value}` : line);
  }
  flush();
  return out.join("\n");
}

/** True when brackets in an expression close on the same line (strings skipped). */
function balanced(expr: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < expr.length; i += 1) {
    const ch = expr[i];
    if (inString) {
      if (ch === "\\") i += 1;
      else if (ch === '"') inString = false;
      else if (ch === "$" && expr[i + 1] === "{") {
        // Interpolations may hold quotes; they are short in generated code and always close.
        const end = expr.indexOf("}", i);
        if (end > i) i = end;
      }
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === "(" || ch === "[" || ch === "{") depth += 1;
    else if (ch === ")" || ch === "]" || ch === "}") depth -= 1;
  }
  return depth === 0 && !expr.trimEnd().startsWith("<<");
}

function versions(): string {
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

function providers(ctx: TfContext): string {
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

function variables(ctx: TfContext): string {
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

// ------------------------------------------------------------------ network

function network(ctx: TfContext): string {
  const { design } = ctx;
  const nat = design.network.nat_gateways;
  const endpoints = ["ecr.api", "ecr.dkr", "logs", "kms", "sts", "monitoring"];
  if (ctx.has("sagemaker_endpoint")) endpoints.push("sagemaker.runtime");
  if (ctx.has("api_gateway") && design.network.exposure === "private") endpoints.push("execute-api");
  if (ctx.has("kinesis")) endpoints.push("kinesis-streams");
  const privateEndpoints = design.network.private_networking
    ? `
resource "aws_security_group" "endpoints" {
  name        = "\${local.name}-endpoints"
  description = "HTTPS from inside the VPC to AWS service endpoints"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "HTTPS from the VPC"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = [aws_vpc.main.cidr_block]
  }
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.\${var.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = aws_route_table.private[*].id
}

resource "aws_vpc_endpoint" "interface" {
  for_each            = toset(${JSON.stringify(endpoints).replace(/,/g, ", ")})
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.\${var.region}.\${each.value}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = aws_subnet.private[*].id
  security_group_ids  = [aws_security_group.endpoints.id]
  private_dns_enabled = true
}
`
    : "";
  const natBlocks =
    nat > 0
      ? `
resource "aws_eip" "nat" {
  count  = ${nat}
  domain = "vpc"
}

resource "aws_nat_gateway" "main" {
  count         = ${nat}
  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = aws_subnet.public[count.index].id
}
`
      : "";
  const natRoute =
    nat > 0
      ? `

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.main[min(count.index, ${nat - 1})].id
  }`
      : "";
  return `data "aws_availability_zones" "available" {
  state = "available"
}

resource "aws_vpc" "main" {
  cidr_block           = "10.20.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name = local.name
  }
}

resource "aws_subnet" "private" {
  count             = var.az_count
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 4, count.index)
  availability_zone = data.aws_availability_zones.available.names[count.index]

  tags = {
    Name = "\${local.name}-private-\${count.index}"
    Tier = "private"
  }
}

resource "aws_subnet" "public" {
  count                   = var.az_count
  vpc_id                  = aws_vpc.main.id
  cidr_block              = cidrsubnet(aws_vpc.main.cidr_block, 4, count.index + 8)
  availability_zone       = data.aws_availability_zones.available.names[count.index]
  map_public_ip_on_launch = false

  tags = {
    Name = "\${local.name}-public-\${count.index}"
    Tier = "public"
  }
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }
}

resource "aws_route_table_association" "public" {
  count          = var.az_count
  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}
${natBlocks}
resource "aws_route_table" "private" {
  count  = var.az_count
  vpc_id = aws_vpc.main.id${natRoute}
}

resource "aws_route_table_association" "private" {
  count          = var.az_count
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private[count.index].id
}

resource "aws_flow_log" "main" {
  vpc_id          = aws_vpc.main.id
  traffic_type    = "REJECT"
  log_destination = aws_cloudwatch_log_group.flow.arn
  iam_role_arn    = aws_iam_role.flow_logs.arn
}

resource "aws_cloudwatch_log_group" "flow" {
  name              = "/vpc/\${local.name}/flow"
  retention_in_days = 90${kmsLogs(ctx)}
}

resource "aws_iam_role" "flow_logs" {
  name               = "\${local.name}-flow-logs"
  assume_role_policy = ${assume("vpc-flow-logs.amazonaws.com")}
}

resource "aws_iam_role_policy" "flow_logs" {
  name = "write-flow-logs"
  role = aws_iam_role.flow_logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
      Resource = "\${aws_cloudwatch_log_group.flow.arn}:*"
    }]
  })
}

resource "aws_security_group" "service" {
  name        = "\${local.name}-service"
  description = "Model service tasks and functions"
  vpc_id      = aws_vpc.main.id
${
  ctx.has("alb")
    ? `
  ingress {
    description     = "Service port from the load balancer"
    from_port       = 8080
    to_port         = 8080
    protocol        = "tcp"
    security_groups = [aws_security_group.alb.id]
  }
`
    : ""
}
  egress {
    description = "HTTPS out (AWS APIs, package mirrors)"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
${privateEndpoints}`;
}

function assume(service: string): string {
  return `jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "${service}" }
      Action    = "sts:AssumeRole"
    }]
  })`;
}

function kmsLogs(ctx: TfContext): string {
  return ctx.has("kms") ? "\n  kms_key_id        = aws_kms_key.main.arn" : "";
}

// ------------------------------------------------------------------ security

function securityTf(ctx: TfContext): string {
  const parts: string[] = [];
  if (ctx.has("kms")) {
    parts.push(`resource "aws_kms_key" "main" {
  description             = "\${local.name} data at rest"
  enable_key_rotation     = true
  deletion_window_in_days = 30

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministration"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "CloudTrailEncrypt"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = ["kms:GenerateDataKey*", "kms:DescribeKey"]
        Resource  = "*"
      },
      {
        Sid       = "CloudWatchLogs"
        Effect    = "Allow"
        Principal = { Service = "logs.\${var.region}.amazonaws.com" }
        Action    = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
        Resource  = "*"
      }
    ]
  })
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
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "CloudTrailAclCheck"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:GetBucketAcl"
        Resource  = aws_s3_bucket.audit.arn
      },
      {
        Sid       = "CloudTrailWrite"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:PutObject"
        Resource  = "\${aws_s3_bucket.audit.arn}/AWSLogs/\${data.aws_caller_identity.current.account_id}/*"
        Condition = { StringEquals = { "s3:x-amz-acl" = "bucket-owner-full-control" } }
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.audit.arn, "\${aws_s3_bucket.audit.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      }
    ]
  })
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

function sse(name: string, kmsKey: string | null, provider = ""): string {
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
function mainKey(ctx: TfContext): string | null {
  return ctx.has("kms") ? "aws_kms_key.main.arn" : null;
}

function publicAccessBlock(name: string, provider = ""): string {
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

// ------------------------------------------------------------------ storage and data

function storage(ctx: TfContext): string {
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

function dataTf(ctx: TfContext): string {
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
    parts.push(`resource "aws_security_group" "msk" {
  name        = "\${local.name}-msk"
  description = "Kafka brokers, reachable from the service only"
  vpc_id      = aws_vpc.main.id

  ingress {
    description     = "Kafka TLS from the consumers"
    from_port       = 9094
    to_port         = 9094
    protocol        = "tcp"
    security_groups = [aws_security_group.service.id]
  }
}

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
    parts.push(`resource "aws_iam_role" "firehose" {
  name               = "\${local.name}-firehose"
  assume_role_policy = ${assume("firehose.amazonaws.com")}
}

resource "aws_iam_role_policy" "firehose" {
  name = "archive-to-s3"
  role = aws_iam_role.firehose.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:PutObject", "s3:GetBucketLocation", "s3:ListBucket", "s3:AbortMultipartUpload"]
        Resource = [aws_s3_bucket.data.arn, "\${aws_s3_bucket.data.arn}/*"]
      }${
        ctx.has("kinesis")
          ? `,
      {
        Effect   = "Allow"
        Action   = ["kinesis:DescribeStream", "kinesis:GetShardIterator", "kinesis:GetRecords", "kinesis:ListShards"]
        Resource = aws_kinesis_stream.events.arn
      }`
          : ""
      }
    ]
  })
}

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

// ------------------------------------------------------------------ serving

function serving(ctx: TfContext): string {
  switch (ctx.design.pattern) {
    case "serverless":
      return `${lambdaServing(ctx)}\n\n${apiGateway(ctx, "lambda")}\n`;
    case "containers":
      return `${ecsCluster(ctx)}\n\n${albTf(ctx)}\n\n${ecsService(ctx, true)}\n`;
    case "kubernetes":
      return `${eksTf(ctx)}\n`;
    case "managed_platform":
      return `${sagemakerEndpoint(ctx)}${ctx.has("api_gateway") ? `\n\n${apiGateway(ctx, "sagemaker")}` : ""}\n`;
    case "batch_analytics":
      return `${batchTf(ctx)}\n`;
    case "streaming":
      return `${ecsCluster(ctx)}\n\n${ecsService(ctx, false)}${ctx.has("sagemaker_endpoint") ? `\n\n${sagemakerEndpoint(ctx)}` : ""}\n`;
  }
}

function lambdaServing(ctx: TfContext): string {
  const inVpc = ctx.design.network.private_networking;
  const memory = ctx.req.model_size === "small" ? 1024 : 3008;
  const provisioned = ctx.has("lambda_provisioned")
    ? `

resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.inference.function_name
  function_version = aws_lambda_function.inference.version
}

resource "aws_lambda_provisioned_concurrency_config" "live" {
  function_name                     = aws_lambda_function.inference.function_name
  qualifier                         = aws_lambda_alias.live.name
  provisioned_concurrent_executions = 2
}`
    : "";
  return `resource "aws_iam_role" "lambda" {
  name               = "\${local.name}-lambda"
  assume_role_policy = ${assume("lambda.amazonaws.com")}
}

resource "aws_iam_role_policy_attachment" "lambda_logs" {
  role       = aws_iam_role.lambda.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/${inVpc ? "AWSLambdaVPCAccessExecutionRole" : "AWSLambdaBasicExecutionRole"}"
}

resource "aws_iam_role_policy" "lambda_models" {
  name = "read-models"
  role = aws_iam_role.lambda.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject"]
      Resource = "\${aws_s3_bucket.models.arn}/*"
    }]
  })
}

resource "aws_lambda_function" "inference" {
  function_name = "\${local.name}-inference"
  role          = aws_iam_role.lambda.arn
  package_type  = "Image"
  image_uri     = "\${aws_ecr_repository.service.repository_url}:\${var.image_tag}"
  memory_size   = ${memory}
  timeout       = 30
  publish       = true${ctx.has("kms") ? "\n  kms_key_arn   = aws_kms_key.main.arn" : ""}

  environment {
    variables = {
      MODEL_URI = "s3://\${aws_s3_bucket.models.bucket}/current/model.json"
    }
  }

  tracing_config {
    mode = "Active"
  }${
    inVpc
      ? `

  vpc_config {
    subnet_ids         = aws_subnet.private[*].id
    security_group_ids = [aws_security_group.service.id]
  }`
      : ""
  }
}${provisioned}`;
}

function apiGateway(ctx: TfContext, target: "lambda" | "sagemaker"): string {
  const isPrivate = ctx.design.network.exposure === "private";
  const endpoint = isPrivate
    ? `
  endpoint_configuration {
    types            = ["PRIVATE"]
    vpc_endpoint_ids = [aws_vpc_endpoint.interface["execute-api"].id]
  }

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = "*"
        Action    = "execute-api:Invoke"
        Resource  = "execute-api:/*"
      },
      {
        Effect    = "Deny"
        Principal = "*"
        Action    = "execute-api:Invoke"
        Resource  = "execute-api:/*"
        Condition = { StringNotEquals = { "aws:SourceVpce" = aws_vpc_endpoint.interface["execute-api"].id } }
      }
    ]
  })`
    : `
  endpoint_configuration {
    types = ["REGIONAL"]
  }`;
  const integration =
    target === "lambda"
      ? `resource "aws_api_gateway_integration" "predict" {
  rest_api_id             = aws_api_gateway_rest_api.main.id
  resource_id             = aws_api_gateway_resource.predict.id
  http_method             = aws_api_gateway_method.predict.http_method
  integration_http_method = "POST"
  type                    = "AWS_PROXY"
  uri                     = aws_lambda_function.inference.invoke_arn
}

resource "aws_lambda_permission" "api" {
  statement_id  = "AllowApiGatewayInvoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.inference.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "\${aws_api_gateway_rest_api.main.execution_arn}/*/*"
}`
      : `resource "aws_iam_role" "apigw_sagemaker" {
  name               = "\${local.name}-apigw-invoke"
  assume_role_policy = ${assume("apigateway.amazonaws.com")}
}

resource "aws_iam_role_policy" "apigw_sagemaker" {
  name = "invoke-endpoint"
  role = aws_iam_role.apigw_sagemaker.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "sagemaker:InvokeEndpoint"
      Resource = aws_sagemaker_endpoint.main.arn
    }]
  })
}

resource "aws_api_gateway_integration" "predict" {
  rest_api_id             = aws_api_gateway_rest_api.main.id
  resource_id             = aws_api_gateway_resource.predict.id
  http_method             = aws_api_gateway_method.predict.http_method
  integration_http_method = "POST"
  type                    = "AWS"
  uri                     = "arn:aws:apigateway:\${var.region}:runtime.sagemaker:path//endpoints/\${aws_sagemaker_endpoint.main.name}/invocations"
  credentials             = aws_iam_role.apigw_sagemaker.arn
}

resource "aws_api_gateway_method_response" "ok" {
  rest_api_id = aws_api_gateway_rest_api.main.id
  resource_id = aws_api_gateway_resource.predict.id
  http_method = aws_api_gateway_method.predict.http_method
  status_code = "200"
}

resource "aws_api_gateway_integration_response" "ok" {
  rest_api_id = aws_api_gateway_rest_api.main.id
  resource_id = aws_api_gateway_resource.predict.id
  http_method = aws_api_gateway_method.predict.http_method
  status_code = aws_api_gateway_method_response.ok.status_code
  depends_on  = [aws_api_gateway_integration.predict]
}`;
  return `resource "aws_api_gateway_rest_api" "main" {
  name        = "\${local.name}-api"
  description = "Prediction API"
${endpoint}
}

resource "aws_api_gateway_resource" "predict" {
  rest_api_id = aws_api_gateway_rest_api.main.id
  parent_id   = aws_api_gateway_rest_api.main.root_resource_id
  path_part   = "predict"
}

resource "aws_api_gateway_method" "predict" {
  rest_api_id   = aws_api_gateway_rest_api.main.id
  resource_id   = aws_api_gateway_resource.predict.id
  http_method   = "POST"
  authorization = "AWS_IAM"
}

${integration}

resource "aws_api_gateway_deployment" "main" {
  rest_api_id = aws_api_gateway_rest_api.main.id

  triggers = {
    redeployment = sha1(jsonencode([aws_api_gateway_resource.predict.id, aws_api_gateway_method.predict.id, aws_api_gateway_integration.predict.id]))
  }

  lifecycle {
    create_before_destroy = true
  }

  depends_on = [aws_api_gateway_integration.predict]
}

resource "aws_cloudwatch_log_group" "api" {
  name              = "/aws/apigateway/\${local.name}"
  retention_in_days = 90${kmsLogs(ctx)}
}

resource "aws_api_gateway_stage" "main" {
  rest_api_id          = aws_api_gateway_rest_api.main.id
  deployment_id        = aws_api_gateway_deployment.main.id
  stage_name           = var.environment
  xray_tracing_enabled = true

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api.arn
    format = jsonencode({
      requestId = "$context.requestId"
      status    = "$context.status"
      latency   = "$context.responseLatency"
      ip        = "$context.identity.sourceIp"
    })
  }
}`;
}

function ecsCluster(ctx: TfContext): string {
  return `resource "aws_ecs_cluster" "main" {
  name = local.name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_cloudwatch_log_group" "service" {
  name              = "/ecs/\${local.name}"
  retention_in_days = 90${kmsLogs(ctx)}
}

resource "aws_iam_role" "task_execution" {
  name               = "\${local.name}-task-execution"
  assume_role_policy = ${assume("ecs-tasks.amazonaws.com")}
}

resource "aws_iam_role_policy_attachment" "task_execution" {
  role       = aws_iam_role.task_execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_iam_role" "task" {
  name               = "\${local.name}-task"
  assume_role_policy = ${assume("ecs-tasks.amazonaws.com")}
}

resource "aws_iam_role_policy" "task" {
  name = "service-access"
  role = aws_iam_role.task.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [{
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = "\${aws_s3_bucket.models.arn}/*"
      }],${
        ctx.has("dynamodb")
          ? `
      [{
        Effect   = "Allow"
        Action   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"]
        Resource = aws_dynamodb_table.features.arn
      }],`
          : ""
      }${
        ctx.has("kinesis")
          ? `
      [{
        Effect   = "Allow"
        Action   = ["kinesis:SubscribeToShard", "kinesis:DescribeStreamSummary", "kinesis:ListShards", "kinesis:DescribeStreamConsumer"]
        Resource = [aws_kinesis_stream.events.arn, aws_kinesis_stream_consumer.scoring.arn]
      }],`
          : ""
      }${
        ctx.has("sagemaker_endpoint")
          ? `
      [{
        Effect   = "Allow"
        Action   = "sagemaker:InvokeEndpoint"
        Resource = aws_sagemaker_endpoint.main.arn
      }],`
          : ""
      }
      []
    )
  })
}`;
}

function albTf(ctx: TfContext): string {
  const internal = ctx.design.network.exposure === "private";
  const source = internal ? "var.allowed_cidrs" : `["0.0.0.0/0"]`;
  return `resource "aws_security_group" "alb" {
  name        = "\${local.name}-alb"
  description = "HTTPS into the load balancer"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "HTTPS from ${internal ? "private networks" : "the internet"}"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ${source}
  }

  egress {
    description = "To the service tasks"
    from_port   = 8080
    to_port     = 8080
    protocol    = "tcp"
    cidr_blocks = [aws_vpc.main.cidr_block]
  }
}

resource "aws_lb" "service" {
  name                       = substr("\${local.name}-alb", 0, 32)
  internal                   = ${internal}
  load_balancer_type         = "application"
  security_groups            = [aws_security_group.alb.id]
  subnets                    = ${internal ? "aws_subnet.private[*].id" : "aws_subnet.public[*].id"}
  drop_invalid_header_fields = true
  enable_deletion_protection = true
}

resource "aws_lb_target_group" "service" {
  name        = substr("\${local.name}-tg", 0, 32)
  port        = 8080
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = aws_vpc.main.id

  health_check {
    path                = "/healthz"
    healthy_threshold   = 2
    unhealthy_threshold = 3
    interval            = 15
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.service.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.service.arn
  }
}`;
}

function ecsService(ctx: TfContext, behindAlb: boolean): string {
  const s = ctx.design.serving;
  const replicas =
    ctx.design.components.find((c) => c.id === (behindAlb ? "ecs_fargate" : "stream_consumer"))?.quantity ?? 2;
  const cpu = s?.instance.startsWith("4 vCPU") === true ? 4096 : 1024;
  const memory = cpu === 4096 ? 8192 : 2048;
  const env: string[] = [`{ name = "MODEL_URI", value = "s3://\${aws_s3_bucket.models.bucket}/current/model.json" }`];
  if (ctx.has("dynamodb")) env.push(`{ name = "FEATURE_TABLE", value = aws_dynamodb_table.features.name }`);
  if (ctx.has("kinesis")) {
    env.push(`{ name = "STREAM_ARN", value = aws_kinesis_stream.events.arn }`);
    env.push(`{ name = "STREAM_CONSUMER_ARN", value = aws_kinesis_stream_consumer.scoring.arn }`);
  }
  if (ctx.has("msk")) env.push(`{ name = "KAFKA_BROKERS", value = aws_msk_cluster.events.bootstrap_brokers_tls }`);
  if (ctx.has("sagemaker_endpoint"))
    env.push(`{ name = "SAGEMAKER_ENDPOINT", value = aws_sagemaker_endpoint.main.name }`);
  env.push(`{ name = "MODE", value = "${behindAlb ? "http" : "stream"}" }`);
  const lb = behindAlb
    ? `

  load_balancer {
    target_group_arn = aws_lb_target_group.service.arn
    container_name   = "service"
    container_port   = 8080
  }

  depends_on = [aws_lb_listener.https]`
    : "";
  const scalingMetric = behindAlb
    ? `predefined_metric_specification {
      predefined_metric_type = "ALBRequestCountPerTarget"
      resource_label         = "\${aws_lb.service.arn_suffix}/\${aws_lb_target_group.service.arn_suffix}"
    }
    target_value = ${Math.max(10, Math.round((s?.capacity_rps ?? 100) / Math.max(1, replicas)) * 60 * 0.7)}`
    : `predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
    target_value = 60`;
  return `resource "aws_ecs_task_definition" "service" {
  family                   = "\${local.name}-service"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = ${cpu}
  memory                   = ${memory}
  execution_role_arn       = aws_iam_role.task_execution.arn
  task_role_arn            = aws_iam_role.task.arn

  container_definitions = jsonencode([{
    name                   = "service"
    image                  = "\${aws_ecr_repository.service.repository_url}:\${var.image_tag}"
    essential              = true
    readonlyRootFilesystem = true
    portMappings           = [{ containerPort = 8080, protocol = "tcp" }]
    environment = [
      ${env.join(",\n      ")}
    ]
    healthCheck = {
      command  = ["CMD", "node", "dist/healthcheck.js"]
      interval = 15
      retries  = 3
    }
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.service.name
        awslogs-region        = var.region
        awslogs-stream-prefix = "service"
      }
    }
  }])
}

resource "aws_ecs_service" "service" {
  name            = "\${local.name}-service"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.service.arn
  desired_count   = ${replicas}
  launch_type     = "FARGATE"

  network_configuration {
    subnets          = aws_subnet.private[*].id
    security_groups  = [aws_security_group.service.id]
    assign_public_ip = false
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }${lb}
}

resource "aws_appautoscaling_target" "service" {
  service_namespace  = "ecs"
  resource_id        = "service/\${aws_ecs_cluster.main.name}/\${aws_ecs_service.service.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = ${replicas}
  max_capacity       = ${replicas * 4}
}

resource "aws_appautoscaling_policy" "service" {
  name               = "\${local.name}-scaling"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.service.service_namespace
  resource_id        = aws_appautoscaling_target.service.resource_id
  scalable_dimension = aws_appautoscaling_target.service.scalable_dimension

  target_tracking_scaling_policy_configuration {
    ${scalingMetric}
  }
}`;
}

function eksTf(ctx: TfContext): string {
  const s = ctx.design.serving;
  const isPrivate = ctx.design.network.exposure === "private" || ctx.design.network.private_networking;
  const nodes = ctx.design.components.find((c) => c.id === "eks_nodes")?.quantity ?? 2;
  const instance = (s?.instance ?? "m6i.large node").replace(/ .*$/, "");
  const gpu = s?.gpu === true;
  return `resource "aws_iam_role" "eks_cluster" {
  name               = "\${local.name}-eks-cluster"
  assume_role_policy = ${assume("eks.amazonaws.com")}
}

resource "aws_iam_role_policy_attachment" "eks_cluster" {
  role       = aws_iam_role.eks_cluster.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"
}

resource "aws_cloudwatch_log_group" "eks" {
  name              = "/aws/eks/\${local.name}/cluster"
  retention_in_days = 90${kmsLogs(ctx)}
}

resource "aws_eks_cluster" "main" {
  name     = local.name
  role_arn = aws_iam_role.eks_cluster.arn
  version  = "1.31"

  enabled_cluster_log_types = ["api", "audit", "authenticator"]

  vpc_config {
    subnet_ids              = aws_subnet.private[*].id
    endpoint_private_access = true
    endpoint_public_access  = ${!isPrivate}
  }${
    ctx.has("kms")
      ? `

  encryption_config {
    resources = ["secrets"]

    provider {
      key_arn = aws_kms_key.main.arn
    }
  }`
      : ""
  }

  depends_on = [aws_iam_role_policy_attachment.eks_cluster, aws_cloudwatch_log_group.eks]
}

resource "aws_iam_role" "eks_nodes" {
  name               = "\${local.name}-eks-nodes"
  assume_role_policy = ${assume("ec2.amazonaws.com")}
}

resource "aws_iam_role_policy_attachment" "eks_nodes" {
  for_each   = toset(["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly", "AmazonSSMManagedInstanceCore"])
  role       = aws_iam_role.eks_nodes.name
  policy_arn = "arn:aws:iam::aws:policy/\${each.value}"
}

resource "aws_eks_node_group" "system" {
  cluster_name    = aws_eks_cluster.main.name
  node_group_name = "system"
  node_role_arn   = aws_iam_role.eks_nodes.arn
  subnet_ids      = aws_subnet.private[*].id
  instance_types  = ["m6i.large"]

  scaling_config {
    desired_size = 2
    min_size     = 2
    max_size     = 4
  }

  depends_on = [aws_iam_role_policy_attachment.eks_nodes]
}

resource "aws_eks_node_group" "models" {
  cluster_name    = aws_eks_cluster.main.name
  node_group_name = "models"
  node_role_arn   = aws_iam_role.eks_nodes.arn
  subnet_ids      = aws_subnet.private[*].id
  instance_types  = ["${instance}"]
  ami_type        = "${gpu ? "AL2_x86_64_GPU" : "AL2023_x86_64_STANDARD"}"

  scaling_config {
    desired_size = ${nodes}
    min_size     = ${nodes}
    max_size     = ${nodes * 3}
  }
${
  gpu
    ? `
  taint {
    key    = "nvidia.com/gpu"
    value  = "true"
    effect = "NO_SCHEDULE"
  }
`
    : ""
}
  labels = {
    workload = "models"
  }

  depends_on = [aws_iam_role_policy_attachment.eks_nodes]
}

resource "aws_eks_addon" "core" {
  for_each     = toset(["vpc-cni", "coredns", "kube-proxy", "eks-pod-identity-agent"])
  cluster_name = aws_eks_cluster.main.name
  addon_name   = each.value
  depends_on   = [aws_eks_node_group.system]
}

resource "aws_security_group" "alb" {
  name        = "\${local.name}-ingress"
  description = "HTTPS into the cluster ingress"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "HTTPS"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ${ctx.design.network.exposure === "private" ? "var.allowed_cidrs" : `["0.0.0.0/0"]`}
  }
}
${
  ctx.has("mlflow")
    ? `
# MLflow's backing store; the tracking server runs in the cluster (helm chart in k8s/).
resource "aws_db_subnet_group" "mlflow" {
  name       = "\${local.name}-mlflow"
  subnet_ids = aws_subnet.private[*].id
}

resource "aws_db_instance" "mlflow" {
  identifier                  = "\${local.name}-mlflow"
  engine                      = "postgres"
  engine_version              = "16"
  instance_class              = "db.t4g.small"
  allocated_storage           = 20
  db_name                     = "mlflow"
  username                    = "mlflow"
  manage_master_user_password = true
  db_subnet_group_name        = aws_db_subnet_group.mlflow.name
  vpc_security_group_ids      = [aws_security_group.service.id]
  storage_encrypted           = true${ctx.has("kms") ? "\n  kms_key_id                  = aws_kms_key.main.arn" : ""}
  multi_az                    = false
  backup_retention_period     = 7
  deletion_protection         = true
  skip_final_snapshot         = false
  final_snapshot_identifier   = "\${local.name}-mlflow-final"
}
`
    : ""
}`;
}

function sagemakerRole(): string {
  return `resource "aws_iam_role" "sagemaker" {
  name               = "\${local.name}-sagemaker"
  assume_role_policy = ${assume("sagemaker.amazonaws.com")}
}

resource "aws_iam_role_policy_attachment" "sagemaker" {
  role       = aws_iam_role.sagemaker.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"
}

resource "aws_iam_role_policy" "sagemaker_models" {
  name = "model-artifacts"
  role = aws_iam_role.sagemaker.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:PutObject", "s3:ListBucket"]
      Resource = [aws_s3_bucket.models.arn, "\${aws_s3_bucket.models.arn}/*"]
    }]
  })
}`;
}

function sagemakerEndpoint(ctx: TfContext): string {
  const spec = ctx.design.serving;
  const n = ctx.design.components.find((c) => c.id === "sagemaker_endpoint")?.quantity ?? 1;
  const isolated = ctx.req.classification === "restricted";
  return `resource "aws_sagemaker_model" "current" {
  name                     = "\${local.name}-model"
  execution_role_arn       = aws_iam_role.sagemaker.arn
  enable_network_isolation = ${isolated}

  primary_container {
    image          = var.inference_image
    model_data_url = "s3://\${aws_s3_bucket.models.bucket}/current/model.tar.gz"
  }${
    ctx.has("vpc")
      ? `

  vpc_config {
    subnets            = aws_subnet.private[*].id
    security_group_ids = [aws_security_group.service.id]
  }`
      : ""
  }
}

resource "aws_sagemaker_endpoint_configuration" "main" {
  name_prefix = "\${local.name}-"${ctx.has("kms") ? "\n  kms_key_arn = aws_kms_key.main.arn" : ""}

  production_variants {
    variant_name           = "primary"
    model_name             = aws_sagemaker_model.current.name
    initial_instance_count = ${n}
    instance_type          = "${(spec?.instance ?? "ml.m5.large").replace(/ .*$/, "")}"
  }

  data_capture_config {
    enable_capture              = true
    initial_sampling_percentage = 20
    destination_s3_uri          = "s3://\${aws_s3_bucket.models.bucket}/data-capture"

    capture_options {
      capture_mode = "Input"
    }

    capture_options {
      capture_mode = "Output"
    }
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_sagemaker_endpoint" "main" {
  name                 = "\${local.name}-endpoint"
  endpoint_config_name = aws_sagemaker_endpoint_configuration.main.name
}

resource "aws_appautoscaling_target" "endpoint" {
  service_namespace  = "sagemaker"
  resource_id        = "endpoint/\${aws_sagemaker_endpoint.main.name}/variant/primary"
  scalable_dimension = "sagemaker:variant:DesiredInstanceCount"
  min_capacity       = ${n}
  max_capacity       = ${n * 3}
}

resource "aws_appautoscaling_policy" "endpoint" {
  name               = "\${local.name}-endpoint-scaling"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.endpoint.service_namespace
  resource_id        = aws_appautoscaling_target.endpoint.resource_id
  scalable_dimension = aws_appautoscaling_target.endpoint.scalable_dimension

  target_tracking_scaling_policy_configuration {
    predefined_metric_specification {
      predefined_metric_type = "SageMakerVariantInvocationsPerInstance"
    }
    target_value = ${Math.max(10, Math.round((spec?.capacity_rps ?? 100) / Math.max(1, n)) * 60 * 0.7)}
  }
}`;
}

function batchTf(ctx: TfContext): string {
  return `resource "aws_iam_role" "batch_execution" {
  name               = "\${local.name}-batch-execution"
  assume_role_policy = ${assume("ecs-tasks.amazonaws.com")}
}

resource "aws_iam_role_policy_attachment" "batch_execution" {
  role       = aws_iam_role.batch_execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_iam_role" "batch_job" {
  name               = "\${local.name}-batch-job"
  assume_role_policy = ${assume("ecs-tasks.amazonaws.com")}
}

resource "aws_iam_role_policy" "batch_job" {
  name = "score-data"
  role = aws_iam_role.batch_job.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:PutObject", "s3:ListBucket"]
      Resource = [aws_s3_bucket.data.arn, "\${aws_s3_bucket.data.arn}/*", aws_s3_bucket.models.arn, "\${aws_s3_bucket.models.arn}/*"]
    }]
  })
}

resource "aws_cloudwatch_log_group" "batch" {
  name              = "/aws/batch/\${local.name}"
  retention_in_days = 90${kmsLogs(ctx)}
}

resource "aws_batch_compute_environment" "spot" {
  compute_environment_name = "\${local.name}-spot"
  type                     = "MANAGED"

  compute_resources {
    type               = "FARGATE_SPOT"
    max_vcpus          = 64
    subnets            = aws_subnet.private[*].id
    security_group_ids = [aws_security_group.service.id]
  }
}

resource "aws_batch_job_queue" "scoring" {
  name     = "\${local.name}-scoring"
  state    = "ENABLED"
  priority = 1

  compute_environment_order {
    order               = 1
    compute_environment = aws_batch_compute_environment.spot.arn
  }
}

resource "aws_batch_job_definition" "score" {
  name                  = "\${local.name}-score"
  type                  = "container"
  platform_capabilities = ["FARGATE"]

  retry_strategy {
    attempts = 3
  }

  container_properties = jsonencode({
    image            = "\${aws_ecr_repository.service.repository_url}:\${var.image_tag}"
    command          = ["node", "dist/batch.js"]
    executionRoleArn = aws_iam_role.batch_execution.arn
    jobRoleArn       = aws_iam_role.batch_job.arn
    resourceRequirements = [
      { type = "VCPU", value = "4" },
      { type = "MEMORY", value = "8192" }
    ]
    environment = [
      { name = "INPUT_URI", value = "s3://\${aws_s3_bucket.data.bucket}/input/" },
      { name = "OUTPUT_URI", value = "s3://\${aws_s3_bucket.data.bucket}/scores/" },
      { name = "MODEL_URI", value = "s3://\${aws_s3_bucket.models.bucket}/current/model.json" }
    ]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group  = aws_cloudwatch_log_group.batch.name
        awslogs-region = var.region
      }
    }
  })
}

resource "aws_iam_role" "pipeline" {
  name               = "\${local.name}-pipeline"
  assume_role_policy = ${assume("states.amazonaws.com")}
}

resource "aws_iam_role_policy" "pipeline" {
  name = "run-batch"
  role = aws_iam_role.pipeline.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["batch:SubmitJob", "batch:DescribeJobs", "batch:TerminateJob", "events:PutTargets", "events:PutRule", "events:DescribeRule"]
      Resource = "*"
    }]
  })
}

resource "aws_sfn_state_machine" "scoring" {
  name     = "\${local.name}-scoring"
  role_arn = aws_iam_role.pipeline.arn
  definition = jsonencode({
    Comment = "Nightly batch scoring"
    StartAt = "Score"
    States = {
      Score = {
        Type     = "Task"
        Resource = "arn:aws:states:::batch:submitJob.sync"
        Parameters = {
          JobName       = "score"
          JobQueue      = aws_batch_job_queue.scoring.arn
          JobDefinition = aws_batch_job_definition.score.arn
        }
        Retry = [{ ErrorEquals = ["States.ALL"], MaxAttempts = 2, IntervalSeconds = 300 }]
        End   = true
      }
    }
  })
}

resource "aws_iam_role" "scheduler" {
  name               = "\${local.name}-scheduler"
  assume_role_policy = ${assume("scheduler.amazonaws.com")}
}

resource "aws_iam_role_policy" "scheduler" {
  name = "start-pipeline"
  role = aws_iam_role.scheduler.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "states:StartExecution"
      Resource = aws_sfn_state_machine.scoring.arn
    }]
  })
}

resource "aws_scheduler_schedule" "nightly" {
  name                = "\${local.name}-nightly"
  schedule_expression = "cron(0 2 * * ? *)"

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_sfn_state_machine.scoring.arn
    role_arn = aws_iam_role.scheduler.arn
  }
}`;
}

function mlTf(ctx: TfContext): string {
  const needsRole = ctx.has("sagemaker_endpoint") || ctx.has("sagemaker_training") || ctx.has("model_monitor");
  const parts: string[] = [];
  if (needsRole) parts.push(sagemakerRole());
  if (ctx.has("sagemaker_registry")) {
    parts.push(`resource "aws_sagemaker_model_package_group" "registry" {
  model_package_group_name        = "\${local.name}-models"
  model_package_group_description = "Approved model versions; deploys take the latest Approved package."
}`);
  }
  if (ctx.has("sagemaker_training")) {
    const schedule: Record<string, string> = {
      daily: "cron(0 3 * * ? *)",
      weekly: "cron(0 3 ? * SUN *)",
      monthly: "cron(0 3 1 * ? *)",
      continuous: "rate(6 hours)",
    };
    parts.push(`resource "aws_sagemaker_pipeline" "training" {
  pipeline_name         = "\${local.name}-training"
  pipeline_display_name = "\${local.name}-training"
  role_arn              = aws_iam_role.sagemaker.arn
  pipeline_definition = templatefile("\${path.module}/../../pipelines/training_pipeline.json", {
    role_arn      = aws_iam_role.sagemaker.arn
    model_bucket  = aws_s3_bucket.models.bucket
    image         = var.inference_image
    package_group = ${ctx.has("sagemaker_registry") ? "aws_sagemaker_model_package_group.registry.model_package_group_name" : `""`}
  })
}

resource "aws_iam_role" "training_scheduler" {
  name               = "\${local.name}-training-scheduler"
  assume_role_policy = ${assume("scheduler.amazonaws.com")}
}

resource "aws_iam_role_policy" "training_scheduler" {
  name = "start-training"
  role = aws_iam_role.training_scheduler.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "sagemaker:StartPipelineExecution"
      Resource = aws_sagemaker_pipeline.training.arn
    }]
  })
}

resource "aws_scheduler_schedule" "training" {
  name                = "\${local.name}-training"
  schedule_expression = "${schedule[ctx.req.training] ?? "cron(0 3 1 * ? *)"}"

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = "arn:aws:scheduler:::aws-sdk:sagemaker:startPipelineExecution"
    role_arn = aws_iam_role.training_scheduler.arn
    input    = jsonencode({ PipelineName = aws_sagemaker_pipeline.training.pipeline_name })
  }
}`);
  }
  if (ctx.has("model_monitor") && ctx.has("sagemaker_endpoint")) {
    parts.push(`resource "aws_sagemaker_data_quality_job_definition" "monitor" {
  name     = "\${local.name}-data-quality"
  role_arn = aws_iam_role.sagemaker.arn

  data_quality_app_specification {
    image_uri = var.model_monitor_image
  }

  data_quality_job_input {
    endpoint_input {
      endpoint_name = aws_sagemaker_endpoint.main.name
    }
  }

  data_quality_job_output_config {
    monitoring_outputs {
      s3_output {
        s3_uri = "s3://\${aws_s3_bucket.models.bucket}/monitoring"
      }
    }
  }

  job_resources {
    cluster_config {
      instance_count    = 1
      instance_type     = "ml.m5.large"
      volume_size_in_gb = 20
    }
  }
}

resource "aws_sagemaker_monitoring_schedule" "monitor" {
  name = "\${local.name}-monitor"

  monitoring_schedule_config {
    monitoring_job_definition_name = aws_sagemaker_data_quality_job_definition.monitor.name
    monitoring_type                = "DataQuality"

    schedule_config {
      schedule_expression = "cron(0 * ? * * *)"
    }
  }
}`);
  }
  return parts.length === 0 ? "" : `${parts.join("\n\n")}\n`;
}

// ------------------------------------------------------------------ monitoring, DR, outputs

function monitoring(ctx: TfContext): string {
  const latency = ctx.req.latency_p95_ms ?? 1000;
  const alarms: string[] = [];
  const alarm = (
    name: string,
    namespace: string,
    metric: string,
    dims: string,
    stat: string,
    threshold: number,
    what: string,
  ) =>
    `resource "aws_cloudwatch_metric_alarm" "${name}" {
  alarm_name          = "\${local.name}-${name.replace(/_/g, "-")}"
  alarm_description   = "${what}"
  namespace           = "${namespace}"
  metric_name         = "${metric}"
  ${stat.startsWith("p") ? `extended_statistic  = "${stat}"` : `statistic           = "${stat}"`}
  period              = 60
  evaluation_periods  = 5
  threshold           = ${threshold}
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alerts.arn]

  dimensions = {
    ${dims}
  }
}`;
  if (ctx.has("api_gateway")) {
    alarms.push(
      alarm(
        "api_latency_p95",
        "AWS/ApiGateway",
        "Latency",
        `ApiName = aws_api_gateway_rest_api.main.name`,
        "p95",
        latency,
        `p95 latency above the ${latency} ms target`,
      ),
    );
    alarms.push(
      alarm(
        "api_5xx",
        "AWS/ApiGateway",
        "5XXError",
        `ApiName = aws_api_gateway_rest_api.main.name`,
        "Sum",
        5,
        "Server errors on the API",
      ),
    );
  }
  if (ctx.has("alb") && ctx.design.pattern === "containers") {
    alarms.push(
      alarm(
        "alb_latency_p95",
        "AWS/ApplicationELB",
        "TargetResponseTime",
        `LoadBalancer = aws_lb.service.arn_suffix`,
        "p95",
        latency / 1000,
        `p95 latency above the ${latency} ms target`,
      ),
    );
    alarms.push(
      alarm(
        "alb_5xx",
        "AWS/ApplicationELB",
        "HTTPCode_Target_5XX_Count",
        `LoadBalancer = aws_lb.service.arn_suffix`,
        "Sum",
        5,
        "Server errors from the service",
      ),
    );
  }
  if (ctx.has("sagemaker_endpoint")) {
    alarms.push(
      alarm(
        "model_latency_p95",
        "AWS/SageMaker",
        "ModelLatency",
        `EndpointName = aws_sagemaker_endpoint.main.name\n    VariantName  = "primary"`,
        "p95",
        latency * 1000,
        "Model latency (microseconds) above target",
      ),
    );
  }
  if (ctx.has("kinesis")) {
    alarms.push(
      alarm(
        "stream_iterator_age",
        "AWS/Kinesis",
        "GetRecords.IteratorAgeMilliseconds",
        `StreamName = aws_kinesis_stream.events.name`,
        "Maximum",
        60000,
        "Consumers are more than a minute behind the stream",
      ),
    );
  }
  if (ctx.has("lambda")) {
    alarms.push(
      alarm(
        "lambda_errors",
        "AWS/Lambda",
        "Errors",
        `FunctionName = aws_lambda_function.inference.function_name`,
        "Sum",
        5,
        "Inference function errors",
      ),
    );
  }
  if (ctx.has("aws_batch")) {
    alarms.push(
      alarm(
        "pipeline_failures",
        "AWS/States",
        "ExecutionsFailed",
        `StateMachineArn = aws_sfn_state_machine.scoring.arn`,
        "Sum",
        0,
        "A batch scoring run failed",
      ),
    );
  }
  if (ctx.has("ecs_fargate") || ctx.has("stream_consumer")) {
    alarms.push(
      alarm(
        "service_cpu",
        "AWS/ECS",
        "CPUUtilization",
        `ClusterName = aws_ecs_cluster.main.name\n    ServiceName = aws_ecs_service.service.name`,
        "Average",
        85,
        "Service CPU saturated",
      ),
    );
  }
  return `resource "aws_sns_topic" "alerts" {
  name = "\${local.name}-alerts"${ctx.has("kms") ? "\n  kms_master_key_id = aws_kms_key.main.id" : ""}
}

resource "aws_sns_topic_subscription" "email" {
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "email"
  endpoint  = var.alert_email
}

resource "aws_budgets_budget" "monthly" {
  name         = "\${local.name}-monthly"
  budget_type  = "COST"
  limit_amount = "${Math.max(1, Math.round(ctx.req.budget_usd ?? ctx.design.estimates.monthly_usd * 1.2))}"
  limit_unit   = "USD"
  time_unit    = "MONTHLY"

  notification {
    comparison_operator        = "GREATER_THAN"
    threshold                  = 80
    threshold_type             = "PERCENTAGE"
    notification_type          = "FORECASTED"
    subscriber_email_addresses = [var.alert_email]
  }
}

${alarms.join("\n\n")}
`;
}

function dr(ctx: TfContext): string {
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

resource "aws_iam_role" "replication" {
  name               = "\${local.name}-replication"
  assume_role_policy = ${assume("s3.amazonaws.com")}
}

resource "aws_iam_role_policy" "replication" {
  name = "replicate-models"
  role = aws_iam_role.replication.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetReplicationConfiguration", "s3:ListBucket", "s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl"]
        Resource = [aws_s3_bucket.models.arn, "\${aws_s3_bucket.models.arn}/*"]
      },
      {
        Effect   = "Allow"
        Action   = ["s3:ReplicateObject", "s3:ReplicateDelete"]
        Resource = "\${aws_s3_bucket.models_dr.arn}/*"
      }
    ]
  })
}

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

function outputs(ctx: TfContext): string {
  const out: string[] = [];
  const o = (name: string, value: string, description: string) =>
    `output "${name}" {
  description = "${description}"
  value       = ${value}
}`;
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
