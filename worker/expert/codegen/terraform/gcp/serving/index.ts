/** serving.tf: what serves the model on Google Cloud, one writer per pattern. */
import type { PatternId } from "../../../../schema";
import type { TfContext } from "../../context";
import { publicGateway } from "../shared";
import { renderHcl, type HclBlockSpec } from "../../hcl";
import { servesThroughLb } from "../root";
import { batchTf } from "./batch";
import { apiGateway } from "./gateway";
import { gkeTf } from "./gke";
import { loadBalancer } from "./lb";
import { imageLocal, invoker, runService, runtimeIdentity } from "./run";
import { vertexEndpoint } from "./vertex";

const PUBLIC = "allUsers";

/** The function-style service behind API Gateway: scales to zero, callable only by the gateway. */
function serverless(ctx: TfContext): HclBlockSpec[] {
  const max = Math.max(10, (ctx.design.serving?.replicas ?? 0) * 10);
  return [
    imageLocal(),
    ...runtimeIdentity(),
    runService(ctx, "service", "inference", {
      ingress:
        publicGateway(ctx) || ctx.design.network.exposure !== "private"
          ? "INGRESS_TRAFFIC_ALL"
          : "INGRESS_TRAFFIC_INTERNAL_ONLY",
      minInstances: ctx.design.serving?.replicas ?? 0,
      maxInstances: max,
      cpuIdle: true,
      env: { MODEL_URI: { expr: "local.model_uri" } },
    }),
    ...(publicGateway(ctx)
      ? [
          ...apiGateway("run"),
          invoker("gateway", "service", { expr: '"serviceAccount:${google_service_account.gateway.email}"' }),
        ]
      : []),
  ];
}

/** The container service: behind the load balancer and Cloud Armor when public, internal when private. */
function containers(ctx: TfContext): HclBlockSpec[] {
  const replicas = Math.max(1, ctx.design.serving?.replicas ?? 2);
  const lb = servesThroughLb(ctx);
  return [
    imageLocal(),
    ...runtimeIdentity(),
    runService(ctx, "service", "service", {
      ingress: lb ? "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER" : "INGRESS_TRAFFIC_INTERNAL_ONLY",
      minInstances: replicas,
      maxInstances: replicas * 5,
      cpuIdle: true,
      env: { MODEL_URI: { expr: "local.model_uri" } },
      // A private service keeps its name as the audience internal callers authenticate to.
      audiences: !lb && ctx.has("alb") ? { expr: '["https://${var.service_domain}"]' } : undefined,
    }),
    ...(lb ? [invoker("public", "service", PUBLIC), ...loadBalancer(ctx)] : []),
  ];
}

/** The stream consumers: always-on instances pulling the scoring subscription. */
function streaming(ctx: TfContext): HclBlockSpec[] {
  const replicas = Math.max(1, ctx.design.serving?.replicas ?? 2);
  const env: Record<string, { expr: string }> = { MODEL_URI: { expr: "local.model_uri" } };
  if (ctx.has("kinesis")) env.SUBSCRIPTION = { expr: "google_pubsub_subscription.scoring.id" };
  if (ctx.has("dynamodb")) env.FEATURE_DATABASE = { expr: "google_firestore_database.features.name" };
  if (ctx.has("sagemaker_endpoint")) env.ENDPOINT = { expr: "google_vertex_ai_endpoint.main.id" };
  const blocks: HclBlockSpec[] = [
    imageLocal(),
    ...runtimeIdentity([
      ...(ctx.has("dynamodb") ? ["roles/datastore.user"] : []),
      ...(ctx.has("sagemaker_endpoint") ? ["roles/aiplatform.user"] : []),
    ]),
    runService(ctx, "consumer", "consumer", {
      ingress: "INGRESS_TRAFFIC_INTERNAL_ONLY",
      minInstances: replicas,
      maxInstances: replicas * 4,
      cpuIdle: false,
      env,
    }),
  ];
  if (ctx.has("kinesis"))
    blocks.push({
      type: "resource",
      labels: ["google_pubsub_subscription_iam_member", "consumer"],
      attrs: {
        subscription: { expr: "google_pubsub_subscription.scoring.name" },
        role: "roles/pubsub.subscriber",
        member: { expr: '"serviceAccount:${google_service_account.service.email}"' },
      },
    });
  if (ctx.has("sagemaker_endpoint")) blocks.push(vertexEndpoint(ctx));
  return blocks;
}

const SERVING: Record<PatternId, (ctx: TfContext) => HclBlockSpec[]> = {
  serverless,
  containers,
  kubernetes: (ctx) => [...runtimeIdentity(), ...gkeTf(ctx)],
  managed_platform: (ctx) => [vertexEndpoint(ctx), ...(publicGateway(ctx) ? apiGateway("vertex") : [])],
  batch_analytics: (ctx) => [imageLocal(), ...batchTf(ctx)],
  streaming,
};

/** serving.tf for the design's pattern. */
export function serving(ctx: TfContext): string {
  return renderHcl(SERVING[ctx.design.pattern](ctx));
}
