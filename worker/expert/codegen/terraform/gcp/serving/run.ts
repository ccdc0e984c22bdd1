/** Cloud Run: the service image, the runtime identity, and a service (the API, the function, the consumers). */
import type { TfContext } from "../../context";
import { block, expr, resource, type HclBlockSpec, type HclValue } from "../../hcl";
import { afterKeyGrant, bucketMember, kmsKey, member, named, projectRoles, serviceAccount } from "../shared";

/** `local.image`: the service image CI pushed, at the deployed tag. */
export function imageLocal(): HclBlockSpec {
  return block("locals", {
    image: expr(
      '"${google_artifact_registry_repository.service.location}-docker.pkg.dev/${data.google_project.current.project_id}/${google_artifact_registry_repository.service.repository_id}/service:${var.image_tag}"',
    ),
    model_uri: expr('"gs://${google_storage_bucket.models.name}/current/model.json"'),
  });
}

/** The identity the model service runs as: logs, metrics, traces, and read access to the models. */
export function runtimeIdentity(extraRoles: string[] = []): HclBlockSpec[] {
  return [
    serviceAccount("service", "service", "Model service runtime"),
    projectRoles("service", [
      "roles/logging.logWriter",
      "roles/monitoring.metricWriter",
      "roles/cloudtrace.agent",
      ...extraRoles,
    ]),
    bucketMember(
      "service_models",
      "google_storage_bucket.models.name",
      "roles/storage.objectViewer",
      member("service"),
    ),
  ];
}

/** vCPUs and memory of a "1 vCPU / 2 GiB instance" description. */
export function shape(instance: string | undefined): { cpu: string; memory: string } {
  const cpu = /(\d+)\s*vCPU/i.exec(instance ?? "")?.[1] ?? "1";
  const memory = /(\d+)\s*Gi?B/i.exec(instance ?? "")?.[1] ?? "2";
  return { cpu, memory: `${memory}Gi` };
}

/** How one Cloud Run service runs. */
export interface RunOptions {
  ingress: "INGRESS_TRAFFIC_ALL" | "INGRESS_TRAFFIC_INTERNAL_ONLY" | "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER";
  minInstances: number;
  maxInstances: number;
  /** False keeps the CPU allocated between requests (a pull consumer). */
  cpuIdle: boolean;
  env: Record<string, HclValue>;
  /** Audiences internal callers may mint ID tokens for besides the service URL. */
  audiences?: HclValue;
}

function probe(kind: string): HclBlockSpec {
  return block(kind, { period_seconds: 10, failure_threshold: 3 }, [
    block("http_get", { path: "/healthz", port: 8080 }),
  ]);
}

/** A Cloud Run service running the image as the runtime identity, in the VPC when there is one. */
export function runService(ctx: TfContext, name: string, suffix: string, o: RunOptions): HclBlockSpec {
  const { cpu, memory } = shape(ctx.design.serving?.instance);
  const env = Object.entries(o.env).map(([k, v]) => block("env", { name: k, value: v }));
  const vpc = ctx.has("vpc")
    ? [
        block("vpc_access", { egress: "ALL_TRAFFIC" }, [
          block("network_interfaces", {
            network: expr("google_compute_network.main.id"),
            subnetwork: expr("google_compute_subnetwork.main.id"),
          }),
        ]),
      ]
    : [];
  return resource(
    "google_cloud_run_v2_service",
    name,
    {
      name: named(suffix),
      location: expr("var.region"),
      ingress: o.ingress,
      custom_audiences: o.audiences,
      deletion_protection: true,
      depends_on: afterKeyGrant(ctx, "google_project_service.apis"),
    },
    [
      block(
        "template",
        {
          service_account: expr("google_service_account.service.email"),
          encryption_key: kmsKey(ctx),
          max_instance_request_concurrency: 40,
          timeout: "30s",
        },
        [
          block("scaling", { min_instance_count: o.minInstances, max_instance_count: o.maxInstances }),
          ...vpc,
          block("containers", { image: expr("local.image") }, [
            block("ports", { container_port: 8080 }),
            block("resources", { limits: { cpu, memory }, cpu_idle: o.cpuIdle, startup_cpu_boost: true }),
            ...env,
            probe("startup_probe"),
            probe("liveness_probe"),
          ]),
        ],
      ),
    ],
  );
}

/** Lets `who` invoke a Cloud Run service. */
export function invoker(name: string, service: string, who: HclValue): HclBlockSpec {
  return resource("google_cloud_run_v2_service_iam_member", name, {
    name: expr(`google_cloud_run_v2_service.${service}.name`),
    location: expr(`google_cloud_run_v2_service.${service}.location`),
    role: "roles/run.invoker",
    member: who,
  });
}
