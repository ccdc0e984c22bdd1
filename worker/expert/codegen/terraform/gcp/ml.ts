/** ml.tf: the pipeline templates repository, the training identity and schedule, and the MLflow database. */
import type { TfContext } from "../context";
import { block, expr, renderHcl, resource, type HclBlockSpec } from "../hcl";
import {
  afterKeyGrant,
  artifactRepository,
  bucketMember,
  kmsKey,
  member,
  named,
  projectRoles,
  serviceAccount,
} from "./shared";

/** The cron schedule (UTC) of a retraining frequency: 03:00 on its day, or every six hours. */
function cron(frequency: string): string {
  if (frequency === "continuous") return "0 */6 * * *";
  const day = { daily: "* * *", weekly: "* * 0" }[frequency] ?? "1 * *";
  return `0 3 ${day}`;
}

/** The Vertex AI pipeline run the schedule starts: the latest template in the KFP repository. */
function pipelineJob(ctx: TfContext): string {
  const key = kmsKey(ctx);
  return `base64encode(jsonencode({
    displayName    = "\${local.name}-training"
    templateUri    = "https://\${var.region}-kfp.pkg.dev/\${data.google_project.current.project_id}/\${google_artifact_registry_repository.pipelines.repository_id}/training/latest"
    serviceAccount = google_service_account.pipeline.email
    runtimeConfig  = { gcsOutputDirectory = "gs://\${google_storage_bucket.models.name}/pipeline-root" }${key === undefined ? "" : `\n    encryptionSpec = { kmsKeyName = ${key.expr} }`}
  }))`;
}

/** Vertex AI Pipelines: templates, the identity runs use, and the scheduled run. */
function training(ctx: TfContext): HclBlockSpec[] {
  return [
    artifactRepository(ctx, "pipelines", "KFP", "Vertex AI pipeline templates; CI uploads training/latest."),
    serviceAccount("pipeline", "pipeline", "Vertex AI training pipeline runs"),
    projectRoles("pipeline", ["roles/aiplatform.user", "roles/artifactregistry.reader", "roles/logging.logWriter"]),
    bucketMember(
      "pipeline_models",
      "google_storage_bucket.models.name",
      "roles/storage.objectAdmin",
      member("pipeline"),
    ),
    serviceAccount("trainer", "trainer", "Starts scheduled training runs"),
    projectRoles("trainer", ["roles/aiplatform.user"]),
    resource("google_service_account_iam_member", "trainer_runs_pipeline", {
      service_account_id: expr("google_service_account.pipeline.name"),
      role: "roles/iam.serviceAccountUser",
      member: member("trainer"),
    }),
    resource(
      "google_cloud_scheduler_job",
      "training",
      {
        name: named("training"),
        region: expr("var.region"),
        description: `Retraining, ${ctx.req.training}`,
        schedule: cron(ctx.req.training),
        time_zone: "Etc/UTC",
      },
      [
        block(
          "http_target",
          {
            http_method: "POST",
            uri: expr(
              '"https://${var.region}-aiplatform.googleapis.com/v1/projects/${data.google_project.current.project_id}/locations/${var.region}/pipelineJobs"',
            ),
            headers: { "Content-Type": "application/json" },
            body: expr(pipelineJob(ctx)),
          },
          [
            block("oauth_token", {
              service_account_email: expr("google_service_account.trainer.email"),
              scope: "https://www.googleapis.com/auth/cloud-platform",
            }),
          ],
        ),
      ],
    ),
  ];
}

/** MLflow's backend store: a private Cloud SQL for PostgreSQL instance with backups and PITR. */
function mlflow(ctx: TfContext): HclBlockSpec[] {
  return [
    resource(
      "google_sql_database_instance",
      "mlflow",
      {
        name: named("mlflow"),
        region: expr("var.region"),
        database_version: "POSTGRES_16",
        encryption_key_name: kmsKey(ctx),
        deletion_protection: true,
        depends_on: afterKeyGrant(ctx, "google_service_networking_connection.services"),
      },
      [
        block("settings", { tier: "db-custom-1-3840", edition: "ENTERPRISE", availability_type: "ZONAL" }, [
          block("ip_configuration", {
            ipv4_enabled: false,
            private_network: expr("google_compute_network.main.id"),
            ssl_mode: "ENCRYPTED_ONLY",
          }),
          block("backup_configuration", { enabled: true, point_in_time_recovery_enabled: true }),
        ]),
      ],
    ),
    resource("google_sql_database", "mlflow", {
      name: "mlflow",
      instance: expr("google_sql_database_instance.mlflow.name"),
    }),
  ];
}

/** ml.tf for the design, or nothing when it has no training or tracking part. */
export function mlTf(ctx: TfContext): string {
  const blocks: HclBlockSpec[] = [];
  if (ctx.has("sagemaker_training")) blocks.push(...training(ctx));
  if (ctx.has("mlflow") && ctx.has("vpc")) blocks.push(...mlflow(ctx));
  return blocks.length === 0 ? "" : renderHcl(blocks);
}
