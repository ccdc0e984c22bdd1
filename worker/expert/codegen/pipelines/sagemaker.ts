/** The SageMaker pipeline definition for AWS designs (templated by Terraform's templatefile). */
import type { Design, GeneratedFile, Requirements } from "../../schema";
import { TRAINING_RUN } from "../../catalogue/sizing";

/** pipelines/training_pipeline.json: train, then register when the design has the registry. */
export function sagemakerPipeline(design: Design, req: Requirements): GeneratedFile {
  const run = TRAINING_RUN[req.model_size];
  const spot = design.directives.cost_level >= 1;
  const steps: Record<string, unknown>[] = [
    {
      Name: "Train",
      Type: "Training",
      Arguments: {
        AlgorithmSpecification: { TrainingImage: "${image}", TrainingInputMode: "File" },
        RoleArn: "${role_arn}",
        InputDataConfig: [
          {
            ChannelName: "train",
            DataSource: { S3DataSource: { S3DataType: "S3Prefix", S3Uri: { Get: "Parameters.InputData" } } },
          },
        ],
        OutputDataConfig: { S3OutputPath: "s3://${model_bucket}/training-output/" },
        ResourceConfig: {
          InstanceCount: 1,
          InstanceType: { Get: "Parameters.TrainingInstanceType" },
          VolumeSizeInGB: 50,
        },
        StoppingCondition: spot
          ? { MaxRuntimeInSeconds: run.hours * 7200, MaxWaitTimeInSeconds: run.hours * 10800 }
          : { MaxRuntimeInSeconds: run.hours * 7200 },
        EnableManagedSpotTraining: spot,
      },
    },
  ];
  if (design.components.some((c) => c.id === "sagemaker_registry")) {
    steps.push({
      Name: "Register",
      Type: "RegisterModel",
      Arguments: {
        ModelPackageGroupName: "${package_group}",
        ModelApprovalStatus: "PendingManualApproval",
        InferenceSpecification: {
          Containers: [{ Image: "${image}", ModelDataUrl: { Get: "Steps.Train.ModelArtifacts.S3ModelArtifacts" } }],
          SupportedContentTypes: ["application/json"],
          SupportedResponseMIMETypes: ["application/json"],
        },
      },
    });
  }
  const pipeline = {
    Version: "2020-12-01",
    Metadata: { generator: "reasonstream", model_size: req.model_size, frequency: req.training },
    Parameters: [
      { Name: "TrainingInstanceType", Type: "String", DefaultValue: run.instance },
      { Name: "InputData", Type: "String", DefaultValue: "s3://${model_bucket}/training-data/" },
    ],
    Steps: steps,
  };
  return { path: "pipelines/training_pipeline.json", content: `${JSON.stringify(pipeline, null, 2)}\n` };
}
