/**
 * Monitoring on the site: kube-prometheus-stack (Prometheus, Alertmanager mailing the alert
 * address through the site relay, Grafana), Loki with Fluent Bit for logs, and the alert
 * rules: latency at the percentile the target was stated at, errors, replicas, lag, jobs.
 */
import type { TfContext } from "../context";
import type { HclBlockSpec, HclValue } from "../hcl";
import { expr } from "../hcl";
import { APP_NS, CHARTS, manifest, release, tpl } from "./k8s";
import { ENCRYPTED_CLASS } from "./security";

/** The quantile of a percentile name ("p99" → 0.99). */
function quantile(pct: string): number {
  return Number(pct.replace(/^p/, "")) / 100;
}

/** The request-latency histogram (in ms) and 5xx ratio at the service's entry. */
function entryMetrics(ctx: TfContext): { histogram: string; errors: string } | null {
  if (ctx.has("alb") || ctx.has("waf"))
    return {
      histogram: `envoy_cluster_upstream_rq_time_bucket{namespace="${CHARTS.envoy_gateway.namespace}"}`,
      errors: `sum(rate(envoy_cluster_upstream_rq_xx{envoy_response_code_class="5"}[5m])) / sum(rate(envoy_cluster_upstream_rq_total[5m]))`,
    };
  if (ctx.has("api_gateway"))
    return {
      histogram: "kong_request_latency_ms_bucket",
      errors: `sum(rate(kong_http_requests_total{code=~"5.."}[5m])) / sum(rate(kong_http_requests_total[5m]))`,
    };
  return null;
}

/** One alert rule. */
function rule(alert: string, promql: string, forDuration: string, summary: string): HclValue {
  // A value under the key `expr` must not be a plain string: the writer would read it as an expression.
  return { alert, expr: tpl(promql), for: forDuration, labels: { severity: "page" }, annotations: { summary } };
}

/** The alert rules the design calls for. */
function rules(ctx: TfContext): HclValue[] {
  const out: HclValue[] = [];
  const m = entryMetrics(ctx);
  const latency = ctx.req.latency_p95_ms;
  const pct = ctx.req.latency_percentile;
  if (m !== null) {
    if (latency !== null)
      out.push(
        rule(
          "LatencyAboveTarget",
          `histogram_quantile(${quantile(pct)}, sum by (le) (rate(${m.histogram}[5m]))) > ${latency}`,
          "10m",
          `${pct} latency above the ${latency} ms target`,
        ),
      );
    out.push(rule("ErrorRateHigh", `(${m.errors}) > 0.01`, "5m", "More than 1% of requests fail (5xx)"));
  }
  if (ctx.has("ecs_fargate") || ctx.has("stream_consumer") || ctx.design.pattern === "kubernetes")
    out.push(
      rule(
        "ReplicasUnavailable",
        `kube_deployment_status_replicas_available{namespace="${APP_NS}"} < kube_deployment_spec_replicas{namespace="${APP_NS}"}`,
        "10m",
        "The service runs below its desired replicas",
      ),
    );
  if (ctx.has("kinesis"))
    out.push(
      rule(
        "ConsumerLagHigh",
        `sum by (consumergroup) (kafka_consumergroup_lag{topic="events"}) > ${Math.max(1000, (ctx.design.serving?.capacity_rps ?? 100) * 60)}`,
        "10m",
        `Stream consumers are more than a minute behind (latency target ${latency ?? "none"} ms at ${pct})`,
      ),
    );
  if (ctx.has("aws_batch") || ctx.has("model_monitor"))
    out.push(
      rule("JobFailed", `kube_job_status_failed{namespace="${APP_NS}"} > 0`, "0m", "A batch or monitoring job failed"),
    );
  if (ctx.has("cloudtrail"))
    out.push(
      rule(
        "AuditShippingFailing",
        "rate(fluentbit_output_errors_total[10m]) > 0",
        "15m",
        "API audit records are not reaching the locked bucket",
      ),
    );
  return out;
}

/** monitoring.tf: the stack, logs, scraping of the entry and the rules. */
export function monitoring(ctx: TfContext): HclBlockSpec[] {
  const ns = CHARTS.kube_prometheus_stack.namespace;
  const storage: Record<string, HclValue> = { resources: { requests: { storage: "100Gi" } } };
  if (ctx.has("kms")) storage.storageClassName = ENCRYPTED_CLASS;
  const out: HclBlockSpec[] = [
    release("kube_prometheus_stack", {
      values: {
        global: { imageRegistry: expr("var.image_registry") },
        prometheus: {
          prometheusSpec: {
            retention: "30d",
            ruleSelectorNilUsesHelmValues: false,
            serviceMonitorSelectorNilUsesHelmValues: false,
            podMonitorSelectorNilUsesHelmValues: false,
            storageSpec: { volumeClaimTemplate: { spec: storage } },
          },
        },
        alertmanager: {
          config: {
            global: {
              smtp_smarthost: expr("var.smtp_smarthost"),
              smtp_from: tpl("alertmanager@${var.region}.internal"),
              smtp_require_tls: true,
            },
            route: {
              receiver: "email",
              group_by: ["alertname", "namespace"],
              routes: [{ receiver: "null", matchers: ['alertname = "Watchdog"'] }],
            },
            receivers: [
              { name: "null" },
              { name: "email", email_configs: [{ to: expr("var.alert_email"), send_resolved: true }] },
            ],
          },
        },
      },
      dependsOn: ctx.has("kms") ? ["kubernetes_storage_class_v1.encrypted"] : undefined,
    }),
    release("loki", {
      values: {
        deploymentMode: "SingleBinary",
        global: { image: { registry: expr("var.image_registry") } },
        loki: {
          auth_enabled: false,
          commonConfig: { replication_factor: 1 },
          storage: { type: "filesystem" },
          schemaConfig: {
            configs: [
              {
                from: "2025-01-01",
                store: "tsdb",
                object_store: "filesystem",
                schema: "v13",
                index: { prefix: "index_", period: "24h" },
              },
            ],
          },
        },
        singleBinary: {
          replicas: 1,
          persistence: { size: "100Gi", ...(ctx.has("kms") ? { storageClass: ENCRYPTED_CLASS } : {}) },
        },
        read: { replicas: 0 },
        write: { replicas: 0 },
        backend: { replicas: 0 },
      },
      dependsOn: ["helm_release.kube_prometheus_stack"],
    }),
    release("fluent_bit", {
      name: "app_logs",
      namespace: ns,
      values: {
        image: { repository: tpl("${var.image_registry}/mirror/fluent/fluent-bit") },
        config: {
          outputs: `[OUTPUT]\n    Name loki\n    Match kube.*\n    Host loki.${ns}.svc\n    Port 3100\n    Labels job=fluent-bit, namespace=$kubernetes['namespace_name']\n`,
        },
      },
      dependsOn: ["helm_release.loki"],
    }),
  ];
  if (ctx.has("alb") || ctx.has("waf"))
    out.push(
      manifest(
        "envoy_metrics",
        "monitoring.coreos.com/v1",
        "PodMonitor",
        { name: "envoy-proxies", namespace: CHARTS.envoy_gateway.namespace },
        {
          spec: {
            selector: {
              matchLabels: { "app.kubernetes.io/component": "proxy", "app.kubernetes.io/managed-by": "envoy-gateway" },
            },
            podMetricsEndpoints: [{ port: "metrics", path: "/stats/prometheus" }],
          },
        },
        { dependsOn: ["helm_release.kube_prometheus_stack", "helm_release.envoy_gateway"] },
      ),
    );
  out.push(
    manifest(
      "alerts",
      "monitoring.coreos.com/v1",
      "PrometheusRule",
      { name: "service-alerts", namespace: ns },
      { spec: { groups: [{ name: "service", rules: rules(ctx) }] } },
      { dependsOn: ["helm_release.kube_prometheus_stack"] },
    ),
  );
  return out;
}
