/** AWS: OIDC into a deploy role, ECR, EKS, S3 state, and the AWS SDK in the service. */
import { DYNAMODB_FEATURES } from "../runtime/features";
import { S3_STORAGE } from "../runtime/storage";
import { KINESIS_STREAM, kafkaStream } from "../runtime/streams";
import { sagemakerPipeline } from "../pipelines/sagemaker";
import { ALB_INGRESS } from "./ingress";
import type { CodegenTarget } from "./types";

export const aws: CodegenTarget = {
  ci: {
    runsOn: "ubuntu-latest",
    oidc: true,
    permissionsNote: "OIDC: the deploy job assumes an AWS role; no long-lived keys are stored in GitHub.",
    auth: (region) => `      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: \${{ vars.AWS_DEPLOY_ROLE_ARN }}
          aws-region: ${region}`,
    registryLogin: () => `      - name: Log in to ECR
        uses: aws-actions/amazon-ecr-login@v2`,
    clusterCredentials: (region) => `      - name: Cluster credentials (EKS)
        run: aws eks update-kubeconfig --name "\${{ steps.tf.outputs.cluster_name }}" --region ${region}`,
    env: {},
    variables: () => [{ name: "AWS_DEPLOY_ROLE_ARN", what: "the IAM role GitHub's OIDC provider may assume" }],
    secrets: () => [],
  },
  k8s: ALB_INGRESS,
  state: {
    type: "s3",
    config: (region) => [
      "bucket={TF_STATE_BUCKET}",
      "key={PROJECT}/terraform.tfstate",
      `region=${region}`,
      "use_lockfile=true",
    ],
    bootstrap: (
      region,
    ) => `aws s3api create-bucket --bucket "{TF_STATE_BUCKET}" --region ${region}${region === "us-east-1" ? "" : ` --create-bucket-configuration LocationConstraint=${region}`}
aws s3api put-bucket-versioning --bucket "{TF_STATE_BUCKET}" --versioning-configuration Status=Enabled
aws s3api put-bucket-encryption --bucket "{TF_STATE_BUCKET}" --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms"}}]}'`,
  },
  docs: {
    cli: "AWS CLI v2",
    prerequisites: [
      "An AWS account with GitHub's OIDC provider (`token.actions.githubusercontent.com`) and a deploy role that trusts this repository (`AWS_DEPLOY_ROLE_ARN`)",
      "An S3 bucket for Terraform state (`TF_STATE_BUCKET`), versioned and encrypted (below)",
    ],
    upload: "aws s3 cp model.json s3://$(terraform output -raw model_bucket)/current/model.json",
    exampleBucket: "your-bucket",
    modelUri: (bucket, key) => `s3://${bucket}/${key}`,
    encryption: (kms) => (kms ? "customer-managed AWS KMS key" : "AWS-managed keys"),
    privateLink: "PrivateLink",
    alarms: "CloudWatch alarms through SNS",
    budget: (usd) => `An AWS Budgets alert fires at 80% of ${usd}/month.`,
    audit: (on) =>
      on
        ? "CloudTrail writes to an object-locked bucket; do not shorten its retention."
        : "enable CloudTrail if the data's classification rises.",
    pipelineRun:
      '# Terraform creates the SageMaker pipeline <project>-prod-training from pipelines/training_pipeline.json (on the schedule the design trains at); start a run now:\naws sagemaker start-pipeline-execution --pipeline-name "{PROJECT}-prod-training"',
    restore: "S3 versioning",
  },
  service: {
    storage: S3_STORAGE,
    stream: (kafka) => (kafka ? kafkaStream("MSK", null) : KINESIS_STREAM),
    features: DYNAMODB_FEATURES,
    lambda: true,
    consumerEnv: (kafka) =>
      kafka ? "KAFKA_BROKERS=… KAFKA_TOPIC=… FEATURE_TABLE=…" : "STREAM_ARN=… STREAM_CONSUMER_ARN=… FEATURE_TABLE=…",
  },
  pipeline: sagemakerPipeline,
};
