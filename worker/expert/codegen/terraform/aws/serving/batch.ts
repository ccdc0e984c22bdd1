/** Batch scoring: AWS Batch on Spot, the Step Functions run and its nightly schedule. */
import { attachment, logGroup, role, rolePolicy, scheduledStart } from "../iam";
import type { TfContext } from "../../context";

/** AWS Batch on Spot, the Step Functions scoring run and its nightly schedule. */
export function batchTf(ctx: TfContext): string {
  return `${role("batch_execution", "ecs-tasks.amazonaws.com")}

${attachment("batch_execution", `arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy`)}

${role("batch_job", "ecs-tasks.amazonaws.com")}

${rolePolicy("batch_job", "score-data", [{ action: `["s3:GetObject", "s3:PutObject", "s3:ListBucket"]`, resource: `[aws_s3_bucket.data.arn, "\${aws_s3_bucket.data.arn}/*", aws_s3_bucket.models.arn, "\${aws_s3_bucket.models.arn}/*"]` }])}

${logGroup(ctx, "batch", `/aws/batch/\${local.name}`)}

resource "aws_batch_compute_environment" "spot" {
  compute_environment_name = "\${local.name}-spot"
  type                     = "MANAGED"

  compute_resources {
    type               = "FARGATE_SPOT"
    max_vcpus          = 64
    subnets            = aws_subnet.private[*].id
    security_group_ids = [aws_security_group.service.id]
  }
}

resource "aws_batch_job_queue" "scoring" {
  name     = "\${local.name}-scoring"
  state    = "ENABLED"
  priority = 1

  compute_environment_order {
    order               = 1
    compute_environment = aws_batch_compute_environment.spot.arn
  }
}

resource "aws_batch_job_definition" "score" {
  name                  = "\${local.name}-score"
  type                  = "container"
  platform_capabilities = ["FARGATE"]

  retry_strategy {
    attempts = 3
  }

  container_properties = jsonencode({
    image            = "\${aws_ecr_repository.service.repository_url}:\${var.image_tag}"
    command          = ["node", "dist/batch.js"]
    executionRoleArn = aws_iam_role.batch_execution.arn
    jobRoleArn       = aws_iam_role.batch_job.arn
    resourceRequirements = [
      { type = "VCPU", value = "4" },
      { type = "MEMORY", value = "8192" }
    ]
    environment = [
      { name = "INPUT_URI", value = "s3://\${aws_s3_bucket.data.bucket}/input/" },
      { name = "OUTPUT_URI", value = "s3://\${aws_s3_bucket.data.bucket}/scores/" },
      { name = "MODEL_URI", value = "s3://\${aws_s3_bucket.models.bucket}/current/model.json" }
    ]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group  = aws_cloudwatch_log_group.batch.name
        awslogs-region = var.region
      }
    }
  })
}

${role("pipeline", "states.amazonaws.com")}

${rolePolicy("pipeline", "run-batch", [{ action: `["batch:SubmitJob", "batch:DescribeJobs", "batch:TerminateJob", "events:PutTargets", "events:PutRule", "events:DescribeRule"]`, resource: `"*"` }])}

resource "aws_sfn_state_machine" "scoring" {
  name     = "\${local.name}-scoring"
  role_arn = aws_iam_role.pipeline.arn
  definition = jsonencode({
    Comment = "Nightly batch scoring"
    StartAt = "Score"
    States = {
      Score = {
        Type     = "Task"
        Resource = "arn:aws:states:::batch:submitJob.sync"
        Parameters = {
          JobName       = "score"
          JobQueue      = aws_batch_job_queue.scoring.arn
          JobDefinition = aws_batch_job_definition.score.arn
        }
        Retry = [{ ErrorEquals = ["States.ALL"], MaxAttempts = 2, IntervalSeconds = 300 }]
        End   = true
      }
    }
  })
}

${scheduledStart({
  roleName: "scheduler",
  policyName: "start-pipeline",
  action: `"states:StartExecution"`,
  resource: "aws_sfn_state_machine.scoring.arn",
  schedule: "nightly",
  expression: "cron(0 2 * * ? *)",
  target: "aws_sfn_state_machine.scoring.arn",
})}`;
}
