/**
 * Self-hosted Kubernetes (on-premises, air-gapped): a self-hosted runner with a kubeconfig
 * from a secret, Harbor, Terraform state in a Kubernetes secret, Ceph through the S3 API.
 */
import { VALKEY_FEATURES } from "../runtime/features";
import { CEPH_STORAGE } from "../runtime/storage";
import { kafkaStream } from "../runtime/streams";
import { kubeflowPipeline } from "../pipelines/portable";
import { ENVOY_ROUTE } from "./ingress";
import type { CodegenTarget } from "./types";

export const selfHosted: CodegenTarget = {
  ci: {
    runsOn: "[self-hosted, linux]",
    oidc: false,
    permissionsNote:
      "No public cloud: the deploy job runs on a self-hosted runner inside the site and reads the cluster's kubeconfig from a secret.",
    auth: () => `      - name: Kubeconfig from the KUBECONFIG secret
        env:
          KUBECONFIG_B64: \${{ secrets.KUBECONFIG }}
        run: |
          mkdir -p "$RUNNER_TEMP/kube"
          printf '%s' "$KUBECONFIG_B64" | base64 -d > "$RUNNER_TEMP/kube/config"
          chmod 600 "$RUNNER_TEMP/kube/config"
          echo "KUBECONFIG=$RUNNER_TEMP/kube/config" >> "$GITHUB_ENV"
          echo "KUBE_CONFIG_PATH=$RUNNER_TEMP/kube/config" >> "$GITHUB_ENV"`,
    registryLogin: () => `      - name: Log in to Harbor (robot account)
        env:
          HARBOR_ROBOT_TOKEN: \${{ secrets.HARBOR_ROBOT_TOKEN }}
        run: printf '%s' "$HARBOR_ROBOT_TOKEN" | docker login "$REGISTRY" --username "\${{ vars.HARBOR_ROBOT_ACCOUNT }}" --password-stdin`,
    // The kubeconfig written at sign-in already points at the cluster.
    clusterCredentials: () => `      - name: Cluster credentials (kubeconfig)
        run: kubectl cluster-info`,
    env: {},
    variables: (has) => [
      ...(has("ecr")
        ? [{ name: "HARBOR_ROBOT_ACCOUNT", what: "the Harbor robot account that may push to the project, robot$…" }]
        : []),
      { name: "S3_ENDPOINT", what: "the Ceph RGW S3 endpoint, e.g. https://s3.ceph.example.internal" },
    ],
    secrets: (has) => [
      { name: "KUBECONFIG", what: "base64 of a kubeconfig for the deploy service account" },
      ...(has("ecr") ? [{ name: "HARBOR_ROBOT_TOKEN", what: "the robot account's secret" }] : []),
    ],
  },
  k8s: ENVOY_ROUTE,
  state: {
    type: "kubernetes",
    config: () => ["secret_suffix={PROJECT}", "namespace=terraform-state"],
    bootstrap: () => `kubectl create namespace terraform-state
# Only the deploy service account may read the state secrets.
kubectl -n terraform-state create rolebinding terraform-state --clusterrole=edit --serviceaccount=ci:deploy`,
  },
  docs: {
    cli: "kubectl with a kubeconfig for the cluster, and the MinIO client (`mc`) or AWS CLI for the Ceph S3 endpoint",
    prerequisites: [
      "The RKE2 cluster with Rook-Ceph (object store), Harbor and the operators the design uses; no public cloud account is needed",
      "A self-hosted GitHub Actions runner inside the site (label `self-hosted`) that reaches the cluster API, Harbor and the Ceph endpoint; it needs Docker, kubectl and kustomize, and a mirror of the Terraform providers if the site is air-gapped",
      "A kubeconfig for a `ci/deploy` service account, stored base64-encoded as the `KUBECONFIG` secret",
    ],
    upload:
      'mc alias set ceph "$S3_ENDPOINT" "$ACCESS_KEY" "$SECRET_KEY"   # once, with the bucket user\'s keys\nmc cp model.json "ceph/$(terraform output -raw model_bucket)/current/model.json"\n# or, with the AWS CLI: aws s3 cp model.json "s3://$(terraform output -raw model_bucket)/current/model.json" --endpoint-url "$S3_ENDPOINT"',
    exampleBucket: "your-bucket",
    modelUri: (bucket, key) => `s3://${bucket}/${key}`,
    encryption: (kms) =>
      kms ? "OpenBao transit keys (Ceph RGW server-side encryption)" : "encrypted disks on the Ceph nodes",
    privateLink: "in-cluster service endpoints",
    alarms: "Prometheus alert rules through Alertmanager",
    budget: () =>
      "No budget alert: the cost is the amortised hardware and operations model in REPORT.md; review it when nodes are added.",
    audit: (on) =>
      on
        ? "the Kubernetes API audit log ships to an object-locked Ceph bucket; do not shorten its retention."
        : "ship the Kubernetes API audit log to an object-locked bucket if the data's classification rises.",
    pipelineRun:
      "image=<training image in Harbor> model_bucket=$(terraform -chdir=infra/terraform output -raw model_bucket) s3_endpoint=$S3_ENDPOINT envsubst '$image $model_bucket $s3_endpoint' < pipelines/training_pipeline.yml | kubectl apply -f -\nargo submit -n training --from workflowtemplate/<project>-training",
    restore: "Ceph bucket versioning",
  },
  service: {
    storage: CEPH_STORAGE,
    stream: () => kafkaStream("Strimzi", "scram-sha-512"),
    features: VALKEY_FEATURES,
    lambda: false,
    consumerEnv: () => "KAFKA_BROKERS=… KAFKA_TOPIC=… KAFKA_USERNAME=… KAFKA_PASSWORD=… VALKEY_URL=… S3_ENDPOINT=…",
  },
  pipeline: kubeflowPipeline,
};
