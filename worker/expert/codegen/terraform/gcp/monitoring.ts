/** monitoring.tf: the alert email channel and alert policies on latency at the target percentile, errors and backlog. */
import type { TfContext } from "../context";
import { block, expr, renderHcl, resource, type HclBlockSpec } from "../hcl";
import { servesThroughLb } from "./root";

const QUANTILE: Record<string, number> = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 };

/** An alert policy on a PromQL condition, sent to the alert email. */
function promAlert(name: string, display: string, query: string, doc: string): HclBlockSpec {
  return resource(
    "google_monitoring_alert_policy",
    name,
    {
      display_name: expr(`"\${local.name} ${display}"`),
      combiner: "OR",
      severity: "WARNING",
      notification_channels: expr("[google_monitoring_notification_channel.email.id]"),
    },
    [
      block("conditions", { display_name: display }, [
        block("condition_prometheus_query_language", {
          query: expr(query),
          duration: "300s",
          evaluation_interval: "60s",
        }),
      ]),
      block("documentation", { content: doc, mime_type: "text/markdown" }),
      block("alert_strategy", { auto_close: "1800s" }),
    ],
  );
}

/** A PromQL selector, as an HCL string with interpolations: `metric{label="value", …}`. */
function select(metric: string, labels: Record<string, string>): string {
  return `${metric}{${Object.entries(labels)
    .map(([k, v]) => `${k}=\\"${v}\\"`)
    .join(", ")}}`;
}

/** The latency histogram at the requirement's percentile, above the target. */
function latencyAlert(ctx: TfContext, name: string, metric: string, labels: Record<string, string>): HclBlockSpec {
  const pct = ctx.req.latency_percentile;
  const target = ctx.req.latency_p95_ms ?? 1000;
  const q = QUANTILE[pct] ?? 0.95;
  return promAlert(
    name,
    `${pct} latency over ${target} ms`,
    `"histogram_quantile(${q}, sum by (le) (rate(${select(metric, labels)}[5m]))) > ${target}"`,
    `Requests are slower than the ${target} ms target at ${pct}. Check instance saturation and the model's inference time.`,
  );
}

/** The uptime check on the public name and the alert when it fails from several places. */
function uptime(): HclBlockSpec[] {
  return [
    resource(
      "google_monitoring_uptime_check_config",
      "service",
      { display_name: expr('"${local.name} health"'), timeout: "10s", period: "60s" },
      [
        block("http_check", { path: "/healthz", port: 443, use_ssl: true, validate_ssl: true }),
        block("monitored_resource", {
          type: "uptime_url",
          labels: { project_id: expr("data.google_project.current.project_id"), host: expr("var.service_domain") },
        }),
      ],
    ),
    resource(
      "google_monitoring_alert_policy",
      "uptime",
      {
        display_name: expr('"${local.name} health check failing"'),
        combiner: "OR",
        severity: "CRITICAL",
        notification_channels: expr("[google_monitoring_notification_channel.email.id]"),
      },
      [
        block("conditions", { display_name: "Health check failing" }, [
          block(
            "condition_threshold",
            {
              filter: expr(
                '"metric.type=\\"monitoring.googleapis.com/uptime_check/check_passed\\" AND resource.type=\\"uptime_url\\" AND metric.label.check_id=\\"${google_monitoring_uptime_check_config.service.uptime_check_id}\\""',
              ),
              comparison: "COMPARISON_GT",
              threshold_value: 1,
              duration: "60s",
            },
            [
              block("aggregations", {
                alignment_period: "60s",
                per_series_aligner: "ALIGN_NEXT_OLDER",
                cross_series_reducer: "REDUCE_COUNT_FALSE",
                group_by_fields: ["resource.label.*"],
              }),
            ],
          ),
        ]),
        block("documentation", {
          content: "The public health check fails from more than one location: fail over to the DR region.",
          mime_type: "text/markdown",
        }),
      ],
    ),
  ];
}

/** A latency histogram the design exposes, watched at the target percentile. */
interface LatencySignal {
  when: boolean;
  name: string;
  metric: string;
  labels: Record<string, string>;
}

/** A rate or level the design exposes, with its threshold in the query. */
interface LevelSignal {
  when: boolean;
  name: string;
  display: string;
  query: string;
  doc: string;
}

/** monitoring.tf for the design: an alert per signal its components expose. */
export function monitoring(ctx: TfContext): string {
  const run = ctx.has("lambda") || ctx.has("ecs_fargate") ? "service" : ctx.has("stream_consumer") ? "consumer" : null;
  const runName = `\${google_cloud_run_v2_service.${run ?? "service"}.name}`;
  const latencies: LatencySignal[] = [
    {
      when: run === "service",
      name: "service_latency",
      metric: "run_googleapis_com:request_latencies_bucket",
      labels: { monitored_resource: "cloud_run_revision", service_name: runName },
    },
    {
      when: servesThroughLb(ctx) || ctx.has("eks"),
      name: "lb_latency",
      metric: "loadbalancing_googleapis_com:https_total_latencies_bucket",
      labels: { monitored_resource: "https_lb_rule" },
    },
    {
      when: ctx.has("sagemaker_endpoint"),
      name: "model_latency",
      metric: "aiplatform_googleapis_com:prediction_online_prediction_latencies_bucket",
      labels: {
        monitored_resource: "aiplatform.googleapis.com/Endpoint",
        endpoint_id: "${google_vertex_ai_endpoint.main.name}",
      },
    },
  ];
  const levels: LevelSignal[] = [
    {
      when: run !== null,
      name: "service_errors",
      display: "5xx responses",
      query: `sum(rate(${select("run_googleapis_com:request_count", { monitored_resource: "cloud_run_revision", service_name: runName, response_code_class: "5xx" })}[5m])) > 0.1`,
      doc: "The service answers with server errors. Check its logs in Cloud Logging.",
    },
    {
      when: ctx.has("eks"),
      name: "node_cpu",
      display: "node CPU saturated",
      query: `avg(${select("kubernetes_io:node_cpu_allocatable_utilization", { monitored_resource: "k8s_node", cluster_name: "${google_container_cluster.main.name}" })}) > 0.85`,
      doc: "The model nodes are above 85% CPU: the autoscaler is at its limit or pods are mis-sized.",
    },
    {
      when: ctx.has("kinesis"),
      name: "stream_backlog",
      display: "consumers over a minute behind",
      query: `max(${select("pubsub_googleapis_com:subscription_oldest_unacked_message_age", { monitored_resource: "pubsub_subscription", subscription_id: "${google_pubsub_subscription.scoring.name}" })}) > 60`,
      doc: "The oldest unacknowledged event is over a minute old: scale the consumers.",
    },
    {
      when: ctx.has("step_functions"),
      name: "pipeline_failures",
      display: "batch scoring run failed",
      query: `sum(increase(${select("workflows_googleapis_com:finished_execution_count", { monitored_resource: "workflows.googleapis.com/Workflow", workflow_id: "${google_workflows_workflow.scoring.name}", status: "FAILED" })}[1h])) > 0`,
      doc: "A batch scoring run failed. See the workflow's executions and the Batch job's logs.",
    },
  ];
  return renderHcl([
    resource("google_monitoring_notification_channel", "email", {
      display_name: expr('"${local.name} alerts"'),
      type: "email",
      labels: { email_address: expr("var.alert_email") },
    }),
    ...latencies.filter((l) => l.when).map((l) => latencyAlert(ctx, l.name, l.metric, l.labels)),
    ...levels.filter((l) => l.when).map((l) => promAlert(l.name, l.display, `"${l.query}"`, l.doc)),
    ...(ctx.has("route53_failover") ? uptime() : []),
  ]);
}
