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

/** Error and saturation alerts for the components the design has. */
function healthAlerts(ctx: TfContext): HclBlockSpec[] {
  const alerts: HclBlockSpec[] = [];
  if (ctx.has("api_gateway"))
    alerts.push(
      metricAlert(
        "api_5xx",
        ref("azurerm_api_management", "main"),
        {
          namespace: "Microsoft.ApiManagement/service",
          name: "Requests",
          aggregation: "Total",
          threshold: 5,
          dimension: ["GatewayResponseCodeCategory", "5XX"],
        },
        "Server errors on the API",
      ),
    );
  if (ctx.has("alb"))
    alerts.push(
      metricAlert(
        "gateway_unhealthy_hosts",
        ref("azurerm_application_gateway", "main"),
        {
          namespace: "Microsoft.Network/applicationGateways",
          name: "UnhealthyHostCount",
          aggregation: "Average",
          threshold: 0,
        },
        "The gateway sees unhealthy backends",
      ),
    );
  if (ctx.has("lambda"))
    alerts.push(
      metricAlert(
        "function_failures",
        ref("azurerm_application_insights", "main"),
        { namespace: "microsoft.insights/components", name: "requests/failed", aggregation: "Count", threshold: 5 },
        "Inference function failures",
      ),
    );
  for (const [id, app] of [
    ["ecs_fargate", "service"],
    ["stream_consumer", "consumer"],
  ] as const) {
    if (!ctx.has(id)) continue;
    const cores = quantity(ctx, id, 2) * (ctx.design.serving?.instance.startsWith("4 vCPU") === true ? 4 : 1);
    alerts.push(
      metricAlert(
        `${app}_cpu`,
        ref("azurerm_container_app", app),
        {
          namespace: "Microsoft.App/containerApps",
          name: "UsageNanoCores",
          aggregation: "Average",
          threshold: Math.round(cores * 0.85e9),
        },
        "Service CPU saturated",
      ),
    );
  }
  if (ctx.has("eks"))
    alerts.push(
      metricAlert(
        "nodes_cpu",
        ref("azurerm_kubernetes_cluster", "main"),
        {
          namespace: "Microsoft.ContainerService/managedClusters",
          name: "node_cpu_usage_percentage",
          aggregation: "Average",
          threshold: 85,
        },
        "Cluster nodes CPU saturated",
      ),
    );
  if (ctx.has("kinesis"))
    alerts.push(
      metricAlert(
        "stream_throttled",
        ref("azurerm_eventhub_namespace", "events"),
        { namespace: "Microsoft.EventHub/namespaces", name: "ThrottledRequests", aggregation: "Total", threshold: 0 },
        "Event Hubs is throttling producers or consumers",
      ),
    );
  if (ctx.has("step_functions"))
    alerts.push(
      metricAlert(
        "pipeline_failures",
        ref("azurerm_data_factory", "main"),
        {
          namespace: "Microsoft.DataFactory/factories",
          name: "PipelineFailedRuns",
          aggregation: "Total",
          threshold: 0,
        },
        "A batch scoring run failed",
      ),
    );
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
