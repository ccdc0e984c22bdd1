/**
 * The offline expert's catalogue: MLOps building blocks on AWS with their monthly cost
 * model, request-path latency, availability SLA and compliance eligibility, and the
 * architecture patterns assembled from them.
 *
 * Prices are us-east-1 on-demand list prices (730 hours a month), rounded; they are fixed
 * on purpose so that a design is reproducible. Per-rps figures are for one request per
 * second sustained for a month (2.63 M requests).
 */
import type { Compliance, ModelSize, PatternId, Workload } from "./schema";

const ALL: Compliance[] = ["GDPR", "HIPAA", "PCI-DSS", "SOX", "SOC2", "ISO27001", "CCPA", "FedRAMP"];
/** Eligible for everything but FedRAMP High (not offered for it in the commercial regions). */
const MOST: Compliance[] = ["GDPR", "HIPAA", "PCI-DSS", "SOX", "SOC2", "ISO27001", "CCPA"];

/** One building block of the catalogue: what it costs, adds to latency, guarantees and is eligible for. */
export interface CatalogueComponent {
  id: string;
  name: string;
  /** The AWS service behind it. */
  service: string;
  category:
    | "ingress"
    | "compute"
    | "serving"
    | "storage"
    | "data"
    | "streaming"
    | "pipeline"
    | "registry"
    | "monitoring"
    | "security"
    | "network";
  /** Fixed monthly cost in USD. */
  fixed_usd: number;
  /** Added monthly cost per sustained request (or event) per second. */
  per_rps_usd: number;
  /** Median latency it adds on the request path, ms. */
  latency_ms: number;
  /** Published monthly uptime SLA, percent. */
  availability: number;
  compliance: Compliance[];
  /** Reachable from the internet unless placed behind private networking. */
  public_by_default: boolean;
  /** Runs across availability zones without extra configuration. */
  multi_az: boolean;
  /** The Terraform resource that codegen writes for it (documentation; codegen owns the HCL). */
  terraform: string;
}

const components: CatalogueComponent[] = [
  {
    id: "api_gateway",
    name: "API Gateway (REST)",
    service: "Amazon API Gateway",
    category: "ingress",
    fixed_usd: 0,
    per_rps_usd: 9.2,
    latency_ms: 30,
    availability: 99.95,
    compliance: ALL,
    public_by_default: true,
    multi_az: true,
    terraform: "aws_api_gateway_rest_api",
  },
  {
    id: "alb",
    name: "Application Load Balancer",
    service: "Elastic Load Balancing",
    category: "ingress",
    fixed_usd: 22,
    per_rps_usd: 0.02,
    latency_ms: 5,
    availability: 99.99,
    compliance: ALL,
    public_by_default: true,
    multi_az: true,
    terraform: "aws_lb",
  },
  {
    id: "waf",
    name: "AWS WAF web ACL",
    service: "AWS WAF",
    category: "security",
    fixed_usd: 15,
    per_rps_usd: 1.6,
    latency_ms: 1,
    availability: 99.99,
    compliance: ALL,
    public_by_default: false,
    multi_az: true,
    terraform: "aws_wafv2_web_acl",
  },
  {
    id: "lambda",
    name: "Lambda inference function",
    service: "AWS Lambda",
    category: "serving",
    fixed_usd: 0,
    per_rps_usd: 2.7,
    latency_ms: 20,
    availability: 99.95,
    compliance: ALL,
    public_by_default: false,
    multi_az: true,
    terraform: "aws_lambda_function",
  },
  {
    id: "ecs_fargate",
    name: "ECS on Fargate service",
    service: "Amazon ECS",
    category: "serving",
    fixed_usd: 0,
    per_rps_usd: 0,
    latency_ms: 5,
    availability: 99.99,
    compliance: ALL,
    public_by_default: false,
    multi_az: true,
    terraform: "aws_ecs_service",
  },
  {
    id: "eks",
    name: "EKS cluster (control plane)",
    service: "Amazon EKS",
    category: "compute",
    fixed_usd: 73,
    per_rps_usd: 0,
    latency_ms: 5,
    availability: 99.95,
    compliance: ALL,
    public_by_default: false,
    multi_az: true,
    terraform: "aws_eks_cluster",
  },
  {
    id: "eks_nodes",
    name: "EKS managed node group",
    service: "Amazon EC2",
    category: "serving",
    fixed_usd: 0,
    per_rps_usd: 0,
    latency_ms: 0,
    availability: 99.99,
    compliance: ALL,
    public_by_default: false,
    multi_az: true,
    terraform: "aws_eks_node_group",
  },
  {
    id: "sagemaker_endpoint",
    name: "SageMaker real-time endpoint",
    service: "Amazon SageMaker",
    category: "serving",
    fixed_usd: 0,
    per_rps_usd: 0,
    latency_ms: 10,
    availability: 99.95,
    compliance: MOST,
    public_by_default: false,
    multi_az: true,
    terraform: "aws_sagemaker_endpoint",
  },
  {
    id: "sagemaker_registry",
    name: "SageMaker Model Registry",
    service: "Amazon SageMaker",
    category: "registry",
    fixed_usd: 0,
    per_rps_usd: 0,
    latency_ms: 0,
    availability: 99.9,
    compliance: MOST,
    public_by_default: false,
    multi_az: true,
    terraform: "aws_sagemaker_model_package_group",
  },
  {
    id: "sagemaker_training",
    name: "SageMaker training jobs",
    service: "Amazon SageMaker",
    category: "pipeline",
    fixed_usd: 0,
    per_rps_usd: 0,
    latency_ms: 0,
    availability: 99.9,
    compliance: MOST,
    public_by_default: false,
    multi_az: true,
    terraform: "aws_sagemaker_pipeline",
  },
  {
    id: "sagemaker_batch",
    name: "SageMaker batch transform jobs",
    service: "Amazon SageMaker",
    category: "compute",
    fixed_usd: 0,
    per_rps_usd: 0,
    latency_ms: 0,
    availability: 99.9,
    compliance: MOST,
    public_by_default: false,
    multi_az: true,
    terraform: "aws_sagemaker_model",
  },
  {
    id: "model_monitor",
    name: "SageMaker Model Monitor",
    service: "Amazon SageMaker",
    category: "monitoring",
    fixed_usd: 20,
    per_rps_usd: 0,
    latency_ms: 0,
    availability: 99.9,
    compliance: MOST,
    public_by_default: false,
    multi_az: true,
    terraform: "aws_sagemaker_monitoring_schedule",
  },
  {
    id: "mlflow",
    name: "MLflow tracking server (Fargate + RDS)",
    service: "Amazon ECS + Amazon RDS",
    category: "registry",
    fixed_usd: 61,
    per_rps_usd: 0,
    latency_ms: 0,
    availability: 99.5,
    compliance: ALL,
    public_by_default: false,
    multi_az: false,
    terraform: "aws_db_instance",
  },
  {
    id: "s3_models",
    name: "S3 model artifact bucket",
    service: "Amazon S3",
    category: "storage",
    fixed_usd: 5,
    per_rps_usd: 0,
    latency_ms: 0,
    availability: 99.9,
    compliance: ALL,
    public_by_default: false,
    multi_az: true,
    terraform: "aws_s3_bucket",
  },
  {
    id: "s3_data",
    name: "S3 data lake bucket",
    service: "Amazon S3",
    category: "storage",
    fixed_usd: 5,
    per_rps_usd: 0,
    latency_ms: 0,
    availability: 99.9,
    compliance: ALL,
    public_by_default: false,
    multi_az: true,
    terraform: "aws_s3_bucket",
  },
  {
    id: "ecr",
    name: "ECR image repository",
    service: "Amazon ECR",
    category: "registry",
    fixed_usd: 5,
    per_rps_usd: 0,
    latency_ms: 0,
    availability: 99.9,
    compliance: ALL,
    public_by_default: false,
    multi_az: true,
    terraform: "aws_ecr_repository",
  },
  {
    id: "dynamodb",
    name: "DynamoDB online feature table",
    service: "Amazon DynamoDB",
    category: "data",
    fixed_usd: 2,
    per_rps_usd: 0.66,
    latency_ms: 5,
    availability: 99.99,
    compliance: ALL,
    public_by_default: false,
    multi_az: true,
    terraform: "aws_dynamodb_table",
  },
  {
    id: "kinesis",
    name: "Kinesis Data Streams",
    service: "Amazon Kinesis",
    category: "streaming",
    fixed_usd: 0,
    per_rps_usd: 0.04,
    latency_ms: 70,
    availability: 99.9,
    compliance: ALL,
    public_by_default: false,
    multi_az: true,
    terraform: "aws_kinesis_stream",
  },
  {
    id: "msk",
    name: "MSK (managed Kafka) cluster",
    service: "Amazon MSK",
    category: "streaming",
    fixed_usd: 460,
    per_rps_usd: 0.05,
    latency_ms: 20,
    availability: 99.9,
    compliance: ALL,
    public_by_default: false,
    multi_az: true,
    terraform: "aws_msk_cluster",
  },
  {
    id: "stream_consumer",
    name: "Stream scoring consumers (ECS on Fargate)",
    service: "Amazon ECS",
    category: "serving",
    fixed_usd: 0,
    per_rps_usd: 0,
    latency_ms: 5,
    availability: 99.99,
    compliance: ALL,
    public_by_default: false,
    multi_az: true,
    terraform: "aws_ecs_service",
  },
  {
    id: "firehose",
    name: "Firehose archive to S3",
    service: "Amazon Data Firehose",
    category: "streaming",
    fixed_usd: 0,
    per_rps_usd: 0.08,
    latency_ms: 0,
    availability: 99.9,
    compliance: ALL,
    public_by_default: false,
    multi_az: true,
    terraform: "aws_kinesis_firehose_delivery_stream",
  },
  {
    id: "step_functions",
    name: "Step Functions batch orchestration",
    service: "AWS Step Functions",
    category: "pipeline",
    fixed_usd: 2,
    per_rps_usd: 0,
    latency_ms: 0,
    availability: 99.9,
    compliance: ALL,
    public_by_default: false,
    multi_az: true,
    terraform: "aws_sfn_state_machine",
  },
  {
    id: "aws_batch",
    name: "AWS Batch on Fargate Spot",
    service: "AWS Batch",
    category: "compute",
    fixed_usd: 0,
    per_rps_usd: 0,
    latency_ms: 0,
    availability: 99.9,
    compliance: ALL,
    public_by_default: false,
    multi_az: true,
    terraform: "aws_batch_compute_environment",
  },
  {
    id: "athena",
    name: "Athena + Glue Data Catalog",
    service: "Amazon Athena",
    category: "data",
    fixed_usd: 10,
    per_rps_usd: 0,
    latency_ms: 0,
    availability: 99.9,
    compliance: MOST,
    public_by_default: false,
    multi_az: true,
    terraform: "aws_athena_workgroup",
  },
  {
    id: "eventbridge",
    name: "EventBridge schedules",
    service: "Amazon EventBridge",
    category: "pipeline",
    fixed_usd: 1,
    per_rps_usd: 0,
    latency_ms: 0,
    availability: 99.99,
    compliance: ALL,
    public_by_default: false,
    multi_az: true,
    terraform: "aws_scheduler_schedule",
  },
  {
    id: "cloudwatch",
    name: "CloudWatch logs, metrics and alarms",
    service: "Amazon CloudWatch",
    category: "monitoring",
    fixed_usd: 30,
    per_rps_usd: 0.25,
    latency_ms: 0,
    availability: 99.9,
    compliance: ALL,
    public_by_default: false,
    multi_az: true,
    terraform: "aws_cloudwatch_metric_alarm",
  },
  {
    id: "kms",
    name: "KMS customer-managed key",
    service: "AWS KMS",
    category: "security",
    fixed_usd: 5,
    per_rps_usd: 0.08,
    latency_ms: 0,
    availability: 99.999,
    compliance: ALL,
    public_by_default: false,
    multi_az: true,
    terraform: "aws_kms_key",
  },
  {
    id: "cloudtrail",
    name: "CloudTrail with object-locked log bucket",
    service: "AWS CloudTrail",
    category: "security",
    fixed_usd: 15,
    per_rps_usd: 0,
    latency_ms: 0,
    availability: 99.9,
    compliance: ALL,
    public_by_default: false,
    multi_az: true,
    terraform: "aws_cloudtrail",
  },
  {
    id: "vpc",
    name: "VPC with private subnets",
    service: "Amazon VPC",
    category: "network",
    fixed_usd: 0,
    per_rps_usd: 0,
    latency_ms: 0,
    availability: 99.99,
    compliance: ALL,
    public_by_default: false,
    multi_az: true,
    terraform: "aws_vpc",
  },
  {
    id: "nat_gateway",
    name: "NAT gateway",
    service: "Amazon VPC",
    category: "network",
    fixed_usd: 33,
    per_rps_usd: 0.05,
    latency_ms: 0,
    availability: 99.99,
    compliance: ALL,
    public_by_default: false,
    multi_az: false,
    terraform: "aws_nat_gateway",
  },
  {
    id: "vpc_endpoints",
    name: "VPC interface endpoints (PrivateLink)",
    service: "AWS PrivateLink",
    category: "network",
    fixed_usd: 44,
    per_rps_usd: 0.03,
    latency_ms: 2,
    availability: 99.99,
    compliance: ALL,
    public_by_default: false,
    multi_az: false,
    terraform: "aws_vpc_endpoint",
  },
  {
    id: "route53_failover",
    name: "Route 53 health checks and failover",
    service: "Amazon Route 53",
    category: "network",
    fixed_usd: 6,
    per_rps_usd: 0,
    latency_ms: 0,
    availability: 100,
    compliance: ALL,
    public_by_default: false,
    multi_az: true,
    terraform: "aws_route53_health_check",
  },
];

/** Every catalogue component by id. */
export const CATALOGUE: ReadonlyMap<string, CatalogueComponent> = new Map(components.map((c) => [c.id, c]));

/** The component with `id`; the catalogue is closed, so an unknown id is a programming error. */
export function component(id: string): CatalogueComponent {
  const found = CATALOGUE.get(id);
  if (found === undefined) throw new Error(`unknown catalogue component ${id}`);
  return found;
}

/** One serving replica: the instance, its monthly price and the sustained rps it handles. */
export interface ReplicaSpec {
  instance: string;
  monthly_usd: number;
  capacity_rps: number;
  gpu: boolean;
  /** Model inference time at p95 on this hardware, ms. */
  inference_ms: number;
}

/**
 * Replica sizes per serving platform and model size; `null` = that platform cannot serve
 * that model (no GPU on Fargate or Lambda, Lambda's 10 GB image limit).
 */
export const REPLICAS: Record<"fargate" | "eks" | "sagemaker", Record<ModelSize, ReplicaSpec | null>> = {
  fargate: {
    small: { instance: "1 vCPU / 2 GB task", monthly_usd: 36, capacity_rps: 100, gpu: false, inference_ms: 15 },
    medium: { instance: "4 vCPU / 8 GB task", monthly_usd: 144, capacity_rps: 40, gpu: false, inference_ms: 60 },
    large: null,
    xlarge: null,
  },
  eks: {
    small: { instance: "m6i.large node", monthly_usd: 70, capacity_rps: 120, gpu: false, inference_ms: 15 },
    medium: { instance: "m6i.xlarge node", monthly_usd: 140, capacity_rps: 50, gpu: false, inference_ms: 55 },
    large: { instance: "g5.xlarge GPU node", monthly_usd: 734, capacity_rps: 12, gpu: true, inference_ms: 220 },
    xlarge: { instance: "g5.12xlarge GPU node", monthly_usd: 4_140, capacity_rps: 3, gpu: true, inference_ms: 1_200 },
  },
  sagemaker: {
    small: { instance: "ml.m5.large", monthly_usd: 84, capacity_rps: 100, gpu: false, inference_ms: 15 },
    medium: { instance: "ml.m5.xlarge", monthly_usd: 168, capacity_rps: 45, gpu: false, inference_ms: 55 },
    large: { instance: "ml.g5.xlarge", monthly_usd: 1_030, capacity_rps: 12, gpu: true, inference_ms: 220 },
    xlarge: { instance: "ml.g5.12xlarge", monthly_usd: 5_190, capacity_rps: 3, gpu: true, inference_ms: 1_200 },
  },
};

/** Lambda per-rps compute by model size (memory × duration), or null when Lambda cannot host it. */
export const LAMBDA: Record<ModelSize, { per_rps_usd: number; inference_ms: number; cold_start_ms: number } | null> = {
  small: { per_rps_usd: 2.7, inference_ms: 20, cold_start_ms: 400 },
  medium: { per_rps_usd: 26.8, inference_ms: 80, cold_start_ms: 1_500 },
  large: null,
  xlarge: null,
};

/** One training run: instance, hours and on-demand price per hour. */
export const TRAINING_RUN: Record<ModelSize, { instance: string; hours: number; usd_per_hour: number }> = {
  small: { instance: "ml.m5.xlarge", hours: 1, usd_per_hour: 0.23 },
  medium: { instance: "ml.g5.xlarge", hours: 2, usd_per_hour: 1.41 },
  large: { instance: "ml.g5.12xlarge", hours: 6, usd_per_hour: 7.09 },
  xlarge: { instance: "ml.p4d.24xlarge", hours: 12, usd_per_hour: 37.69 },
};

/** Stream consumers batch records, so one replica scores this many times its request capacity. */
export const STREAM_BATCH_FACTOR = 4;

/** Training runs a month per frequency. */
export const RUNS_PER_MONTH = { none: 0, monthly: 1, weekly: 4.3, daily: 30, continuous: 120 } as const;

/** Share of the primary's serving and data cost a DR tier adds in the second region. */
export const DR_COST_SHARE = {
  none: 0,
  backup_restore: 0.05,
  pilot_light: 0.2,
  warm_standby: 0.5,
  multi_region_active: 1,
} as const;

/** How a pattern fits a kind of workload, 0..1, and what it takes to run it. */
export interface Pattern {
  id: PatternId;
  name: string;
  summary: string;
  fit: Record<Workload, number>;
  /** Operational complexity 1 (hands-off) .. 4 (a platform team's job). */
  ops_complexity: number;
  strengths: string[];
  weaknesses: string[];
}

/** The architecture patterns the planner scores against every request. */
export const PATTERN_CATALOGUE: Record<PatternId, Pattern> = {
  serverless: {
    id: "serverless",
    name: "Serverless inference",
    summary: "API Gateway in front of a container-image Lambda that loads the model from S3; pay per request.",
    fit: { realtime_inference: 0.85, batch_inference: 0.4, streaming: 0.4, training: 0.5, analytics: 0.2 },
    ops_complexity: 1,
    strengths: ["no servers to run", "scales to zero", "cheap at low traffic"],
    weaknesses: ["cold starts", "no GPU", "per-request price grows with traffic", "10 GB image limit"],
  },
  containers: {
    id: "containers",
    name: "Containers on ECS Fargate",
    summary:
      "A containerised model service on ECS Fargate behind an Application Load Balancer, autoscaled on CPU and requests.",
    fit: { realtime_inference: 1, batch_inference: 0.6, streaming: 0.5, training: 0.5, analytics: 0.3 },
    ops_complexity: 2,
    strengths: ["steady low latency", "cheap per request at volume", "plain Docker"],
    weaknesses: ["no GPU on Fargate", "you own the service image and scaling policy"],
  },
  kubernetes: {
    id: "kubernetes",
    name: "Kubernetes (EKS) model serving",
    summary:
      "An EKS cluster with CPU and GPU node groups serving models behind an ingress, with HPA and pod disruption budgets.",
    fit: { realtime_inference: 1, batch_inference: 0.8, streaming: 0.7, training: 0.9, analytics: 0.5 },
    ops_complexity: 4,
    strengths: ["GPU serving", "any framework", "bin-packing many models", "portable"],
    weaknesses: ["needs platform skills", "control-plane and idle node cost", "upgrades are yours"],
  },
  managed_platform: {
    id: "managed_platform",
    name: "Managed ML platform (SageMaker)",
    summary:
      "SageMaker pipelines, model registry, real-time endpoints and model monitoring; the platform runs the infrastructure.",
    fit: { realtime_inference: 0.95, batch_inference: 0.8, streaming: 0.5, training: 1, analytics: 0.4 },
    ops_complexity: 1,
    strengths: ["GPU endpoints", "registry, monitoring and pipelines built in", "compliance-eligible services"],
    weaknesses: ["price premium per instance-hour", "platform lock-in"],
  },
  batch_analytics: {
    id: "batch_analytics",
    name: "Batch scoring and analytics",
    summary:
      "Scheduled Step Functions runs AWS Batch scoring jobs on Spot over the S3 data lake; results queried with Athena.",
    fit: { realtime_inference: 0, batch_inference: 1, streaming: 0.1, training: 0.9, analytics: 1 },
    ops_complexity: 2,
    strengths: ["cheapest per prediction", "Spot compute", "SQL over results"],
    weaknesses: ["no online predictions", "results are as fresh as the last run"],
  },
  streaming: {
    id: "streaming",
    name: "Streaming inference",
    summary:
      "Events flow through a stream into autoscaled scoring consumers with an online feature table; an archive lands in S3.",
    fit: { realtime_inference: 0.6, batch_inference: 0.4, streaming: 1, training: 0.6, analytics: 0.5 },
    ops_complexity: 3,
    strengths: ["event-time scoring", "replayable input", "decoupled producers"],
    weaknesses: ["more moving parts", "stream latency adds to every event", "shard and consumer sizing"],
  },
};
