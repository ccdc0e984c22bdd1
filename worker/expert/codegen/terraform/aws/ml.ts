/** ml.tf: the SageMaker role, the model registry, the scheduled training pipeline and model monitoring. */
import { attachment, role, rolePolicy, scheduledStart } from "./iam";
import type { TfContext } from "../context";

function sagemakerRole(): string {
  return `${role("sagemaker", "sagemaker.amazonaws.com")}

${attachment("sagemaker", `arn:aws:iam::aws:policy/AmazonSageMakerFullAccess`)}

${rolePolicy("sagemaker", "model-artifacts", [{ action: `["s3:GetObject", "s3:PutObject", "s3:ListBucket"]`, resource: `[aws_s3_bucket.models.arn, "\${aws_s3_bucket.models.arn}/*"]` }], { resource: "sagemaker_models" })}`;
}

/** ml.tf for the design, or nothing when it has no SageMaker part. */
export function mlTf(ctx: TfContext): string {
  const needsRole = ctx.has("sagemaker_endpoint") || ctx.has("sagemaker_training") || ctx.has("model_monitor");
  const parts: string[] = [];
  if (needsRole) parts.push(sagemakerRole());
  if (ctx.has("sagemaker_registry")) {
    parts.push(`resource "aws_sagemaker_model_package_group" "registry" {
  model_package_group_name        = "\${local.name}-models"
  model_package_group_description = "Approved model versions; deploys take the latest Approved package."
}`);
  }
  if (ctx.has("sagemaker_training")) {
    const schedule: Record<string, string> = {
      daily: "cron(0 3 * * ? *)",
      weekly: "cron(0 3 ? * SUN *)",
      monthly: "cron(0 3 1 * ? *)",
      continuous: "rate(6 hours)",
    };
    parts.push(`resource "aws_sagemaker_pipeline" "training" {
  pipeline_name         = "\${local.name}-training"
  pipeline_display_name = "\${local.name}-training"
  role_arn              = aws_iam_role.sagemaker.arn
  pipeline_definition = templatefile("\${path.module}/../../pipelines/training_pipeline.json", {
    role_arn      = aws_iam_role.sagemaker.arn
    model_bucket  = aws_s3_bucket.models.bucket
    image         = var.inference_image
    package_group = ${ctx.has("sagemaker_registry") ? "aws_sagemaker_model_package_group.registry.model_package_group_name" : `""`}
  })
}

${scheduledStart({
  roleName: "training_scheduler",
  policyName: "start-training",
  action: `"sagemaker:StartPipelineExecution"`,
  resource: "aws_sagemaker_pipeline.training.arn",
  schedule: "training",
  expression: schedule[ctx.req.training] ?? "cron(0 3 1 * ? *)",
  target: `"arn:aws:scheduler:::aws-sdk:sagemaker:startPipelineExecution"`,
  input: "jsonencode({ PipelineName = aws_sagemaker_pipeline.training.pipeline_name })",
})}`);
  }
  if (ctx.has("model_monitor") && ctx.has("sagemaker_endpoint")) {
    parts.push(`resource "aws_sagemaker_data_quality_job_definition" "monitor" {
  name     = "\${local.name}-data-quality"
  role_arn = aws_iam_role.sagemaker.arn

  data_quality_app_specification {
    image_uri = var.model_monitor_image
  }

  data_quality_job_input {
    endpoint_input {
      endpoint_name = aws_sagemaker_endpoint.main.name
    }
  }

  data_quality_job_output_config {
    monitoring_outputs {
      s3_output {
        s3_uri = "s3://\${aws_s3_bucket.models.bucket}/monitoring"
      }
    }
  }

  job_resources {
    cluster_config {
      instance_count    = 1
      instance_type     = "ml.m5.large"
      volume_size_in_gb = 20
    }
  }
}

resource "aws_sagemaker_monitoring_schedule" "monitor" {
  name = "\${local.name}-monitor"

  monitoring_schedule_config {
    monitoring_job_definition_name = aws_sagemaker_data_quality_job_definition.monitor.name
    monitoring_type                = "DataQuality"

    schedule_config {
      schedule_expression = "cron(0 * ? * * *)"
    }
  }
}`);
  }
  return parts.length === 0 ? "" : `${parts.join("\n\n")}\n`;
}
