/** Batch scoring: a Workflow that runs the scoring image as a Cloud Batch job on Spot VMs, on a schedule. */
import type { TfContext } from "../../context";
import { block, expr, heredoc, resource, type HclBlockSpec } from "../../hcl";
import { afterKeyGrant, bucketMember, kmsKey, member, named, projectRoles, serviceAccount } from "../shared";

/** The workflow: submit the Batch job and wait for it (the connector polls until it ends). */
function workflowSource(networked: boolean): string {
  const network = networked
    ? `
              network:
                networkInterfaces:
                  - subnetwork: \${sys.get_env("SUBNETWORK")}
                    noExternalIpAddress: true`
    : "";
  return `main:
  steps:
    - init:
        assign:
          - project: \${sys.get_env("GOOGLE_CLOUD_PROJECT_ID")}
          - region: \${sys.get_env("GOOGLE_CLOUD_LOCATION")}
          - jobId: \${"scoring-" + string(int(sys.now()))}
    - score:
        call: googleapis.batch.v1.projects.locations.jobs.create
        args:
          parent: \${"projects/" + project + "/locations/" + region}
          jobId: \${jobId}
          body:
            taskGroups:
              - taskCount: 1
                taskSpec:
                  runnables:
                    - container:
                        imageUri: \${sys.get_env("IMAGE")}
                  environment:
                    variables:
                      MODEL_URI: \${sys.get_env("MODEL_URI")}
                      INPUT_URI: \${sys.get_env("INPUT_URI")}
                      OUTPUT_URI: \${sys.get_env("OUTPUT_URI")}
                  computeResource:
                    cpuMilli: 4000
                    memoryMib: 8192
                  maxRetryCount: 2
                  maxRunDuration: 14400s
            allocationPolicy:
              instances:
                - policy:
                    machineType: e2-standard-4
                    provisioningModel: SPOT
              serviceAccount:
                email: \${sys.get_env("RUNNER")}${network}
            logsPolicy:
              destination: CLOUD_LOGGING
        result: job
    - done:
        return: \${job.name}
`;
}

/** serving.tf for batch analytics: identities, the workflow and its schedule. */
export function batchTf(ctx: TfContext): HclBlockSpec[] {
  const networked = ctx.has("vpc");
  const data = ctx.has("s3_data") ? "google_storage_bucket.data.name" : "google_storage_bucket.models.name";
  return [
    serviceAccount("batch", "batch", "Batch scoring jobs"),
    projectRoles("batch", ["roles/batch.agentReporter", "roles/logging.logWriter", "roles/artifactregistry.reader"]),
    bucketMember("batch_data", data, "roles/storage.objectAdmin", member("batch")),
    bucketMember("batch_models", "google_storage_bucket.models.name", "roles/storage.objectViewer", member("batch")),
    serviceAccount("workflow", "workflow", "Batch scoring workflow"),
    projectRoles("workflow", ["roles/batch.jobsEditor", "roles/logging.logWriter"]),
    resource("google_service_account_iam_member", "workflow_runs_batch", {
      service_account_id: expr("google_service_account.batch.name"),
      role: "roles/iam.serviceAccountUser",
      member: member("workflow"),
    }),
    resource("google_workflows_workflow", "scoring", {
      name: named("scoring"),
      region: expr("var.region"),
      description: "Scores the day's inputs with the approved model as a Cloud Batch job.",
      service_account: expr("google_service_account.workflow.id"),
      call_log_level: "LOG_ERRORS_ONLY",
      crypto_key_name: kmsKey(ctx),
      user_env_vars: {
        IMAGE: expr("local.image"),
        MODEL_URI: expr("local.model_uri"),
        INPUT_URI: expr(`"gs://\${${data}}/inputs/"`),
        OUTPUT_URI: expr(`"gs://\${${data}}/scores/"`),
        RUNNER: expr("google_service_account.batch.email"),
        ...(networked ? { SUBNETWORK: expr("google_compute_subnetwork.main.id") } : {}),
      },
      source_contents: heredoc(workflowSource(networked)),
      depends_on: afterKeyGrant(ctx, "google_project_service.apis"),
    }),
    serviceAccount("scheduler", "scheduler", "Starts the scoring workflow"),
    projectRoles("scheduler", ["roles/workflows.invoker"]),
    resource(
      "google_cloud_scheduler_job",
      "scoring",
      {
        name: named("scoring"),
        region: expr("var.region"),
        description: "Nightly batch scoring",
        schedule: "0 2 * * *",
        time_zone: "Etc/UTC",
      },
      [
        block("retry_config", { retry_count: 1 }),
        block(
          "http_target",
          {
            http_method: "POST",
            uri: expr(
              '"https://workflowexecutions.googleapis.com/v1/${google_workflows_workflow.scoring.id}/executions"',
            ),
            body: expr("base64encode(jsonencode({ argument = jsonencode({}) }))"),
          },
          [
            block("oauth_token", {
              service_account_email: expr("google_service_account.scheduler.email"),
              scope: "https://www.googleapis.com/auth/cloud-platform",
            }),
          ],
        ),
      ],
    ),
  ];
}
