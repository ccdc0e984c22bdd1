/**
 * The architecture patterns as the catalogue describes them: how each fits a kind of
 * workload, what it takes to run, its strengths and weaknesses. How each builds a design
 * is in `patterns/`.
 */
import type { PatternId, Workload } from "../schema";

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
