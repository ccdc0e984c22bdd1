/** The managed ML platform: SageMaker endpoints, batch transform, registry and monitoring. */
import { component } from "../catalogue/components";
import { fleetServing, type ServingPlan } from "../planner/context";
import type { Requirements } from "../schema";
import { definePattern, type PatternModule } from "./types";

const answersOnline = (req: Requirements) =>
  req.workloads.includes("realtime_inference") || req.workloads.includes("streaming");

export const managedPlatform: PatternModule = definePattern("managed_platform", {
  platform: "managed",
  hasEndpoint: answersOnline,
  online: answersOnline,
  // The platform's own containers serve larger models; only a small one ships its image.
  images: (req) => req.model_size === "small",
  serve(ctx) {
    const { req } = ctx;
    const spec = ctx.sizing.replicas.managed[req.model_size];
    const online = answersOnline(req);
    if (online) {
      ctx.add(
        "api_gateway",
        req.rps,
        "req/s",
        ctx.perRps("api_gateway"),
        "HTTPS entry point that invokes the endpoint",
        {
          on_request_path: true,
        },
      );
      ctx.path.push("api_gateway");
    }
    let plan: ServingPlan = { serving: null, inferenceMs: 0, coldStartMs: 0 };
    if (spec !== null) {
      const n = online ? ctx.replicasFor(spec) : 0;
      if (n > 0) ctx.addFleet("sagemaker_endpoint", spec, n, "serves the registered model version", "instances");
      plan = {
        serving: fleetServing(component("sagemaker_endpoint", req.cloud).service, spec, n),
        inferenceMs: spec.inference_ms,
        coldStartMs: 0,
      };
      if (req.workloads.includes("batch_inference")) {
        // Nightly batch transform on the same instance type, billed per hour it runs.
        const hours = 30 * Math.max(0.5, req.data_volume_gb / 50);
        ctx.add(
          "sagemaker_batch",
          Math.round(hours * 10) / 10,
          `instance-hours/month (${spec.instance})`,
          hours * (spec.monthly_usd / 730),
          "nightly batch transform over the data lake",
        );
        if (n === 0) ctx.path.push("sagemaker_batch", "s3_data");
      }
    }
    ctx.add(
      "model_monitor",
      1,
      "schedule",
      component("model_monitor", req.cloud).fixed_usd,
      "data-quality and drift checks on captured traffic",
    );
    return plan;
  },
});
