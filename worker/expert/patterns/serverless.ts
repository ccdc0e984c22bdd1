/** Serverless inference: API Gateway in front of a container-image Lambda. */
import { component } from "../catalogue/components";
import { usd } from "../text";
import { definePattern, noGpu, type PatternModule } from "./types";

export const serverless: PatternModule = definePattern("serverless", {
  platform: "serverless",
  infeasible: noGpu,
  needsVpc: false,
  serve(ctx) {
    const { req } = ctx;
    const lambda = ctx.sizing.functions[req.model_size];
    const runtime = component("lambda", req.cloud).service;
    ctx.add("api_gateway", req.rps, "req/s", ctx.perRps("api_gateway"), "HTTPS entry point, throttling and auth", {
      on_request_path: true,
    });
    ctx.path.push("api_gateway");
    const perReq = lambda?.per_rps_usd ?? 0;
    ctx.add("lambda", req.rps, "req/s", perReq * req.rps, "runs the model per request", { on_request_path: true });
    ctx.path.push("lambda");
    let coldStartMs = 0;
    // At low traffic a visible share of requests lands on a cold container.
    const cold =
      lambda !== null && req.rps < 2 && req.latency_p95_ms !== null && req.latency_p95_ms < lambda.cold_start_ms + 100;
    if (cold && !ctx.lean) {
      const units = 2;
      const warm = ctx.sizing.rates.warm_function_month;
      const unitCost = req.model_size === "small" ? warm.small : warm.medium;
      ctx.add(
        "lambda_provisioned",
        units,
        "warm instances",
        units * unitCost,
        "keeps instances warm to hide cold starts",
      );
      ctx.decisions.push({
        topic: "Cold starts",
        choice: `${units} provisioned-concurrency instances`,
        reason: `At ${req.rps} req/s a cold start (~${lambda.cold_start_ms} ms) would land in the p95; warm instances cost ${usd(units * unitCost)}/month.`,
        alternatives: [
          { option: "on-demand only", reason_rejected: `p95 would exceed the ${req.latency_p95_ms} ms target` },
        ],
      });
    } else if (cold) {
      coldStartMs = lambda.cold_start_ms;
    }
    return {
      serving: {
        platform: runtime,
        instance: `${lambda?.memory ?? "no"} function`,
        replicas: 0,
        gpu: false,
        capacity_rps: 1000,
      },
      inferenceMs: lambda?.inference_ms ?? 0,
      coldStartMs,
    };
  },
});
