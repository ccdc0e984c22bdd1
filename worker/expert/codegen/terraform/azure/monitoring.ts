/**
 * monitoring.tf: the Log Analytics workspace everything logs to, the alert action group
 * (the alert email), a budget, and alerts on latency at the requirement's percentile,
 * errors and saturation for the components the design has.
 */
import type { TfContext } from "../context";
import { block, expr, renderHcl, resource, type HclBlockSpec, type HclValue } from "../hcl";
import { hasWorkspace } from "./ml";
import { LOCATION, placed, quantity, RG, ref, tpl } from "./blocks";

const ACTION = block("action", { action_group_id: ref("azurerm_monitor_action_group", "alerts") });

/** A metric alert on one resource's metric over five minutes, sent to the alert email. */
function metricAlert(
  name: string,
  scope: HclValue,
  metric: { namespace: string; name: string; aggregation: string; threshold: number; dimension?: [string, string] },
  description: string,
): HclBlockSpec {
  const criteria = block(
    "criteria",
    {
      metric_namespace: metric.namespace,
      metric_name: metric.name,
      aggregation: metric.aggregation,
      operator: "GreaterThan",
      threshold: metric.threshold,
    },
    metric.dimension === undefined
      ? []
      : [block("dimension", { name: metric.dimension[0], operator: "Include", values: [metric.dimension[1]] })],
  );
  return resource(
    "azurerm_monitor_metric_alert",
    name,
    {
      name: tpl(`\${local.name}-${name.replace(/_/g, "-")}`),
      resource_group_name: RG,
      scopes: [scope],
      description,
      severity: 2,
      frequency: "PT1M",
      window_size: "PT5M",
      tags: expr("local.tags"),
    },
    [criteria, ACTION],
  );
}

/** A log alert: a query over the workspace returning `value` per five-minute bin, above `threshold`. */
function logAlert(name: string, query: string, threshold: number, description: string): HclBlockSpec {
  return resource(
    "azurerm_monitor_scheduled_query_rules_alert_v2",
    name,
    {
      name: tpl(`\${local.name}-${name.replace(/_/g, "-")}`),
      resource_group_name: RG,
      location: LOCATION,
      scopes: [ref("azurerm_log_analytics_workspace", "main")],
      description,
      severity: 2,
      evaluation_frequency: "PT5M",
      window_duration: "PT5M",
      tags: expr("local.tags"),
    },
    [
      block(
        "criteria",
        {
          query,
          time_aggregation_method: "Maximum",
          metric_measure_column: "value",
          operator: "GreaterThan",
          threshold,
        },
        [block("failing_periods", { minimum_failing_periods_to_trigger_alert: 2, number_of_evaluation_periods: 3 })],
      ),
      block("action", { action_groups: [ref("azurerm_monitor_action_group", "alerts")] }),
    ],
  );
}

/** The percentile as Kusto's `percentile()` takes it: p95 → 95. */
function kustoPercentile(pct: string): number {
  return Number(pct.slice(1));
}

/** Latency alerts at the requirement's percentile, from each request path the design has. */
function latencyAlerts(ctx: TfContext): HclBlockSpec[] {
  const target = ctx.req.latency_p95_ms;
  if (target === null) return [];
  const pct = ctx.req.latency_percentile;
  const n = kustoPercentile(pct);
  const what = `${pct} latency above the ${target} ms target`;
  const alerts: HclBlockSpec[] = [];
  if (ctx.has("api_gateway"))
    alerts.push(
      logAlert(
        "api_latency",
        `ApiManagementGatewayLogs | summarize value = percentile(TotalTime, ${n}) by bin(TimeGenerated, 5m)`,
        target,
        `API ${what}`,
      ),
    );
  if (ctx.has("alb"))
    alerts.push(
      logAlert(
        "gateway_latency",
        `AzureDiagnostics | where Category == "ApplicationGatewayAccessLog" | summarize value = percentile(timeTaken_d, ${n}) * 1000 by bin(TimeGenerated, 5m)`,
        target,
        `Application Gateway ${what}`,
      ),
    );
  if (ctx.has("sagemaker_endpoint"))
    alerts.push(
      metricAlert(
        "endpoint_latency",
        ref("azapi_resource", "online_endpoint"),
        {
          namespace: "Microsoft.MachineLearningServices/workspaces/onlineEndpoints",
          name: `RequestLatency_P${n}`,
          aggregation: "Average",
          threshold: target,
        },
        `Online endpoint ${what}`,
      ),
    );
  return alerts;
}

/** A metric to alert on: the component that exposes it, the resource and the metric. */
type Health = [
  id: string,
  name: string,
  target: [string, string],
  ns: string,
  metric: string,
  agg: string,
  max: number,
  what: string,
];

/** Error and saturation signals, one row per component that exposes one. */
const HEALTH: Health[] = [
  [
    "api_gateway",
    "api_5xx",
    ["azurerm_api_management", "main"],
    "Microsoft.ApiManagement/service",
    "Requests",
    "Total",
    5,
    "Server errors on the API",
  ],
  [
    "alb",
    "gateway_unhealthy_hosts",
    ["azurerm_application_gateway", "main"],
    "Microsoft.Network/applicationGateways",
    "UnhealthyHostCount",
    "Average",
    0,
    "The gateway sees unhealthy backends",
  ],
  [
    "lambda",
    "function_failures",
    ["azurerm_application_insights", "main"],
    "microsoft.insights/components",
    "requests/failed",
    "Count",
    5,
    "Inference function failures",
  ],
  [
    "eks",
    "nodes_cpu",
    ["azurerm_kubernetes_cluster", "main"],
    "Microsoft.ContainerService/managedClusters",
    "node_cpu_usage_percentage",
    "Average",
    85,
    "Cluster nodes CPU saturated",
  ],
  [
    "kinesis",
    "stream_throttled",
    ["azurerm_eventhub_namespace", "events"],
    "Microsoft.EventHub/namespaces",
    "ThrottledRequests",
    "Total",
    0,
    "Event Hubs is throttling producers or consumers",
  ],
  [
    "step_functions",
    "pipeline_failures",
    ["azurerm_data_factory", "main"],
    "Microsoft.DataFactory/factories",
    "PipelineFailedRuns",
    "Total",
    0,
    "A batch scoring run failed",
  ],
];

/** Error and saturation alerts for the components the design has. */
function healthAlerts(ctx: TfContext): HclBlockSpec[] {
  const alerts = HEALTH.filter(([id]) => ctx.has(id)).map(
    ([, name, [type, res], namespace, metric, aggregation, threshold, what]) =>
      metricAlert(
        name,
        ref(type, res),
        {
          namespace,
          name: metric,
          aggregation,
          threshold,
          dimension: name === "api_5xx" ? ["GatewayResponseCodeCategory", "5XX"] : undefined,
        },
        what,
      ),
  );
  const cores = ctx.design.serving?.instance.startsWith("4 vCPU") === true ? 4 : 1;
  for (const [id, app] of [
    ["ecs_fargate", "service"],
    ["stream_consumer", "consumer"],
  ] as const) {
    if (!ctx.has(id)) continue;
    const metric = { namespace: "Microsoft.App/containerApps", name: "UsageNanoCores", aggregation: "Average" };
    const threshold = Math.round(quantity(ctx, id, 2) * cores * 0.85e9);
    alerts.push(
      metricAlert(`${app}_cpu`, ref("azurerm_container_app", app), { ...metric, threshold }, "Service CPU saturated"),
    );
  }
  return alerts;
}

/** monitoring.tf for the design. */
export function monitoring(ctx: TfContext): string {
  const years = ctx.req.compliance.includes("SOX") || ctx.req.compliance.includes("HIPAA") ? 2 : 0;
  const budget = Math.max(1, Math.round(ctx.req.budget_usd ?? ctx.design.estimates.monthly_usd * 1.2));
  const blocks: HclBlockSpec[] = [
    placed("azurerm_log_analytics_workspace", "main", "logs", {
      sku: "PerGB2018",
      retention_in_days: years > 0 ? 730 : 90,
    }),
    resource(
      "azurerm_monitor_action_group",
      "alerts",
      {
        name: tpl("${local.name}-alerts"),
        resource_group_name: RG,
        short_name: "mlalerts",
        tags: expr("local.tags"),
      },
      [
        block("email_receiver", {
          name: "on-call",
          email_address: expr("var.alert_email"),
          use_common_alert_schema: true,
        }),
      ],
    ),
    resource(
      "azurerm_consumption_budget_resource_group",
      "monthly",
      {
        name: tpl("${local.name}-monthly"),
        resource_group_id: ref("azurerm_resource_group", "main"),
        amount: budget,
        time_grain: "Monthly",
      },
      [
        block("time_period", { start_date: expr(`formatdate("YYYY-MM-01'T'00:00:00Z", timestamp())`) }),
        block("notification", {
          enabled: true,
          threshold: 80,
          operator: "GreaterThan",
          threshold_type: "Forecasted",
          contact_emails: [expr("var.alert_email")],
        }),
        block("lifecycle", { ignore_changes: [expr("time_period")] }),
      ],
    ),
  ];
  if (ctx.has("lambda") || hasWorkspace(ctx))
    blocks.push(
      placed("azurerm_application_insights", "main", "insights", {
        workspace_id: ref("azurerm_log_analytics_workspace", "main"),
        application_type: "web",
      }),
    );
  return renderHcl([...blocks, ...latencyAlerts(ctx), ...healthAlerts(ctx)]);
}
