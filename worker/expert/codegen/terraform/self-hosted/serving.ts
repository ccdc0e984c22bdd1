/**
 * Serving on the cluster, per pattern: a Knative Service (serverless), a Deployment with its
 * autoscaler (containers), a KServe InferenceService (managed platform), or the namespace the
 * k8s/ manifests deploy into (kubernetes). The env every model container reads is built here.
 */
import type { TfContext } from "../context";
import { expr, type HclBlockSpec, type HclValue } from "../hcl";
import { APP_NS, LABELS, appNs, k8s, manifest, metadata, release, tpl, type Site } from "./k8s";
import { S3_ENDPOINT } from "./storage";
import { serviceStack, type ContainerSpec } from "./workloads";

/** Requests of the design's instance ("4 vCPU / 8 GB pod" → 4 CPUs, 8Gi). */
export function sizeOf(ctx: TfContext): { cpu: string; memory: string; gpu: boolean } {
  const m = /(\d+)\s*vCPU\s*\/\s*(\d+)\s*GB/.exec(ctx.design.serving?.instance ?? "");
  const gpu = ctx.design.serving?.gpu === true;
  return { cpu: m?.[1] ?? (gpu ? "8" : "1"), memory: `${m?.[2] ?? (gpu ? "64" : "2")}Gi`, gpu };
}

/** Where the model container finds its model and storage, on a site. */
export function modelEnv(ctx: TfContext, site: Site = "primary"): Pick<ContainerSpec, "env" | "envFrom"> {
  const bucket = site === "dr" ? "model_bucket_dr" : "model_bucket";
  const env: Record<string, HclValue> = {
    MODEL_URI: tpl(`s3://\${kubernetes_manifest.${bucket}.manifest.spec.bucketName}/current/model.json`),
    AWS_ENDPOINT_URL_S3: S3_ENDPOINT,
  };
  if (ctx.has("kms")) env.SSE_KMS_KEY_ID = expr("vault_transit_secret_backend_key.storage.name");
  if (ctx.has("dynamodb")) env.FEATURE_STORE_URL = "redis://valkey.valkey.svc:6379";
  if (ctx.has("kinesis") || ctx.has("msk")) {
    env.KAFKA_BROKERS = "events-kafka-bootstrap.kafka.svc:9093";
    if (ctx.has("kinesis")) env.KAFKA_TOPIC = expr("kubernetes_manifest.events_topic.manifest.spec.topicName");
  }
  const claim = bucket.replace(/_/g, "-");
  return { env, envFrom: [{ configMap: claim, secret: claim }] };
}

/** The service image at the deployed tag. */
export const SERVICE_IMAGE = tpl("${local.image}:${var.image_tag}");

/** The service that the edge (gateway or API gateway) routes to. */
export function upstream(ctx: TfContext): { name: string; namespace: string; port: number } {
  if (ctx.has("sagemaker_endpoint")) return { name: "model-predictor", namespace: APP_NS, port: 80 };
  if (ctx.has("lambda")) return { name: "model", namespace: APP_NS, port: 80 };
  if (ctx.has("ecs_fargate")) return { name: "service", namespace: APP_NS, port: 80 };
  return { name: "model-server", namespace: APP_NS, port: 80 };
}

/** A container for a custom resource's pod template (camelCase, as the CRDs spell it). */
function crContainer(ctx: TfContext, name: string, image: HclValue): Record<string, HclValue> {
  const size = sizeOf(ctx);
  const { env, envFrom } = modelEnv(ctx);
  const limits: Record<string, HclValue> = { memory: size.memory };
  if (size.gpu) limits["nvidia.com/gpu"] = "1";
  return {
    name,
    image,
    ports: [{ containerPort: 8080, protocol: "TCP" }],
    env: Object.entries(env ?? {}).map(([k, v]) => ({ name: k, value: v })),
    envFrom: (envFrom ?? []).flatMap((f): HclValue[] => [
      { configMapRef: { name: f.configMap ?? "" } },
      { secretRef: { name: f.secret ?? "" } },
    ]),
    readinessProbe: { httpGet: { path: "/healthz", port: 8080 } },
    resources: { requests: { cpu: size.cpu, memory: size.memory }, limits },
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ["ALL"] },
    },
  };
}

/** serving.tf: the app namespace and the pattern's serving resources. */
export function serving(ctx: TfContext): HclBlockSpec[] {
  const out: HclBlockSpec[] = [
    k8s("namespace_v1", "app", "primary", {}, [
      metadata(APP_NS, undefined, {
        labels: expr(`merge(local.labels, { "pod-security.kubernetes.io/enforce" = "restricted" })`),
      }),
    ]),
  ];
  const replicas = (id: string) => Math.max(1, ctx.design.components.find((c) => c.id === id)?.quantity ?? 2);
  if (ctx.has("ecs_fargate")) {
    const n = replicas("ecs_fargate");
    out.push(
      ...serviceStack({
        name: "service",
        site: "primary",
        namespace: appNs(),
        replicas: n,
        maxReplicas: n * 4,
        http: true,
        container: { name: "service", image: SERVICE_IMAGE, port: 8080, ...sizeOf(ctx), ...modelEnv(ctx) },
        dependsOn: ["kubernetes_manifest.model_bucket"],
      }),
    );
  }
  if (ctx.has("lambda")) out.push(...knative(ctx));
  if (ctx.has("sagemaker_endpoint")) out.push(...kserve(ctx, replicas("sagemaker_endpoint")));
  if (ctx.design.pattern === "kubernetes")
    out.push(
      k8s("resource_quota_v1", "app", "primary", {}, [
        metadata("models-quota", appNs()),
        {
          type: "spec",
          attrs: {
            hard: {
              "requests.cpu": String(replicas("eks_nodes") * 4),
              "requests.memory": `${replicas("eks_nodes") * 16}Gi`,
              pods: "100",
            },
          },
        },
      ]),
    );
  return out;
}

/** Knative Serving from its operator, and the model as a Knative Service that scales to zero. */
function knative(ctx: TfContext): HclBlockSpec[] {
  const max = Math.max(2, ctx.design.components.find((c) => c.id === "lambda")?.quantity ?? 10);
  return [
    release("knative_operator"),
    k8s("namespace_v1", "knative_serving", "primary", {}, [metadata("knative-serving")]),
    manifest(
      "knative_serving",
      "operator.knative.dev/v1beta1",
      "KnativeServing",
      { name: "knative-serving", namespace: expr("kubernetes_namespace_v1.knative_serving.metadata[0].name") },
      {
        spec: {
          ingress: { kourier: { enabled: true } },
          registry: { default: tpl("${var.image_registry}/mirror/knative/$${NAME}:v1.18.0") },
          config: {
            network: { "ingress-class": "kourier.ingress.networking.knative.dev" },
            deployment: { "registries-skipping-tag-resolving": expr("var.image_registry") },
          },
        },
      },
      { dependsOn: ["helm_release.knative_operator"] },
    ),
    manifest(
      "model_function",
      "serving.knative.dev/v1",
      "Service",
      { name: "model", namespace: appNs() },
      {
        spec: {
          template: {
            metadata: {
              labels: LABELS,
              annotations: {
                "autoscaling.knative.dev/min-scale": "0",
                "autoscaling.knative.dev/max-scale": String(max),
              },
            },
            spec: { containerConcurrency: 10, containers: [crContainer(ctx, "model", SERVICE_IMAGE)] },
          },
        },
      },
      { dependsOn: ["kubernetes_manifest.knative_serving", "kubernetes_manifest.model_bucket"] },
    ),
  ];
}

/** KServe (with cert-manager for its webhooks) and the InferenceService in raw-deployment mode. */
function kserve(ctx: TfContext, replicas: number): HclBlockSpec[] {
  return [
    release("cert_manager", { values: { crds: { enabled: true } } }),
    release("kserve_crd", { dependsOn: ["helm_release.cert_manager"] }),
    release("kserve", {
      values: { kserve: { controller: { deploymentMode: "RawDeployment" } } },
      dependsOn: ["helm_release.kserve_crd"],
    }),
    manifest(
      "inference_service",
      "serving.kserve.io/v1beta1",
      "InferenceService",
      { name: "model", namespace: appNs(), annotations: { "serving.kserve.io/deploymentMode": "RawDeployment" } },
      {
        spec: {
          predictor: {
            minReplicas: replicas,
            maxReplicas: replicas * 3,
            scaleMetric: "cpu",
            scaleTarget: 60,
            containers: [crContainer(ctx, "kserve-container", expr("var.inference_image"))],
          },
        },
      },
      { dependsOn: ["helm_release.kserve", "kubernetes_manifest.model_bucket"] },
    ),
  ];
}
