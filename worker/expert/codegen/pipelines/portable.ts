/**
 * Training pipelines off AWS: a Vertex AI (KFP v2) pipeline spec on Google Cloud, an Azure ML
 * pipeline job on Azure, and an Argo WorkflowTemplate running a Kubeflow PyTorchJob on
 * self-hosted Kubernetes. Like the SageMaker definition they carry `${image}` and
 * `${model_bucket}` placeholders, rendered at submission (`envsubst`, see DEPLOYMENT.md).
 */
import type { Design, GeneratedFile, Requirements } from "../../schema";
import { trainingRun } from "../../catalogue/sizing";
import { slugify } from "../../text";

/** The machine type without the catalogue's parenthetical accelerator note. */
function machine(instance: string): string {
  return instance.split(" (")[0] ?? instance;
}

/** The accelerator count a catalogue instance names, e.g. "(4x L4)" or "1x L4 GPU share". */
function gpus(instance: string): number {
  const match = /(\d+)x\s/.exec(instance);
  return match === null ? 0 : Number(match[1]);
}

const registers = (design: Design) => design.components.some((c) => c.id === "sagemaker_registry");

/** pipelines/training_pipeline.json: a KFP v2 PipelineSpec for Vertex AI Pipelines. */
export function vertexPipeline(design: Design, req: Requirements): GeneratedFile {
  const run = trainingRun("gcp", req.model_size);
  const count = gpus(run.instance);
  const params = {
    input_data: { parameterType: "STRING", defaultValue: "gs://${model_bucket}/training-data/" },
    output_dir: { parameterType: "STRING", defaultValue: "gs://${model_bucket}/training-output/" },
  };
  const inputs = { parameters: { input_data: { parameterType: "STRING" }, output_dir: { parameterType: "STRING" } } };
  const wire = {
    parameters: {
      input_data: { componentInputParameter: "input_data" },
      output_dir: { componentInputParameter: "output_dir" },
    },
  };
  const resources: Record<string, unknown> = { cpuLimit: 4, memoryLimit: 16 };
  if (count > 0) resources.accelerator = { type: "NVIDIA_L4", count: String(count) };
  const tasks: Record<string, unknown> = {
    train: { taskInfo: { name: "train" }, componentRef: { name: "comp-train" }, inputs: wire },
  };
  const components: Record<string, unknown> = {
    "comp-train": { executorLabel: "exec-train", inputDefinitions: inputs },
  };
  const executors: Record<string, unknown> = {
    "exec-train": {
      container: {
        image: "${image}",
        command: ["node", "dist/train.js"],
        args: ["--data", "{{$.inputs.parameters['input_data']}}", "--out", "{{$.inputs.parameters['output_dir']}}"],
        resources,
      },
    },
  };
  if (registers(design)) {
    tasks.register = {
      taskInfo: { name: "register" },
      componentRef: { name: "comp-register" },
      dependentTasks: ["train"],
      inputs: { parameters: { output_dir: { componentInputParameter: "output_dir" } } },
    };
    components["comp-register"] = {
      executorLabel: "exec-register",
      inputDefinitions: { parameters: { output_dir: { parameterType: "STRING" } } },
    };
    executors["exec-register"] = {
      container: {
        image: "gcr.io/google.com/cloudsdktool/google-cloud-cli:stable",
        command: ["gcloud", "ai", "models", "upload"],
        args: [
          "--region=${region}",
          `--display-name=${slugify(req.project_name)}`,
          "--container-image-uri=${image}",
          "--artifact-uri={{$.inputs.parameters['output_dir']}}",
        ],
      },
    };
  }
  const spec = {
    pipelineInfo: { name: `${slugify(req.project_name)}-training` },
    sdkVersion: "kfp-2.7.0",
    schemaVersion: "2.1.0",
    // Machine type of the custom training step on Vertex AI: ${machine(run.instance)}.
    root: { inputDefinitions: { parameters: params }, dag: { tasks } },
    components,
    deploymentSpec: { executors },
  };
  return { path: "pipelines/training_pipeline.json", content: `${JSON.stringify(spec, null, 2)}\n` };
}

/** pipelines/training_pipeline.yml: an Azure ML pipeline job (`az ml job create --file`). */
export function azureMlPipeline(design: Design, req: Requirements): GeneratedFile {
  const run = trainingRun("azure", req.model_size);
  const name = slugify(req.project_name);
  const model = registers(design)
    ? `
  model:
    type: custom_model
    name: ${name}`
    : `
  model:
    type: uri_folder
    path: \${model_bucket}/training-output/`;
  const content = `$schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json
type: pipeline
display_name: ${name}-training
experiment_name: ${name}-training
description: Train on the data lake and ${registers(design) ? "register the model in the workspace registry" : "write the model to the artifact container"}.
settings:
  # The compute cluster's VM size is ${machine(run.instance)}${design.directives.cost_level >= 1 ? " on low-priority (Spot) nodes" : ""}.
  default_compute: azureml:\${compute_cluster}
inputs:
  training_data:
    type: uri_folder
    path: \${model_bucket}/training-data/
outputs:${model}
jobs:
  train:
    type: command
    environment:
      image: \${image}
    command: node dist/train.js --data \${{inputs.training_data}} --out \${{outputs.model}}
    inputs:
      training_data: \${{parent.inputs.training_data}}
    outputs:
      model: \${{parent.outputs.model}}
    limits:
      timeout: ${run.hours * 7200}
`;
  return { path: "pipelines/training_pipeline.yml", content };
}

/** pipelines/training_pipeline.yml: an Argo WorkflowTemplate that runs a Kubeflow PyTorchJob. */
export function kubeflowPipeline(design: Design, req: Requirements): GeneratedFile {
  const run = trainingRun("self_hosted", req.model_size);
  const name = slugify(req.project_name);
  const count = gpus(run.instance);
  const limits = count > 0 ? `nvidia.com/gpu: ${count}` : "cpu: 4\n                            memory: 16Gi";
  const register = registers(design)
    ? `
          - name: register
            template: register
            depends: train
    - name: register
      container:
        image: \${image}
        command: [node, dist/register.js]
        args: ["--from", "{{workflow.parameters.output_dir}}", "--name", "${name}"]
        env:
          - name: MLFLOW_TRACKING_URI
            value: http://mlflow.mlflow.svc:5000
          - name: S3_ENDPOINT
            value: \${s3_endpoint}`
    : "";
  const content = `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: ${name}-training
  namespace: training
spec:
  entrypoint: pipeline
  serviceAccountName: training
  arguments:
    parameters:
      - name: input_data
        value: s3://\${model_bucket}/training-data/
      - name: output_dir
        value: s3://\${model_bucket}/training-output/
  templates:
    - name: pipeline
      dag:
        tasks:
          - name: train
            template: train${register}
    - name: train
      activeDeadlineSeconds: ${run.hours * 7200}
      resource:
        action: create
        setOwnerReference: true
        successCondition: status.replicaStatuses.Master.succeeded > 0
        failureCondition: status.replicaStatuses.Master.failed > 0
        manifest: |
          apiVersion: kubeflow.org/v1
          kind: PyTorchJob
          metadata:
            generateName: ${name}-train-
          spec:
            pytorchReplicaSpecs:
              Master:
                replicas: 1
                restartPolicy: OnFailure
                template:
                  spec:
                    containers:
                      - name: pytorch
                        image: \${image}
                        args: ["--data", "{{workflow.parameters.input_data}}", "--out", "{{workflow.parameters.output_dir}}"]
                        env:
                          - name: S3_ENDPOINT
                            value: \${s3_endpoint}
                        resources:
                          limits:
                            ${limits}
`;
  return { path: "pipelines/training_pipeline.yml", content };
}
