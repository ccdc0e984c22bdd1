/**
 * The shapes every self-hosted file repeats: a pinned Helm release from the internal chart
 * mirror, a custom resource as `kubernetes_manifest`, metadata, and the templated strings
 * that mix literal text with references. Other modules describe what to deploy, not how.
 */
import { block, expr, resource, value, type HclBlockSpec, type HclExpr, type HclValue } from "../hcl";

/** The charts the platform can install: chart name, pinned version and namespace. */
export const CHARTS = {
  cilium: { chart: "cilium", version: "1.17.4", namespace: "kube-system" },
  envoy_gateway: { chart: "gateway-helm", version: "v1.4.1", namespace: "envoy-gateway-system" },
  kong: { chart: "kong", version: "2.49.0", namespace: "kong" },
  knative_operator: { chart: "knative-operator", version: "v1.18.1", namespace: "knative-operator" },
  cert_manager: { chart: "cert-manager", version: "v1.18.2", namespace: "cert-manager" },
  kserve_crd: { chart: "kserve-crd", version: "v0.15.2", namespace: "kserve" },
  kserve: { chart: "kserve", version: "v0.15.2", namespace: "kserve" },
  cloudnative_pg: { chart: "cloudnative-pg", version: "0.24.0", namespace: "cnpg-system" },
  mlflow: { chart: "mlflow", version: "1.3.1", namespace: "mlflow" },
  rook_ceph: { chart: "rook-ceph", version: "v1.17.5", namespace: "rook-ceph" },
  rook_ceph_cluster: { chart: "rook-ceph-cluster", version: "v1.17.5", namespace: "rook-ceph" },
  harbor: { chart: "harbor", version: "1.17.1", namespace: "harbor" },
  valkey: { chart: "valkey", version: "0.7.2", namespace: "valkey" },
  strimzi: { chart: "strimzi-kafka-operator", version: "0.46.1", namespace: "strimzi" },
  keda: { chart: "keda", version: "2.17.2", namespace: "keda" },
  argo_workflows: { chart: "argo-workflows", version: "0.45.19", namespace: "argo" },
  kueue: { chart: "kueue", version: "0.12.3", namespace: "kueue-system" },
  trino: { chart: "trino", version: "1.39.1", namespace: "trino" },
  kube_prometheus_stack: { chart: "kube-prometheus-stack", version: "75.6.1", namespace: "monitoring" },
  loki: { chart: "loki", version: "6.30.1", namespace: "monitoring" },
  fluent_bit: { chart: "fluent-bit", version: "0.49.1", namespace: "logging" },
  openbao: { chart: "openbao", version: "0.16.1", namespace: "openbao" },
  k8gb: { chart: "k8gb", version: "v0.14.0", namespace: "k8gb" },
} as const;

export type ChartId = keyof typeof CHARTS;

/** The namespace the model service and its jobs run in (the same as the k8s/ manifests). */
export const APP_NS = "models";

/** The app namespace on a site, by reference so objects in it wait for it. */
export function appNs(site: Site = "primary"): HclExpr {
  return expr(`kubernetes_namespace_v1.${site === "dr" ? "app_dr" : "app"}.metadata[0].name`);
}

/** A string template: literal text with `${…}` references, written as an HCL template. */
export function tpl(text: string): HclExpr {
  return expr(JSON.stringify(text));
}

/** `yamlencode(…)` of a value, for Helm values and config files (`indent`: the attribute's). */
export function yaml(v: HclValue, indent = "  "): HclExpr {
  return expr(`yamlencode(${value(v, indent)})`);
}

/** `jsonencode(…)` of a value (`indent`: the attribute's). */
export function json(v: HclValue, indent = "  "): HclExpr {
  return expr(`jsonencode(${value(v, indent)})`);
}

/** References as a list expression, e.g. for `depends_on`. */
export function refs(...names: string[]): HclExpr[] {
  return names.map((n) => expr(n));
}

/** The labels every object carries. */
export const LABELS = expr("local.labels");

/** A `metadata` block for the typed Kubernetes resources. */
export function metadata(name: HclValue, namespace?: HclValue, extra: Record<string, HclValue> = {}): HclBlockSpec {
  return block("metadata", { name, namespace, labels: LABELS, ...extra });
}

/** Where a resource is applied: the primary site, or the DR site's aliased provider. */
export type Site = "primary" | "dr";

function providerAttr(kind: "kubernetes" | "helm", site: Site): HclExpr | undefined {
  return site === "dr" ? expr(`${kind}.dr`) : undefined;
}

interface ReleaseOptions {
  /** Helm values, written through `yamlencode`. */
  values?: HclValue;
  dependsOn?: string[];
  site?: Site;
  /** The Terraform (and Helm) name when one chart is released twice. */
  name?: string;
  /** Another namespace than the chart's usual one. */
  namespace?: string;
}

/** A Helm release of a pinned chart from the internal mirror (`var.chart_repository`). */
export function release(id: ChartId, opts: ReleaseOptions = {}): HclBlockSpec {
  const c = CHARTS[id];
  const site = opts.site ?? "primary";
  return resource("helm_release", opts.name ?? id, {
    provider: providerAttr("helm", site),
    name: (opts.name ?? id).replace(/_/g, "-"),
    repository: expr("var.chart_repository"),
    chart: c.chart,
    version: c.version,
    namespace: opts.namespace ?? c.namespace,
    create_namespace: true,
    atomic: true,
    timeout: 900,
    values: opts.values === undefined ? undefined : [yaml(opts.values)],
    depends_on: opts.dependsOn === undefined ? undefined : refs(...opts.dependsOn),
  });
}

/**
 * A custom resource as `kubernetes_manifest`. Its CRD must exist at plan time, so a first
 * apply installs the operators (`terraform apply -target=helm_release…`), as DEPLOYMENT.md says.
 */
export function manifest(
  name: string,
  apiVersion: string,
  kind: string,
  meta: { name: HclValue; namespace?: HclValue; annotations?: Record<string, HclValue>; labels?: HclValue },
  spec: Record<string, HclValue>,
  opts: { dependsOn?: string[]; site?: Site; waitFor?: Record<string, HclValue> } = {},
): HclBlockSpec {
  const metaValue: Record<string, HclValue> = { name: meta.name, labels: meta.labels ?? LABELS };
  if (meta.namespace !== undefined) metaValue.namespace = meta.namespace;
  if (meta.annotations !== undefined) metaValue.annotations = meta.annotations;
  return resource(
    "kubernetes_manifest",
    name,
    {
      provider: providerAttr("kubernetes", opts.site ?? "primary"),
      manifest: { apiVersion, kind, metadata: metaValue, ...spec },
      depends_on: opts.dependsOn === undefined ? undefined : refs(...opts.dependsOn),
    },
    opts.waitFor === undefined ? [] : [block("wait", { fields: opts.waitFor })],
  );
}

/** A typed Kubernetes resource on a site: `kubernetes_<type>` with the site's provider. */
export function k8s(
  type: string,
  name: string,
  site: Site,
  attrs: Record<string, HclValue | undefined>,
  blocks: HclBlockSpec[],
): HclBlockSpec {
  return resource(`kubernetes_${type}`, name, { provider: providerAttr("kubernetes", site), ...attrs }, blocks);
}
