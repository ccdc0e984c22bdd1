/**
 * What differs per target in the generated CI, guides and service: one table per cloud
 * (aws.ts, gcp.ts, azure.ts, self-hosted.ts), read by ci.ts, docs.ts and service.ts.
 *
 * Shell and backend templates name repository variables as `{NAME}`: the workflow renders
 * them as `${{ vars.NAME }}`, the guide as `$NAME` (and `{PROJECT}` as the project name).
 */
import type { Design, GeneratedFile, Requirements } from "../../schema";

/** A GitHub repository variable or secret the workflow reads, and what to put in it. */
export interface RepoSetting {
  name: string;
  what: string;
}

/** How the deploy job reaches the target. */
export interface CiTarget {
  /** The runner the deploy job runs on. */
  runsOn: string;
  /** The deploy job federates GitHub's OIDC token (needs `id-token: write`). */
  oidc: boolean;
  /** The comment above the workflow's permissions. */
  permissionsNote: string;
  /** Steps (YAML, six-space indent) that authenticate the deploy job. */
  auth(region: string): string;
  /** The step that logs Docker in to the registry; `$REGISTRY` is the image repository's host. */
  registryLogin(region: string): string;
  /** Steps that write the kubeconfig of the cluster named `${{ steps.tf.outputs.cluster_name }}`. */
  clusterCredentials(region: string): string;
  /** Job-level environment the Terraform provider and backend read. */
  env: Record<string, string>;
  /** Repository variables the deploy job reads, beyond PROJECT and the Terraform inputs. */
  variables(has: (id: string) => boolean): RepoSetting[];
  /** Repository secrets the deploy job reads. */
  secrets(has: (id: string) => boolean): RepoSetting[];
}

/** The Terraform state backend. */
export interface StateBackend {
  /** The backend type in versions.tf. */
  type: "s3" | "gcs" | "azurerm" | "kubernetes";
  /** `-backend-config` pairs, with `{NAME}` placeholders. */
  config(region: string): string[];
  /** Shell that creates the state store once, with `{NAME}` placeholders. */
  bootstrap(region: string): string;
}

/** The target's words and commands in the README and DEPLOYMENT guide. */
export interface DocsTarget {
  /** The command-line tools a deployer needs besides Terraform, Docker and Node. */
  cli: string;
  /** Prerequisite bullets: the account and how CI authenticates. */
  prerequisites: string[];
  /** Shell that uploads model.json as the current artifact (run in infra/terraform). */
  upload: string;
  /** A model_bucket value for examples in the README. */
  exampleBucket: string;
  /** The model URI a service reads, from the Terraform output `model_bucket`. */
  modelUri(bucket: string, key: string): string;
  /** Encryption at rest, with and without a customer-managed key. */
  encryption(kms: boolean): string;
  /** The private networking feature, for the README's exposure line. */
  privateLink: string;
  /** Where alarms are delivered. */
  alarms: string;
  /** The budget alert line. */
  budget(monthlyUsd: string): string;
  /** The audit log line, with and without audit logging in the design. */
  audit(on: boolean): string;
  /** How the training pipeline is registered or submitted (shell, run at the repository root). */
  pipelineRun: string;
  /** How a bucket's earlier version of current/model.json is restored. */
  restore: string;
}

/** A source file of the generated service and the packages it needs. */
export interface Source {
  content: string;
  deps: Record<string, string>;
}

/** The generated service's cloud-facing modules. */
export interface ServiceTarget {
  /** src/storage.ts: readText, writeText and listUris on the target's object store. */
  storage: Source;
  /** src/stream.ts for the event stream role (`kinesis`) or the Kafka role (`msk`). */
  stream(kafka: boolean): Source;
  /** src/features.ts: putScore on the online feature store. */
  features: Source;
  /** The serverless pattern runs the AWS Lambda handler rather than the HTTP server. */
  lambda: boolean;
  /** Environment the stream consumer reads, for the README. */
  consumerEnv(kafka: boolean): string;
}

/** How the Kubernetes manifests reach the target's load balancer. */
export interface KubernetesTarget {
  /** k8s/ingress.yaml routing to Service model-server:80. */
  ingress(internal: boolean, waf: boolean): string;
}

/** Everything that differs per target. */
export interface CodegenTarget {
  ci: CiTarget;
  k8s: KubernetesTarget;
  state: StateBackend;
  docs: DocsTarget;
  service: ServiceTarget;
  /** The training pipeline definition, for designs with the `sagemaker_training` role. */
  pipeline(design: Design, req: Requirements): GeneratedFile;
}
