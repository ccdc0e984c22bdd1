/** monitoring.tf: alarms on latency, errors and saturation, sent to the alert topic. */
import type { TfContext } from "../context";

/** A CloudWatch alarm on one metric, over five one-minute periods, sent to the alert topic. */
function alarm(
  name: string,
  namespace: string,
  metric: string,
  dims: string,
  stat: string,
  threshold: number,
  what: string,
): string {
  return `resource "aws_cloudwatch_metric_alarm" "${name}" {
  alarm_name          = "\${local.name}-${name.replace(/_/g, "-")}"
  alarm_description   = "${what}"
  namespace           = "${namespace}"
  metric_name         = "${metric}"
  ${stat.startsWith("p") ? `extended_statistic  = "${stat}"` : `statistic           = "${stat}"`}
  period              = 60
  evaluation_periods  = 5
  threshold           = ${threshold}
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alerts.arn]

  dimensions = {
    ${dims}
  }
}`;
}

/** monitoring.tf for the design: an alarm per signal its components expose. */
export function monitoring(ctx: TfContext): string {
  const latency = ctx.req.latency_p95_ms ?? 1000;
  // The alarms watch the percentile the target was stated at.
  const pct = ctx.req.latency_percentile;
  const alarms: string[] = [];
  if (ctx.has("api_gateway")) {
    alarms.push(
      alarm(
        "api_latency_p95",
        "AWS/ApiGateway",
        "Latency",
        `ApiName = aws_api_gateway_rest_api.main.name`,
        pct,
        latency,
        `${pct} latency above the ${latency} ms target`,
      ),
    );
    alarms.push(
      alarm(
        "api_5xx",
        "AWS/ApiGateway",
        "5XXError",
        `ApiName = aws_api_gateway_rest_api.main.name`,
        "Sum",
        5,
        "Server errors on the API",
      ),
    );
  }
  if (ctx.has("alb") && ctx.design.pattern === "containers") {
    alarms.push(
      alarm(
        "alb_latency_p95",
        "AWS/ApplicationELB",
        "TargetResponseTime",
        `LoadBalancer = aws_lb.service.arn_suffix`,
        pct,
        latency / 1000,
        `${pct} latency above the ${latency} ms target`,
      ),
    );
    alarms.push(
      alarm(
        "alb_5xx",
        "AWS/ApplicationELB",
        "HTTPCode_Target_5XX_Count",
        `LoadBalancer = aws_lb.service.arn_suffix`,
        "Sum",
        5,
        "Server errors from the service",
      ),
    );
  }
  if (ctx.has("sagemaker_endpoint")) {
    alarms.push(
      alarm(
        "model_latency_p95",
        "AWS/SageMaker",
        "ModelLatency",
        `EndpointName = aws_sagemaker_endpoint.main.name\n    VariantName  = "primary"`,
        pct,
        latency * 1000,
        "Model latency (microseconds) above target",
      ),
    );
  }
  if (ctx.has("kinesis")) {
    alarms.push(
      alarm(
        "stream_iterator_age",
        "AWS/Kinesis",
        "GetRecords.IteratorAgeMilliseconds",
        `StreamName = aws_kinesis_stream.events.name`,
        "Maximum",
        60000,
        "Consumers are more than a minute behind the stream",
      ),
    );
  }
  if (ctx.has("lambda")) {
    alarms.push(
      alarm(
        "lambda_errors",
        "AWS/Lambda",
        "Errors",
        `FunctionName = aws_lambda_function.inference.function_name`,
        "Sum",
        5,
        "Inference function errors",
      ),
    );
  }
  if (ctx.has("aws_batch")) {
    alarms.push(
      alarm(
        "pipeline_failures",
        "AWS/States",
        "ExecutionsFailed",
        `StateMachineArn = aws_sfn_state_machine.scoring.arn`,
        "Sum",
        0,
        "A batch scoring run failed",
      ),
    );
  }
  if (ctx.has("ecs_fargate") || ctx.has("stream_consumer")) {
    alarms.push(
      alarm(
        "service_cpu",
        "AWS/ECS",
        "CPUUtilization",
        `ClusterName = aws_ecs_cluster.main.name\n    ServiceName = aws_ecs_service.service.name`,
        "Average",
        85,
        "Service CPU saturated",
      ),
    );
  }
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
