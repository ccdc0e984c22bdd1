/** Batch scoring and analytics: scheduled AWS Batch jobs over the data lake, queried with Athena. */
import { component } from "../catalogue/components";
import { definePattern, type PatternModule } from "./types";

/** Scoring runs a month: one a night. */
const RUNS = 30;

export const batchAnalytics: PatternModule = definePattern("batch_analytics", {
  platform: "containers",
  infeasible: (req) =>
    req.workloads.includes("realtime_inference") || req.workloads.includes("streaming")
      ? "cannot answer online or streaming requests"
      : null,
  hasEndpoint: () => false,
  online: () => false,
  dataLake: true,
  onlineFeatures: false,
  privateLinkOnPath: false,
  serve(ctx) {
    const { req } = ctx;
    const hours = Math.max(0.5, req.data_volume_gb / 50);
    const gpuFactor = req.model_size === "large" ? 8 : req.model_size === "xlarge" ? 30 : 1;
    ctx.add("eventbridge", 1, "schedule", 1, "starts the nightly run");
    ctx.add(
      "step_functions",
      RUNS,
      "runs/month",
      component("step_functions", req.cloud).fixed_usd,
      "orchestrates extract, score and publish steps",
    );
    ctx.add(
      "aws_batch",
      Math.round(RUNS * hours * 10) / 10,
      "task-hours/month (Spot)",
      RUNS * hours * ctx.sizing.rates.batch_task_hour * gpuFactor,
      "scoring jobs on spare (Spot) capacity",
    );
    ctx.add(
      "athena",
      1,
      "workgroup",
      component("athena", req.cloud).fixed_usd + RUNS * (req.data_volume_gb / 1024) * ctx.sizing.rates.query_tb_scanned,
      "SQL over scores and features",
    );
    ctx.path.push("step_functions", "aws_batch", "s3_data");
    return {
      serving: {
        platform: component("aws_batch", req.cloud).service,
        instance: "4 vCPU / 8 GB Spot task",
        replicas: 0,
        gpu: gpuFactor > 1,
        capacity_rps: 0,
      },
      inferenceMs: 0,
      coldStartMs: 0,
    };
  },
});
