/** A SageMaker real-time endpoint for the registered model. */
import type { TfContext } from "../../context";
import { autoscaling } from "../iam";

/** The SageMaker model, endpoint configuration and endpoint. */
export function sagemakerEndpoint(ctx: TfContext): string {
  const spec = ctx.design.serving;
  const n = ctx.design.components.find((c) => c.id === "sagemaker_endpoint")?.quantity ?? 1;
  const isolated = ctx.req.classification === "restricted";
  return `resource "aws_sagemaker_model" "current" {
  name                     = "\${local.name}-model"
  execution_role_arn       = aws_iam_role.sagemaker.arn
  enable_network_isolation = ${isolated}

  primary_container {
    image          = var.inference_image
    model_data_url = "s3://\${aws_s3_bucket.models.bucket}/current/model.tar.gz"
  }${
    ctx.has("vpc")
      ? `

  vpc_config {
    subnets            = aws_subnet.private[*].id
    security_group_ids = [aws_security_group.service.id]
  }`
      : ""
  }
}

resource "aws_sagemaker_endpoint_configuration" "main" {
  name_prefix = "\${local.name}-"${ctx.has("kms") ? "\n  kms_key_arn = aws_kms_key.main.arn" : ""}

  production_variants {
    variant_name           = "primary"
    model_name             = aws_sagemaker_model.current.name
    initial_instance_count = ${n}
    instance_type          = "${(spec?.instance ?? "ml.m5.large").replace(/ .*$/, "")}"
  }

  data_capture_config {
    enable_capture              = true
    initial_sampling_percentage = 20
    destination_s3_uri          = "s3://\${aws_s3_bucket.models.bucket}/data-capture"

    capture_options {
      capture_mode = "Input"
    }

    capture_options {
      capture_mode = "Output"
    }
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_sagemaker_endpoint" "main" {
  name                 = "\${local.name}-endpoint"
  endpoint_config_name = aws_sagemaker_endpoint_configuration.main.name
}

${autoscaling({
  name: "endpoint",
  namespace: "sagemaker",
  resourceId: "endpoint/${aws_sagemaker_endpoint.main.name}/variant/primary",
  dimension: "sagemaker:variant:DesiredInstanceCount",
  min: n,
  max: n * 3,
  policySuffix: "endpoint-scaling",
  config: `predefined_metric_specification {
      predefined_metric_type = "SageMakerVariantInvocationsPerInstance"
    }
    target_value = ${Math.max(10, Math.round((spec?.capacity_rps ?? 100) / Math.max(1, n)) * 60 * 0.7)}`,
})}`;
}
