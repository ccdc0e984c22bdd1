/**
 * Twenty-four briefs across the four targets, each with what an architect would decide:
 * the cloud, the architecture class, the compliance set, EU residency, the latency
 * percentile (null where nothing answers online), GPU, and the budget verdict (a brief
 * without a budget takes the default offered, the design's cost with headroom).
 */
import type { Cloud, Compliance, LatencyPercentile, PatternId } from "../../worker/expert/schema";

export interface CloudBrief {
  prompt: string;
  cloud: Cloud;
  /** The classes that fit; the design's pattern must be one of them. */
  classes: PatternId[];
  compliance: Compliance[];
  eu: boolean;
  percentile: LatencyPercentile | null;
  gpu: boolean;
  budget: "within" | "over" | "none";
}

const ONLINE: PatternId[] = ["containers", "kubernetes"];
/** Scheduled scoring: the batch pattern, or the managed platform's batch jobs (no endpoint). */
const BATCH: PatternId[] = ["batch_analytics", "managed_platform"];

export const CLOUD_BRIEFS: CloudBrief[] = [
  {
    prompt:
      "Real-time fraud scoring API on AWS for card payments, PCI-DSS, 500 requests per second, p99 under 80 ms, budget $15,000 a month.",
    cloud: "aws",
    classes: ONLINE,
    compliance: ["PCI-DSS"],
    eu: false,
    percentile: "p99",
    gpu: false,
    budget: "within",
  },
  {
    prompt:
      "Weekly demand forecasting on AWS: batch scoring of 2 TB of sales data in S3 every night, no API, budget $800 per month.",
    cloud: "aws",
    classes: BATCH,
    compliance: [],
    eu: false,
    percentile: null,
    gpu: false,
    budget: "within",
  },
  {
    prompt:
      "A document summarisation LLM on SageMaker for internal analysts, HIPAA, 5 requests per second, p95 latency 3 s, budget $20,000 a month.",
    cloud: "aws",
    classes: ["managed_platform", "kubernetes"],
    compliance: ["HIPAA"],
    eu: false,
    percentile: "p95",
    gpu: true,
    budget: "within",
  },
  {
    prompt:
      "Clickstream events from Kinesis scored as they arrive, on AWS in Frankfurt, GDPR, 2,000 events per second, p95 under 500 ms.",
    cloud: "aws",
    classes: ["streaming"],
    compliance: ["GDPR"],
    eu: true,
    percentile: "p95",
    gpu: false,
    budget: "within",
  },
  {
    prompt:
      "A small image-tagging API on AWS Lambda for a hobby app, 2 requests per second, p95 under 2 seconds, budget $200 a month.",
    cloud: "aws",
    classes: ["serverless"],
    compliance: [],
    eu: false,
    percentile: "p95",
    gpu: false,
    budget: "within",
  },
  {
    prompt:
      "Our platform team of 12 experts runs everything on EKS; serve a recommendation model at 3,000 requests per second, p95 50 ms, SOC2, budget $2,000 a month.",
    cloud: "aws",
    classes: ["kubernetes"],
    compliance: ["SOC2"],
    eu: false,
    percentile: "p95",
    gpu: false,
    budget: "over",
  },
  {
    prompt:
      "Our data lives in BigQuery and we run on Google Cloud. Nightly churn scoring for 40 million customers, results written back to BigQuery, budget $3,000 per month.",
    cloud: "gcp",
    classes: BATCH,
    compliance: [],
    eu: false,
    percentile: null,
    gpu: false,
    budget: "within",
  },
  {
    prompt:
      "Google Cloud with Vertex AI: a large computer vision model for quality inspection on GPUs, 20 images per second, p95 300 ms, ISO27001.",
    cloud: "gcp",
    classes: ["managed_platform", "kubernetes", "containers"],
    compliance: ["ISO27001"],
    eu: false,
    percentile: "p95",
    gpu: true,
    budget: "within",
  },
  {
    prompt:
      "A public product-search ranking API on Cloud Run in europe-west4, GDPR, 800 requests per second, p99 120 ms, budget $8,000 a month.",
    cloud: "gcp",
    classes: ONLINE,
    compliance: ["GDPR"],
    eu: true,
    percentile: "p99",
    gpu: false,
    budget: "within",
  },
  {
    prompt:
      "IoT sensor events arrive on Pub/Sub on GCP and are scored in real time for anomaly detection, 5,000 events per second, p99 2 s.",
    cloud: "gcp",
    classes: ["streaming"],
    compliance: [],
    eu: false,
    percentile: "p99",
    gpu: false,
    budget: "within",
  },
  {
    prompt:
      "A GKE platform on Google Cloud for an expert ML platform team of 12, serving models at 1,500 requests per second, p95 100 ms, availability 99.99%.",
    cloud: "gcp",
    classes: ["kubernetes"],
    compliance: [],
    eu: false,
    percentile: "p95",
    gpu: false,
    budget: "within",
  },
  {
    prompt:
      "A tiny internal sentiment endpoint on Google Cloud Functions, 1 request per second, p95 under 3 seconds, budget $150 a month.",
    cloud: "gcp",
    classes: ["serverless"],
    compliance: [],
    eu: false,
    percentile: "p95",
    gpu: false,
    budget: "within",
  },
  {
    prompt:
      "We are a Microsoft shop on Azure. A credit risk scoring API for loan officers, SOX and GDPR, hosted in the Netherlands, 100 requests per second, p95 200 ms.",
    cloud: "azure",
    classes: [...ONLINE, "managed_platform"],
    compliance: ["GDPR", "SOX"],
    eu: true,
    percentile: "p95",
    gpu: false,
    budget: "within",
  },
  {
    prompt:
      "An Azure ML managed online endpoint for a claims NLP model, HIPAA, 10 requests per second, p95 1 s, budget $5,000 a month.",
    cloud: "azure",
    classes: ["managed_platform"],
    compliance: ["HIPAA"],
    eu: false,
    percentile: "p95",
    gpu: false,
    budget: "within",
  },
  {
    prompt:
      "Wind turbine telemetry streams through Event Hubs on Azure and is scored for faults, 3,000 events per second, p99 under 1 s.",
    cloud: "azure",
    classes: ["streaming"],
    compliance: [],
    eu: false,
    percentile: "p99",
    gpu: false,
    budget: "within",
  },
  {
    prompt:
      "An AKS cluster on Azure for an expert platform team of 10, serving a fraud model at 2,000 requests per second, p95 60 ms, PCI-DSS.",
    cloud: "azure",
    classes: ["kubernetes"],
    compliance: ["PCI-DSS"],
    eu: false,
    percentile: "p95",
    gpu: false,
    budget: "within",
  },
  {
    prompt:
      "Monthly batch scoring of 500 GB in Azure Data Lake with Synapse analytics dashboards, no real-time API, budget $1,500 a month.",
    cloud: "azure",
    classes: BATCH,
    compliance: [],
    eu: false,
    percentile: null,
    gpu: false,
    budget: "within",
  },
  {
    prompt:
      "A weekly batch job on Azure: 50 million documents classified offline by an xlarge 70B LLM on GPUs, no API, budget $40,000 a month.",
    cloud: "azure",
    classes: BATCH,
    compliance: [],
    eu: false,
    percentile: null,
    gpu: true,
    budget: "within",
  },
  {
    prompt:
      "A hospital that allows no public cloud: on-premises Kubernetes for radiology image classification on GPUs, HIPAA, 5 images per second, p95 2 s.",
    cloud: "self_hosted",
    classes: ONLINE,
    compliance: ["HIPAA"],
    eu: false,
    percentile: "p95",
    gpu: true,
    budget: "within",
  },
  {
    prompt:
      "Air-gapped defence environment: a document classification service in our own data centre, 50 requests per second, p99 300 ms.",
    cloud: "self_hosted",
    classes: ONLINE,
    compliance: [],
    eu: false,
    percentile: "p99",
    gpu: false,
    budget: "within",
  },
  {
    prompt:
      "On-premises in Frankfurt under GDPR: a bank's transaction monitoring stream from Kafka, 10,000 events per second, p95 500 ms.",
    cloud: "self_hosted",
    classes: ["streaming"],
    compliance: ["GDPR"],
    eu: true,
    percentile: "p95",
    gpu: false,
    budget: "within",
  },
  {
    prompt:
      "A self-hosted Kubernetes cluster in our racks: nightly batch scoring of 1 TB of logs, no API, budget $4,000 a month.",
    cloud: "self_hosted",
    classes: BATCH,
    compliance: [],
    eu: false,
    percentile: null,
    gpu: false,
    budget: "within",
  },
  {
    prompt:
      "Bare-metal servers only, no public cloud: a real-time recommendation API at 1,000 requests per second, p95 40 ms, SOC2.",
    cloud: "self_hosted",
    classes: ONLINE,
    compliance: ["SOC2"],
    eu: false,
    percentile: "p95",
    gpu: false,
    budget: "within",
  },
  {
    prompt:
      "On-premises OpenShift with a small team of 2 beginners: a churn model scored in a monthly batch, no API, budget $500 a month.",
    cloud: "self_hosted",
    classes: BATCH,
    compliance: [],
    eu: false,
    percentile: null,
    gpu: false,
    budget: "over",
  },
];
