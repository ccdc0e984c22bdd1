/**
 * Workloads as typed Kubernetes resources: hardened containers, one-off Jobs, CronJobs and
 * the service stack (Deployment, Service, HorizontalPodAutoscaler, PodDisruptionBudget)
 * that the HTTP service, the stream consumers and the DR site share.
 */
import { block, expr, type HclBlockSpec, type HclValue } from "../hcl";
import { appNs, k8s, metadata, type Site } from "./k8s";

/** A container: image, command, plain env and env read from ConfigMaps or Secrets. */
export interface ContainerSpec {
  name: string;
  image: HclValue;
  command?: HclValue[];
  env?: Record<string, HclValue>;
  /** Env vars from a Secret key: name → [secret, key]. */
  secretEnv?: Record<string, [HclValue, string]>;
  /** ConfigMaps and Secrets whose keys all become env vars (an ObjectBucketClaim's pair). */
  envFrom?: { configMap?: HclValue; secret?: HclValue }[];
  port?: number;
  cpu?: string;
  memory?: string;
  gpu?: boolean;
}

/** A non-root, read-only container with requests and limits. */
export function container(c: ContainerSpec): HclBlockSpec {
  const env = Object.entries(c.env ?? {}).map(([name, v]) => block("env", { name, value: v }));
  const secretEnv = Object.entries(c.secretEnv ?? {}).map(([name, [secret, key]]) =>
    block("env", { name }, [block("value_from", {}, [block("secret_key_ref", { name: secret, key })])]),
  );
  const envFrom = (c.envFrom ?? []).map((f) =>
    block("env_from", {}, [
      ...(f.configMap === undefined ? [] : [block("config_map_ref", { name: f.configMap })]),
      ...(f.secret === undefined ? [] : [block("secret_ref", { name: f.secret })]),
    ]),
  );
  const requests: Record<string, HclValue> = { cpu: c.cpu ?? "500m", memory: c.memory ?? "1Gi" };
  const limits: Record<string, HclValue> = { memory: c.memory ?? "1Gi" };
  if (c.gpu === true) {
    requests["nvidia.com/gpu"] = "1";
    limits["nvidia.com/gpu"] = "1";
  }
  const probes =
    c.port === undefined
      ? []
      : (["readiness_probe", "liveness_probe"] as const).map((p) =>
          block(p, { period_seconds: p === "readiness_probe" ? 5 : 15 }, [
            block("http_get", { path: "/healthz", port: c.port }),
          ]),
        );
  return block("container", { name: c.name, image: c.image, command: c.command }, [
    ...(c.port === undefined ? [] : [block("port", { container_port: c.port })]),
    ...env,
    ...secretEnv,
    ...envFrom,
    block("resources", { requests, limits }),
    ...probes,
    block(
      "security_context",
      { allow_privilege_escalation: false, read_only_root_filesystem: true, run_as_non_root: true },
      [block("capabilities", { drop: ["ALL"] })],
    ),
  ]);
}

/** A pod spec: restricted security context, the containers, optional service account. */
function podSpec(
  containers: ContainerSpec[],
  opts: { restart?: string; serviceAccount?: HclValue } = {},
): HclBlockSpec {
  return block(
    "spec",
    {
      service_account_name: opts.serviceAccount,
      restart_policy: opts.restart,
      automount_service_account_token: opts.serviceAccount !== undefined,
    },
    [
      block("security_context", { run_as_non_root: true }, [block("seccomp_profile", { type: "RuntimeDefault" })]),
      ...containers.map(container),
    ],
  );
}

/** Pod labels: the shared ones and the app selector. */
function podLabels(app: string): HclValue {
  return expr(`merge(local.labels, { app = "${app}" })`);
}

/** A one-off Job Terraform waits for (bucket setup, registry projects). */
export function job(
  name: string,
  namespace: HclValue,
  c: ContainerSpec,
  opts: { site?: Site; dependsOn?: string[] } = {},
): HclBlockSpec {
  return k8s(
    "job_v1",
    name,
    opts.site ?? "primary",
    { wait_for_completion: true, depends_on: opts.dependsOn?.map((d) => expr(d)) },
    [
      metadata(name.replace(/_/g, "-"), namespace),
      block("spec", { backoff_limit: 4 }, [
        block("template", {}, [block("metadata", { labels: podLabels(name) }), podSpec([c], { restart: "OnFailure" })]),
      ]),
      block("timeouts", { create: "10m" }),
    ],
  );
}

/** A CronJob in the app namespace (drift reports, bucket replication). */
export function cronJob(name: string, schedule: string, c: ContainerSpec, namespace: HclValue = appNs()): HclBlockSpec {
  return k8s("cron_job_v1", name, "primary", {}, [
    metadata(name.replace(/_/g, "-"), namespace),
    block(
      "spec",
      { schedule, concurrency_policy: "Forbid", successful_jobs_history_limit: 3, failed_jobs_history_limit: 3 },
      [
        block("job_template", {}, [
          block("metadata", { labels: podLabels(name) }),
          block("spec", { backoff_limit: 2 }, [
            block("template", {}, [
              block("metadata", { labels: podLabels(name) }),
              podSpec([c], { restart: "OnFailure" }),
            ]),
          ]),
        ]),
      ],
    ),
  ]);
}

/** The service stack's shape: replicas, scaling, whether it listens on HTTP. */
export interface StackSpec {
  /** Terraform name and Kubernetes app label. */
  name: string;
  site: Site;
  namespace: HclValue;
  replicas: number;
  maxReplicas: number;
  container: ContainerSpec;
  /** Adds the ClusterIP Service in front of port 8080. */
  http: boolean;
  /** Leaves scaling to another controller (KEDA) instead of an HPA. */
  externalScaler?: boolean;
  dependsOn?: string[];
}

/** Deployment, Service, HPA and PDB for one workload. */
export function serviceStack(s: StackSpec): HclBlockSpec[] {
  const app = s.name.replace(/_/g, "-");
  const selector = block("selector", { match_labels: { app } });
  const out: HclBlockSpec[] = [
    k8s("deployment_v1", s.name, s.site, { wait_for_rollout: true, depends_on: s.dependsOn?.map((d) => expr(d)) }, [
      metadata(app, s.namespace),
      block("spec", { replicas: s.replicas, revision_history_limit: 5 }, [
        selector,
        block("strategy", { type: "RollingUpdate" }, [
          block("rolling_update", { max_surge: "1", max_unavailable: "0" }),
        ]),
        block("template", {}, [block("metadata", { labels: podLabels(app) }), podSpec([s.container])]),
      ]),
    ]),
    k8s("pod_disruption_budget_v1", s.name, s.site, {}, [
      metadata(app, s.namespace),
      block("spec", { min_available: String(Math.max(1, s.replicas - 1)) }, [selector]),
    ]),
  ];
  if (s.http)
    out.push(
      k8s("service_v1", s.name, s.site, {}, [
        metadata(app, s.namespace),
        block("spec", { selector: { app }, type: "ClusterIP" }, [
          block("port", { name: "http", port: 80, target_port: "8080" }),
        ]),
      ]),
    );
  if (s.externalScaler !== true)
    out.push(
      k8s("horizontal_pod_autoscaler_v2", s.name, s.site, {}, [
        metadata(app, s.namespace),
        block("spec", { min_replicas: s.replicas, max_replicas: s.maxReplicas }, [
          block("scale_target_ref", {
            api_version: "apps/v1",
            kind: "Deployment",
            name: expr(`kubernetes_deployment_v1.${s.name}.metadata[0].name`),
          }),
          block("metric", { type: "Resource" }, [
            block("resource", { name: "cpu" }, [block("target", { type: "Utilization", average_utilization: 60 })]),
          ]),
        ]),
      ]),
    );
  return out;
}
