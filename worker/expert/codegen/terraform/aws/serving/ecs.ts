/** Containers on ECS Fargate: the cluster, the load balancer and the service (or stream consumers). */
import { attachment, autoscaling, logGroup, role, securityGroup } from "../iam";
import type { TfContext } from "../../context";

/** The ECS cluster, its log group and the task roles. */
export function ecsCluster(ctx: TfContext): string {
  return `resource "aws_ecs_cluster" "main" {
  name = local.name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

${logGroup(ctx, "service", `/ecs/\${local.name}`)}

${role("task_execution", "ecs-tasks.amazonaws.com")}

${attachment("task_execution", `arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy`)}

${role("task", "ecs-tasks.amazonaws.com")}

resource "aws_iam_role_policy" "task" {
  name = "service-access"
  role = aws_iam_role.task.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [{
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = "\${aws_s3_bucket.models.arn}/*"
      }],${
        ctx.has("dynamodb")
          ? `
      [{
        Effect   = "Allow"
        Action   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"]
        Resource = aws_dynamodb_table.features.arn
      }],`
          : ""
      }${
        ctx.has("kinesis")
          ? `
      [{
        Effect   = "Allow"
        Action   = ["kinesis:SubscribeToShard", "kinesis:DescribeStreamSummary", "kinesis:ListShards", "kinesis:DescribeStreamConsumer"]
        Resource = [aws_kinesis_stream.events.arn, aws_kinesis_stream_consumer.scoring.arn]
      }],`
          : ""
      }${
        ctx.has("sagemaker_endpoint")
          ? `
      [{
        Effect   = "Allow"
        Action   = "sagemaker:InvokeEndpoint"
        Resource = aws_sagemaker_endpoint.main.arn
      }],`
          : ""
      }
      []
    )
  })
}`;
}

/** The Application Load Balancer, its listener and target group. */
export function albTf(ctx: TfContext): string {
  const internal = ctx.design.network.exposure === "private";
  const source = internal ? "var.allowed_cidrs" : `["0.0.0.0/0"]`;
  return `${securityGroup("alb", "HTTPS into the load balancer", [
    {
      kind: "ingress",
      description: `HTTPS from ${internal ? "private networks" : "the internet"}`,
      port: 443,
      cidrs: source,
    },
    { kind: "egress", description: "To the service tasks", port: 8080, cidrs: "[aws_vpc.main.cidr_block]" },
  ])}

resource "aws_lb" "service" {
  name                       = substr("\${local.name}-alb", 0, 32)
  internal                   = ${internal}
  load_balancer_type         = "application"
  security_groups            = [aws_security_group.alb.id]
  subnets                    = ${internal ? "aws_subnet.private[*].id" : "aws_subnet.public[*].id"}
  drop_invalid_header_fields = true
  enable_deletion_protection = true
}

resource "aws_lb_target_group" "service" {
  name        = substr("\${local.name}-tg", 0, 32)
  port        = 8080
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = aws_vpc.main.id

  health_check {
    path                = "/healthz"
    healthy_threshold   = 2
    unhealthy_threshold = 3
    interval            = 15
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.service.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.service.arn
  }
}`;
}

/** The Fargate service: the task definition, autoscaling, and the load balancer when `behindAlb`. */
export function ecsService(ctx: TfContext, behindAlb: boolean): string {
  const s = ctx.design.serving;
  const replicas =
    ctx.design.components.find((c) => c.id === (behindAlb ? "ecs_fargate" : "stream_consumer"))?.quantity ?? 2;
  const cpu = s?.instance.startsWith("4 vCPU") === true ? 4096 : 1024;
  const memory = cpu === 4096 ? 8192 : 2048;
  const env: string[] = [`{ name = "MODEL_URI", value = "s3://\${aws_s3_bucket.models.bucket}/current/model.json" }`];
  if (ctx.has("dynamodb")) env.push(`{ name = "FEATURE_TABLE", value = aws_dynamodb_table.features.name }`);
  if (ctx.has("kinesis")) {
    env.push(`{ name = "STREAM_ARN", value = aws_kinesis_stream.events.arn }`);
    env.push(`{ name = "STREAM_CONSUMER_ARN", value = aws_kinesis_stream_consumer.scoring.arn }`);
  }
  if (ctx.has("msk")) env.push(`{ name = "KAFKA_BROKERS", value = aws_msk_cluster.events.bootstrap_brokers_tls }`);
  if (ctx.has("sagemaker_endpoint"))
    env.push(`{ name = "SAGEMAKER_ENDPOINT", value = aws_sagemaker_endpoint.main.name }`);
  env.push(`{ name = "MODE", value = "${behindAlb ? "http" : "stream"}" }`);
  const lb = behindAlb
    ? `

  load_balancer {
    target_group_arn = aws_lb_target_group.service.arn
    container_name   = "service"
    container_port   = 8080
  }

  depends_on = [aws_lb_listener.https]`
    : "";
  const scalingMetric = behindAlb
    ? `predefined_metric_specification {
      predefined_metric_type = "ALBRequestCountPerTarget"
      resource_label         = "\${aws_lb.service.arn_suffix}/\${aws_lb_target_group.service.arn_suffix}"
    }
    target_value = ${Math.max(10, Math.round((s?.capacity_rps ?? 100) / Math.max(1, replicas)) * 60 * 0.7)}`
    : `predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
    target_value = 60`;
  return `resource "aws_ecs_task_definition" "service" {
  family                   = "\${local.name}-service"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = ${cpu}
  memory                   = ${memory}
  execution_role_arn       = aws_iam_role.task_execution.arn
  task_role_arn            = aws_iam_role.task.arn

  container_definitions = jsonencode([{
    name                   = "service"
    image                  = "\${aws_ecr_repository.service.repository_url}:\${var.image_tag}"
    essential              = true
    readonlyRootFilesystem = true
    portMappings           = [{ containerPort = 8080, protocol = "tcp" }]
    environment = [
      ${env.join(",\n      ")}
    ]
    healthCheck = {
      command  = ["CMD", "node", "dist/healthcheck.js"]
      interval = 15
      retries  = 3
    }
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.service.name
        awslogs-region        = var.region
        awslogs-stream-prefix = "service"
      }
    }
  }])
}

resource "aws_ecs_service" "service" {
  name            = "\${local.name}-service"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.service.arn
  desired_count   = ${replicas}
  launch_type     = "FARGATE"

  network_configuration {
    subnets          = aws_subnet.private[*].id
    security_groups  = [aws_security_group.service.id]
    assign_public_ip = false
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }${lb}
}

${autoscaling({
  name: "service",
  namespace: "ecs",
  resourceId: "service/${aws_ecs_cluster.main.name}/${aws_ecs_service.service.name}",
  dimension: "ecs:service:DesiredCount",
  min: replicas,
  max: replicas * 4,
  policySuffix: "scaling",
  config: scalingMetric,
})}`;
}
