/** serving.tf: what serves the model, one writer per pattern. */
import type { PatternId } from "../../../../schema";
import type { TfContext } from "../../context";
import { batchTf } from "./batch";
import { albTf, ecsCluster, ecsService } from "./ecs";
import { eksTf } from "./eks";
import { apiGateway, lambdaServing } from "./lambda";
import { sagemakerEndpoint } from "./sagemaker";

const SERVING: Record<PatternId, (ctx: TfContext) => string> = {
  serverless: (ctx) => `${lambdaServing(ctx)}\n\n${apiGateway(ctx, "lambda")}`,
  containers: (ctx) => `${ecsCluster(ctx)}\n\n${albTf(ctx)}\n\n${ecsService(ctx, true)}`,
  kubernetes: eksTf,
  managed_platform: (ctx) =>
    `${sagemakerEndpoint(ctx)}${ctx.has("api_gateway") ? `\n\n${apiGateway(ctx, "sagemaker")}` : ""}`,
  batch_analytics: batchTf,
  streaming: (ctx) =>
    `${ecsCluster(ctx)}\n\n${ecsService(ctx, false)}${ctx.has("sagemaker_endpoint") ? `\n\n${sagemakerEndpoint(ctx)}` : ""}`,
};

/** serving.tf for the design's pattern. */
export function serving(ctx: TfContext): string {
  return `${SERVING[ctx.design.pattern](ctx)}\n`;
}
