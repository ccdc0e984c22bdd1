/** Google Cloud: Workload Identity Federation, Artifact Registry, GKE, GCS state, Google Cloud client libraries. */
import { FIRESTORE_FEATURES } from "../runtime/features";
import { GCS_STORAGE } from "../runtime/storage";
import { PUBSUB_STREAM, kafkaStream } from "../runtime/streams";
import { vertexPipeline } from "../pipelines/portable";
import { GKE_INGRESS } from "./ingress";
import type { CodegenTarget } from "./types";

export const gcp: CodegenTarget = {
  ci: {
    runsOn: "ubuntu-latest",
    oidc: true,
    permissionsNote:
      "OIDC: the deploy job impersonates a service account through Workload Identity Federation; no key files are stored in GitHub.",
    auth: () => `      - uses: google-github-actions/auth@v2
        with:
          workload_identity_provider: \${{ vars.GCP_WORKLOAD_IDENTITY_PROVIDER }}
          service_account: \${{ vars.GCP_SERVICE_ACCOUNT }}
          project_id: \${{ vars.GCP_PROJECT_ID }}
      - uses: google-github-actions/setup-gcloud@v2`,
    registryLogin: (region) => `      - name: Log in to Artifact Registry
        run: gcloud auth configure-docker ${region}-docker.pkg.dev --quiet`,
    clusterCredentials: (region) => `      - name: Cluster credentials (GKE)
        uses: google-github-actions/get-gke-credentials@v2
        with:
          cluster_name: \${{ steps.tf.outputs.cluster_name }}
          location: ${region}`,
    env: {},
    variables: () => [
      {
        name: "GCP_WORKLOAD_IDENTITY_PROVIDER",
        what: "projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>",
      },
      { name: "GCP_SERVICE_ACCOUNT", what: "the deploy service account the pool may impersonate" },
      { name: "GCP_PROJECT_ID", what: "the Google Cloud project" },
    ],
    secrets: () => [],
  },
  k8s: GKE_INGRESS,
  state: {
    type: "gcs",
    config: () => ["bucket={TF_STATE_BUCKET}", "prefix={PROJECT}"],
    bootstrap: (
      region,
    ) => `gcloud storage buckets create "gs://{TF_STATE_BUCKET}" --project "{GCP_PROJECT_ID}" --location ${region} --uniform-bucket-level-access --public-access-prevention
gcloud storage buckets update "gs://{TF_STATE_BUCKET}" --versioning`,
  },
  docs: {
    cli: "Google Cloud CLI (`gcloud`)",
    prerequisites: [
      "A Google Cloud project (`GCP_PROJECT_ID`) with billing enabled",
      "A Workload Identity pool and provider for GitHub (`GCP_WORKLOAD_IDENTITY_PROVIDER`) allowed to impersonate a deploy service account (`GCP_SERVICE_ACCOUNT`): `gcloud iam workload-identity-pools create github --location global`, then `gcloud iam workload-identity-pools providers create-oidc github --workload-identity-pool github --location global --issuer-uri https://token.actions.githubusercontent.com --attribute-mapping google.subject=assertion.sub,attribute.repository=assertion.repository --attribute-condition \"assertion.repository=='<owner>/<repo>'\"`",
      "A Cloud Storage bucket for Terraform state (`TF_STATE_BUCKET`), versioned (below)",
    ],
    upload: "gcloud storage cp model.json gs://$(terraform output -raw model_bucket)/current/model.json",
    exampleBucket: "your-bucket",
    modelUri: (bucket, key) => `gs://${bucket}/${key}`,
    encryption: (kms) => (kms ? "customer-managed Cloud KMS key (CMEK)" : "Google-managed keys"),
    privateLink: "Private Service Connect",
    alarms: "Cloud Monitoring alert policies to an email notification channel",
    budget: (usd) => `A Cloud Billing budget alerts at 80% of ${usd}/month.`,
    audit: (on) =>
      on
        ? "Cloud Audit Logs route to a locked log bucket; do not shorten its retention."
        : "route Cloud Audit Logs (Data Access) to a locked bucket if the data's classification rises.",
    pipelineRun:
      "image=<training image> model_bucket=$(terraform -chdir=infra/terraform output -raw model_bucket) region=<region> envsubst '$image $model_bucket $region' < pipelines/training_pipeline.json > /tmp/pipeline.json\n# Submit /tmp/pipeline.json as a Vertex AI PipelineJob (console, REST pipelineJobs.create, or aiplatform.PipelineJob(template_path=...).submit())",
    restore: "Cloud Storage object versioning",
  },
  service: {
    storage: GCS_STORAGE,
    stream: (kafka) => (kafka ? kafkaStream("Managed Service for Apache Kafka", "plain") : PUBSUB_STREAM),
    features: FIRESTORE_FEATURES,
    lambda: false,
    consumerEnv: (kafka) =>
      kafka
        ? "KAFKA_BROKERS=… KAFKA_TOPIC=… KAFKA_USERNAME=… KAFKA_PASSWORD=… FEATURE_COLLECTION=…"
        : "PUBSUB_SUBSCRIPTION=… FEATURE_COLLECTION=…",
  },
  pipeline: vertexPipeline,
};
