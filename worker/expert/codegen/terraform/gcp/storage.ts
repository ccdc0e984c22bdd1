/** storage.tf and data.tf: buckets, the image repository, the feature store, the stream and the lake. */
import type { TfContext } from "../context";
import { block, expr, renderHcl, resource, type HclBlockSpec } from "../hcl";
import { afterKeyGrant, agent, artifactRepository, bucket, bucketMember, kmsKey, named } from "./shared";

/** storage.tf: the model and data buckets and the image repository. */
export function storage(ctx: TfContext): string {
  const at = { location: expr("var.region"), key: kmsKey(ctx), dependsOn: afterKeyGrant(ctx) };
  const blocks = [bucket("models", "models", at)];
  if (ctx.has("s3_data")) blocks.push(bucket("data", "data", at));
  if (ctx.has("ecr"))
    blocks.push(artifactRepository(ctx, "service", "DOCKER", "Service images; CI pushes one tag per commit."));
  return renderHcl(blocks);
}

/** The Pub/Sub topic producers publish events to, kept in the region, and the scoring subscription. */
function stream(ctx: TfContext): HclBlockSpec[] {
  return [
    resource(
      "google_pubsub_topic",
      "events",
      {
        name: named("events"),
        kms_key_name: kmsKey(ctx),
        message_retention_duration: "172800s",
        depends_on: afterKeyGrant(ctx),
      },
      [block("message_storage_policy", { allowed_persistence_regions: [expr("var.region")] })],
    ),
    resource(
      "google_pubsub_subscription",
      "scoring",
      {
        name: named("scoring"),
        topic: expr("google_pubsub_topic.events.id"),
        ack_deadline_seconds: 60,
        message_retention_duration: "604800s",
        retain_acked_messages: true,
        enable_message_ordering: false,
      },
      [
        block("expiration_policy", { ttl: "" }),
        block("retry_policy", { minimum_backoff: "10s", maximum_backoff: "600s" }),
      ],
    ),
  ];
}

/** The Pub/Sub subscription that archives every event to the data lake as files. */
function archive(ctx: TfContext): HclBlockSpec[] {
  return [
    bucketMember(
      "archive_writer",
      "google_storage_bucket.data.name",
      "roles/storage.objectCreator",
      agent("gcp-sa-pubsub"),
    ),
    bucketMember(
      "archive_reader",
      "google_storage_bucket.data.name",
      "roles/storage.legacyBucketReader",
      agent("gcp-sa-pubsub"),
    ),
    resource(
      "google_pubsub_subscription",
      "archive",
      {
        name: named("archive"),
        topic: expr(ctx.has("kinesis") ? "google_pubsub_topic.events.id" : "google_pubsub_topic.archive.id"),
        depends_on: expr(
          "[google_storage_bucket_iam_member.archive_writer, google_storage_bucket_iam_member.archive_reader]",
        ),
      },
      [
        block("cloud_storage_config", {
          bucket: expr("google_storage_bucket.data.name"),
          filename_prefix: "events/",
          filename_suffix: ".json",
          max_duration: "300s",
          max_bytes: 100000000,
        }),
      ],
    ),
    ...(ctx.has("kinesis")
      ? []
      : [resource("google_pubsub_topic", "archive", { name: named("archive"), kms_key_name: kmsKey(ctx) })]),
  ];
}

/** data.tf: the feature database, the stream and its archive, the Kafka cluster, the lake dataset, or nothing. */
export function dataTf(ctx: TfContext): string {
  const blocks: HclBlockSpec[] = [];
  if (ctx.has("dynamodb"))
    blocks.push(
      resource(
        "google_firestore_database",
        "features",
        {
          name: named("features"),
          location_id: expr("var.region"),
          type: "FIRESTORE_NATIVE",
          concurrency_mode: "OPTIMISTIC",
          point_in_time_recovery_enablement: "POINT_IN_TIME_RECOVERY_ENABLED",
          delete_protection_state: "DELETE_PROTECTION_ENABLED",
          depends_on: afterKeyGrant(ctx),
        },
        kmsKey(ctx) === undefined ? [] : [block("cmek_config", { kms_key_name: kmsKey(ctx) })],
      ),
    );
  if (ctx.has("kinesis")) blocks.push(...stream(ctx));
  if (ctx.has("firehose") && ctx.has("s3_data")) blocks.push(...archive(ctx));
  if (ctx.has("msk"))
    blocks.push(
      resource(
        "google_managed_kafka_cluster",
        "events",
        { cluster_id: named("events"), location: expr("var.region") },
        [
          block("capacity_config", { vcpu_count: 6, memory_bytes: 25769803776 }),
          block("gcp_config", { kms_key: kmsKey(ctx) }, [
            block("access_config", {}, [
              block("network_configs", { subnet: expr("google_compute_subnetwork.main.id") }),
            ]),
          ]),
          block("rebalance_config", { mode: "AUTO_REBALANCE_ON_SCALE_UP" }),
        ],
      ),
    );
  if (ctx.has("athena"))
    blocks.push(
      resource(
        "google_bigquery_dataset",
        "lake",
        {
          dataset_id: expr('replace("${local.name}_lake", "-", "_")'),
          location: expr("var.region"),
          description: "External tables over the data lake bucket; scoring results land here.",
          delete_contents_on_destroy: false,
          depends_on: afterKeyGrant(ctx),
        },
        kmsKey(ctx) === undefined ? [] : [block("default_encryption_configuration", { kms_key_name: kmsKey(ctx) })],
      ),
    );
  return blocks.length === 0 ? "" : renderHcl(blocks);
}
