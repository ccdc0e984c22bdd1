/** Serverless serving: the model function and the API Gateway in front of it (or of a SageMaker endpoint). */
import { attachment, logGroup, role, rolePolicy } from "../iam";
import type { TfContext } from "../../context";

/** A resource on the API's POST /predict method: its three references, then `lines`. */
function onPredict(type: string, name: string, lines: string[]): string {
  const on = [
    "rest_api_id = aws_api_gateway_rest_api.main.id",
    "resource_id = aws_api_gateway_resource.predict.id",
    "http_method = aws_api_gateway_method.predict.http_method",
  ];
  return `resource "${type}" "${name}" {\n${[...on, ...lines].map((l) => `  ${l}`).join("\n")}\n}`;
}

/** The model function, its role and, when asked, provisioned concurrency. */
export function lambdaServing(ctx: TfContext): string {
  const inVpc = ctx.design.network.private_networking;
  const memory = ctx.req.model_size === "small" ? 1024 : 3008;
  const provisioned = ctx.has("lambda_provisioned")
    ? `

resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.inference.function_name
  function_version = aws_lambda_function.inference.version
}

resource "aws_lambda_provisioned_concurrency_config" "live" {
  function_name                     = aws_lambda_function.inference.function_name
  qualifier                         = aws_lambda_alias.live.name
  provisioned_concurrent_executions = 2
}`
    : "";
  return `${role("lambda", "lambda.amazonaws.com")}

${attachment("lambda_logs", `arn:aws:iam::aws:policy/service-role/${inVpc ? "AWSLambdaVPCAccessExecutionRole" : "AWSLambdaBasicExecutionRole"}`, "lambda")}

${rolePolicy("lambda", "read-models", [{ action: `["s3:GetObject"]`, resource: `"\${aws_s3_bucket.models.arn}/*"` }], { resource: "lambda_models" })}

resource "aws_lambda_function" "inference" {
  function_name = "\${local.name}-inference"
  role          = aws_iam_role.lambda.arn
  package_type  = "Image"
  image_uri     = "\${aws_ecr_repository.service.repository_url}:\${var.image_tag}"
  memory_size   = ${memory}
  timeout       = 30
  publish       = true${ctx.has("kms") ? "\n  kms_key_arn   = aws_kms_key.main.arn" : ""}

  environment {
    variables = {
      MODEL_URI = "s3://\${aws_s3_bucket.models.bucket}/current/model.json"
    }
  }

  tracing_config {
    mode = "Active"
  }${
    inVpc
      ? `

  vpc_config {
    subnet_ids         = aws_subnet.private[*].id
    security_group_ids = [aws_security_group.service.id]
  }`
      : ""
  }
}${provisioned}`;
}

/** A REST API with a /predict route to the Lambda or the SageMaker endpoint. */
export function apiGateway(ctx: TfContext, target: "lambda" | "sagemaker"): string {
  const isPrivate = ctx.design.network.exposure === "private";
  const endpoint = isPrivate
    ? `
  endpoint_configuration {
    types            = ["PRIVATE"]
    vpc_endpoint_ids = [aws_vpc_endpoint.interface["execute-api"].id]
  }

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = "*"
        Action    = "execute-api:Invoke"
        Resource  = "execute-api:/*"
      },
      {
        Effect    = "Deny"
        Principal = "*"
        Action    = "execute-api:Invoke"
        Resource  = "execute-api:/*"
        Condition = { StringNotEquals = { "aws:SourceVpce" = aws_vpc_endpoint.interface["execute-api"].id } }
      }
    ]
  })`
    : `
  endpoint_configuration {
    types = ["REGIONAL"]
  }`;
  const integration =
    target === "lambda"
      ? `${onPredict("aws_api_gateway_integration", "predict", ['integration_http_method = "POST"', 'type = "AWS_PROXY"', "uri = aws_lambda_function.inference.invoke_arn"])}

resource "aws_lambda_permission" "api" {
  statement_id  = "AllowApiGatewayInvoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.inference.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "\${aws_api_gateway_rest_api.main.execution_arn}/*/*"
}`
      : `${role("apigw_sagemaker", "apigateway.amazonaws.com", "apigw-invoke")}

${rolePolicy("apigw_sagemaker", "invoke-endpoint", [{ action: `"sagemaker:InvokeEndpoint"`, resource: `aws_sagemaker_endpoint.main.arn` }])}

${onPredict("aws_api_gateway_integration", "predict", [
  'integration_http_method = "POST"',
  'type = "AWS"',
  'uri = "arn:aws:apigateway:${var.region}:runtime.sagemaker:path//endpoints/${aws_sagemaker_endpoint.main.name}/invocations"',
  "credentials = aws_iam_role.apigw_sagemaker.arn",
])}

${onPredict("aws_api_gateway_method_response", "ok", ['status_code = "200"'])}

${onPredict("aws_api_gateway_integration_response", "ok", [
  "status_code = aws_api_gateway_method_response.ok.status_code",
  "depends_on = [aws_api_gateway_integration.predict]",
])}`;
  return `resource "aws_api_gateway_rest_api" "main" {
  name        = "\${local.name}-api"
  description = "Prediction API"
${endpoint}
}

resource "aws_api_gateway_resource" "predict" {
  rest_api_id = aws_api_gateway_rest_api.main.id
  parent_id   = aws_api_gateway_rest_api.main.root_resource_id
  path_part   = "predict"
}

resource "aws_api_gateway_method" "predict" {
  rest_api_id   = aws_api_gateway_rest_api.main.id
  resource_id   = aws_api_gateway_resource.predict.id
  http_method   = "POST"
  authorization = "AWS_IAM"
}

${integration}

resource "aws_api_gateway_deployment" "main" {
  rest_api_id = aws_api_gateway_rest_api.main.id

  triggers = {
    redeployment = sha1(jsonencode([aws_api_gateway_resource.predict.id, aws_api_gateway_method.predict.id, aws_api_gateway_integration.predict.id]))
  }

  lifecycle {
    create_before_destroy = true
  }

  depends_on = [aws_api_gateway_integration.predict]
}

${logGroup(ctx, "api", `/aws/apigateway/\${local.name}`)}

resource "aws_api_gateway_stage" "main" {
  rest_api_id          = aws_api_gateway_rest_api.main.id
  deployment_id        = aws_api_gateway_deployment.main.id
  stage_name           = var.environment
  xray_tracing_enabled = true

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api.arn
    format = jsonencode({
      requestId = "$context.requestId"
      status    = "$context.status"
      latency   = "$context.responseLatency"
      ip        = "$context.identity.sourceIp"
    })
  }
}`;
}
