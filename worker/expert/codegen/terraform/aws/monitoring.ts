/** monitoring.tf: alarms on latency, errors and saturation, sent to the alert topic. */
import type { TfContext } from "../context";

/** One CloudWatch alarm: the metric, its dimensions (HCL lines), the statistic and the threshold. */
interface Alarm {
  name: string;
  namespace: string;
  metric: string;
  dims: string;
  stat: string;
  threshold: number;
  what: string;
}

/** The alarm over five one-minute periods, sent to the alert topic. */
function alarm(a: Alarm): string {
  return `resource "aws_cloudwatch_metric_alarm" "${a.name}" {
  alarm_name          = "\${local.name}-${a.name.replace(/_/g, "-")}"
  alarm_description   = "${a.what}"
  namespace           = "${a.namespace}"
  metric_name         = "${a.metric}"
  ${a.stat.startsWith("p") ? `extended_statistic  = "${a.stat}"` : `statistic           = "${a.stat}"`}
  period              = 60
  evaluation_periods  = 5
  threshold           = ${a.threshold}
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alerts.arn]

  dimensions = {
    ${a.dims}
  }
}`;
}

/** The alarms each component's signals call for, in the order they are written. */
function alarmsFor(ctx: TfContext): Alarm[] {
  const latency = ctx.req.latency_p95_ms ?? 1000;
  // The alarms watch the percentile the target was stated at.
  const pct = ctx.req.latency_percentile;
  const slow = `${pct} latency above the ${latency} ms target`;
  const api = "ApiName = aws_api_gateway_rest_api.main.name";
  const lb = "LoadBalancer = aws_lb.service.arn_suffix";
  const rows: [boolean, Omit<Alarm, "stat" | "threshold">, string, number][] = [
    [
      ctx.has("api_gateway"),
      { name: "api_latency_p95", namespace: "AWS/ApiGateway", metric: "Latency", dims: api, what: slow },
      pct,
      latency,
    ],
    [
      ctx.has("api_gateway"),
      { name: "api_5xx", namespace: "AWS/ApiGateway", metric: "5XXError", dims: api, what: "Server errors on the API" },
      "Sum",
      5,
    ],
    [
      ctx.has("alb") && ctx.design.pattern === "containers",
      { name: "alb_latency_p95", namespace: "AWS/ApplicationELB", metric: "TargetResponseTime", dims: lb, what: slow },
      pct,
      latency / 1000,
    ],
    [
      ctx.has("alb") && ctx.design.pattern === "containers",
      {
        name: "alb_5xx",
        namespace: "AWS/ApplicationELB",
        metric: "HTTPCode_Target_5XX_Count",
        dims: lb,
        what: "Server errors from the service",
      },
      "Sum",
      5,
    ],
    [
      ctx.has("sagemaker_endpoint"),
      {
        name: "model_latency_p95",
        namespace: "AWS/SageMaker",
        metric: "ModelLatency",
        dims: `EndpointName = aws_sagemaker_endpoint.main.name\n    VariantName  = "primary"`,
        what: "Model latency (microseconds) above target",
      },
      pct,
      latency * 1000,
    ],
    [
      ctx.has("kinesis"),
      {
        name: "stream_iterator_age",
        namespace: "AWS/Kinesis",
        metric: "GetRecords.IteratorAgeMilliseconds",
        dims: "StreamName = aws_kinesis_stream.events.name",
        what: "Consumers are more than a minute behind the stream",
      },
      "Maximum",
      60000,
    ],
    [
      ctx.has("lambda"),
      {
        name: "lambda_errors",
        namespace: "AWS/Lambda",
        metric: "Errors",
        dims: "FunctionName = aws_lambda_function.inference.function_name",
        what: "Inference function errors",
      },
      "Sum",
      5,
    ],
    [
      ctx.has("aws_batch"),
      {
        name: "pipeline_failures",
        namespace: "AWS/States",
        metric: "ExecutionsFailed",
        dims: "StateMachineArn = aws_sfn_state_machine.scoring.arn",
        what: "A batch scoring run failed",
      },
      "Sum",
      0,
    ],
    [
      ctx.has("ecs_fargate") || ctx.has("stream_consumer"),
      {
        name: "service_cpu",
        namespace: "AWS/ECS",
        metric: "CPUUtilization",
        dims: "ClusterName = aws_ecs_cluster.main.name\n    ServiceName = aws_ecs_service.service.name",
        what: "Service CPU saturated",
      },
      "Average",
      85,
    ],
  ];
  return rows.filter(([on]) => on).map(([, a, stat, threshold]) => ({ ...a, stat, threshold }));
}

/** monitoring.tf for the design: the alert topic, the budget and an alarm per signal its components expose. */
export function monitoring(ctx: TfContext): string {
  const alarms = alarmsFor(ctx).map(alarm);
  return `resource "aws_sns_topic" "alerts" {
  name = "\${local.name}-alerts"${ctx.has("kms") ? "\n  kms_master_key_id = aws_kms_key.main.id" : ""}
}

resource "aws_sns_topic_subscription" "email" {
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "email"
  endpoint  = var.alert_email
}

resource "aws_budgets_budget" "monthly" {
  name         = "\${local.name}-monthly"
  budget_type  = "COST"
  limit_amount = "${Math.max(1, Math.round(ctx.req.budget_usd ?? ctx.design.estimates.monthly_usd * 1.2))}"
  limit_unit   = "USD"
  time_unit    = "MONTHLY"

  notification {
    comparison_operator        = "GREATER_THAN"
    threshold                  = 80
    threshold_type             = "PERCENTAGE"
    notification_type          = "FORECASTED"
    subscriber_email_addresses = [var.alert_email]
  }
}

${alarms.join("\n\n")}
`;
}
