/**
 * ml.tf: the scheduled model work on the site's cluster: the nightly batch scoring run
 * (the service image's batch entry point over the data bucket) and the drift report of a
 * monitored endpoint, each a CronJob in the app namespace.
 */
import type { TfContext } from "../context";
import { expr, type HclBlockSpec } from "../hcl";
import { modelEnv, SERVICE_IMAGE, sizeOf } from "./serving";
import { cronJob } from "./workloads";

/** ml.tf for the design, or nothing when it schedules no model work. */
export function ml(ctx: TfContext): HclBlockSpec[] {
  const out: HclBlockSpec[] = [];
  if (ctx.has("aws_batch"))
    out.push(
      cronJob("batch_scoring", "0 2 * * *", {
        name: "scoring",
        image: SERVICE_IMAGE,
        command: ["node", "dist/batch.js"],
        ...sizeOf(ctx),
        ...modelEnv(ctx),
      }),
    );
  if (ctx.has("model_monitor") && ctx.has("sagemaker_endpoint"))
    out.push(
      cronJob("drift_report", "0 * * * *", {
        name: "drift",
        image: expr("var.model_monitor_image"),
        cpu: "500m",
        memory: "1Gi",
        ...modelEnv(ctx),
      }),
    );
  return out;
}
