/** dr.tf: the second region: its key, the replica model bucket and event-driven replication into it. */
import type { TfContext } from "../context";
import { block, expr, renderHcl, resource, type HclBlockSpec } from "../hcl";
import { bucket, bucketMember, cmek } from "./shared";

const DR = "google.dr";

/** A key ring and key in the DR region, usable by the Cloud Storage agent. */
function drKey(): HclBlockSpec[] {
  return [
    resource("google_kms_key_ring", "dr", {
      provider: expr(DR),
      name: expr('"${local.name}-dr-keys"'),
      location: expr("var.dr_region"),
    }),
    resource(
      "google_kms_crypto_key",
      "dr",
      {
        provider: expr(DR),
        name: expr('"${local.name}-dr-data"'),
        key_ring: expr("google_kms_key_ring.dr.id"),
        rotation_period: "7776000s",
      },
      [block("lifecycle", { prevent_destroy: true })],
    ),
    resource("google_kms_crypto_key_iam_member", "dr_storage", {
      provider: expr(DR),
      crypto_key_id: expr("google_kms_crypto_key.dr.id"),
      role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
      member: expr('"serviceAccount:${data.google_storage_project_service_account.gcs.email_address}"'),
    }),
  ];
}

const STS = expr('"serviceAccount:${data.google_storage_transfer_project_service_account.sts.email}"');

/** One role for the Storage Transfer Service agent on a bucket. */
function grant(name: string, bucketRef: string, role: string): HclBlockSpec {
  return bucketMember(name, bucketRef, role, STS);
}

/** The Storage Transfer Service agent's access: read the source, write the replica. */
function transferGrants(): HclBlockSpec[] {
  return [
    { type: "data", labels: ["google_storage_transfer_project_service_account", "sts"], attrs: {} },
    grant("sts_source_reader", "google_storage_bucket.models.name", "roles/storage.legacyBucketReader"),
    grant("sts_source_objects", "google_storage_bucket.models.name", "roles/storage.objectViewer"),
    grant("sts_sink_writer", "google_storage_bucket.models_dr.name", "roles/storage.legacyBucketWriter"),
    grant("sts_sink_objects", "google_storage_bucket.models_dr.name", "roles/storage.objectAdmin"),
  ];
}

/** dr.tf: the region the design fails over to. */
export function dr(ctx: TfContext): string {
  const keyed = cmek(ctx);
  const blocks: HclBlockSpec[] = [
    ...(keyed ? drKey() : []),
    bucket("models_dr", "models-dr", {
      location: expr("var.dr_region"),
      provider: DR,
      key: keyed ? expr("google_kms_crypto_key.dr.id") : undefined,
      dependsOn: keyed ? expr("[google_kms_crypto_key_iam_member.dr_storage]") : undefined,
    }),
    ...transferGrants(),
    resource(
      "google_storage_transfer_job",
      "models_dr",
      {
        description: expr('"${local.name} models to the DR region"'),
        project: expr("data.google_project.current.project_id"),
        depends_on: expr(
          "[google_storage_bucket_iam_member.sts_source_reader, google_storage_bucket_iam_member.sts_source_objects, google_storage_bucket_iam_member.sts_sink_writer, google_storage_bucket_iam_member.sts_sink_objects]",
        ),
      },
      [
        block("replication_spec", {}, [
          block("gcs_data_source", { bucket_name: expr("google_storage_bucket.models.name") }),
          block("gcs_data_sink", { bucket_name: expr("google_storage_bucket.models_dr.name") }),
        ]),
      ],
    ),
  ];
  return renderHcl(blocks);
}
