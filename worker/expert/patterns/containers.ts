/** Containers on ECS Fargate behind an Application Load Balancer. */
import { REPLICAS } from "../catalogue/sizing";
import { fleetServing } from "../planner/context";
import type { PatternModule } from "./types";

export const containers: PatternModule = {
  id: "containers",
  name: "Containers on ECS Fargate",
  summary:
    "A containerised model service on ECS Fargate behind an Application Load Balancer, autoscaled on CPU and requests.",
  fit: { realtime_inference: 1, batch_inference: 0.6, streaming: 0.5, training: 0.5, analytics: 0.3 },
  ops_complexity: 2,
  strengths: ["steady low latency", "cheap per request at volume", "plain Docker"],
  weaknesses: ["no GPU on Fargate", "you own the service image and scaling policy"],
  platform: "containers",
  infeasible: (req) =>
    req.model_size === "large" || req.model_size === "xlarge" ? `no GPU for a ${req.model_size} model` : null,
  hasEndpoint: () => true,
  online: () => true,
  needsVpc: true,
  dataLake: false,
  onlineFeatures: true,
  images: () => true,
  registry: "sagemaker_registry",
  privateLinkOnPath: true,
  trainingAlternative: "a standing training cluster",
  availabilityPath: (path) => path,
  serve(ctx) {
    const spec = REPLICAS.fargate[ctx.req.model_size];
    ctx.add("alb", 1, "load balancer", ctx.perRps("alb"), "routes requests across tasks and zones", {
      on_request_path: true,
    });
    ctx.path.push("alb");
    if (spec === null) return { serving: null, inferenceMs: 0, coldStartMs: 0 };
    const n = ctx.replicasFor(spec);
    ctx.addFleet(
      "ecs_fargate",
      n,
      `tasks (${spec.instance})`,
      n * spec.monthly_usd,
      "serves the model behind the load balancer",
    );
    return { serving: fleetServing("ECS Fargate", spec, n, false), inferenceMs: spec.inference_ms, coldStartMs: 0 };
  },
};
