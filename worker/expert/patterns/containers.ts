/** Containers on ECS Fargate behind an Application Load Balancer. */
import { component } from "../catalogue/components";
import { fleetServing } from "../planner/context";
import { definePattern, noGpu, type PatternModule } from "./types";

export const containers: PatternModule = definePattern("containers", {
  platform: "containers",
  infeasible: noGpu,
  serve(ctx) {
    const spec = ctx.sizing.replicas.containers[ctx.req.model_size];
    ctx.add("alb", 1, "load balancer", ctx.perRps("alb"), "routes requests across tasks and zones", {
      on_request_path: true,
    });
    ctx.path.push("alb");
    if (spec === null) return { serving: null, inferenceMs: 0, coldStartMs: 0 };
    const n = ctx.replicasFor(spec);
    ctx.addFleet("ecs_fargate", spec, n, "serves the model behind the load balancer");
    return {
      serving: fleetServing(component("ecs_fargate", ctx.req.cloud).service, spec, n, false),
      inferenceMs: spec.inference_ms,
      coldStartMs: 0,
    };
  },
});
