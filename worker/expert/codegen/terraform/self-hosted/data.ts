/**
 * Streaming data on the site: the Strimzi operator, a KRaft Kafka cluster with its node pool,
 * the events topic, and the scoring consumers (a Deployment scaled on lag by KEDA).
 */
import type { TfContext } from "../context";
import { expr, type HclBlockSpec } from "../hcl";
import { appNs, manifest, release } from "./k8s";
import { SERVICE_IMAGE, modelEnv, sizeOf } from "./serving";
import { serviceStack } from "./workloads";

const KAFKA_NS = "kafka";

/** data.tf (streaming): Kafka, the topic and the consumers, when the design streams. */
export function streaming(ctx: TfContext): HclBlockSpec[] {
  if (!ctx.has("kinesis") && !ctx.has("msk")) return [];
  const partitions = Math.max(3, (ctx.design.components.find((c) => c.id === "kinesis")?.quantity ?? 1) * 6);
  const kafka = { group: "kafka.strimzi.io/v1beta2", ns: KAFKA_NS };
  // Node pools and topics name their cluster by label.
  const labels = expr('merge(local.labels, { "strimzi.io/cluster" = "events" })');
  const out: HclBlockSpec[] = [
    release("strimzi", { values: { watchNamespaces: [KAFKA_NS], defaultImageRegistry: expr("var.image_registry") } }),
    manifest(
      "kafka_pool",
      kafka.group,
      "KafkaNodePool",
      { name: "brokers", namespace: kafka.ns, labels },
      {
        spec: {
          replicas: 3,
          roles: ["controller", "broker"],
          storage: { type: "jbod", volumes: [{ id: 0, type: "persistent-claim", size: "200Gi", deleteClaim: false }] },
        },
      },
      { dependsOn: ["helm_release.strimzi"] },
    ),
    manifest(
      "kafka",
      kafka.group,
      "Kafka",
      {
        name: "events",
        namespace: kafka.ns,
        annotations: { "strimzi.io/node-pools": "enabled", "strimzi.io/kraft": "enabled" },
      },
      {
        spec: {
          kafka: {
            listeners: [{ name: "tls", port: 9093, type: "internal", tls: true }],
            config: {
              "min.insync.replicas": 2,
              "default.replication.factor": 3,
              "offsets.topic.replication.factor": 3,
            },
          },
          entityOperator: { topicOperator: {}, userOperator: {} },
          kafkaExporter: { topicRegex: ".*", groupRegex: ".*" },
        },
      },
      { dependsOn: ["kubernetes_manifest.kafka_pool"] },
    ),
  ];
  if (ctx.has("kinesis"))
    out.push(
      manifest(
        "events_topic",
        kafka.group,
        "KafkaTopic",
        { name: "events", namespace: kafka.ns, labels },
        { spec: { topicName: "events", partitions, replicas: 3, config: { "retention.ms": 604800000 } } },
        { dependsOn: ["kubernetes_manifest.kafka"] },
      ),
    );
  if (ctx.has("stream_consumer")) {
    const n = Math.max(1, ctx.design.components.find((c) => c.id === "stream_consumer")?.quantity ?? 2);
    out.push(
      release("keda"),
      ...serviceStack({
        name: "consumer",
        site: "primary",
        namespace: appNs(),
        replicas: n,
        maxReplicas: Math.max(n, partitions),
        http: false,
        externalScaler: true,
        container: {
          name: "consumer",
          image: SERVICE_IMAGE,
          command: ["node", "dist/stream.js"],
          ...sizeOf(ctx),
          ...modelEnv(ctx),
        },
        dependsOn: [
          "kubernetes_manifest.model_bucket",
          ...(ctx.has("kinesis") ? ["kubernetes_manifest.events_topic"] : []),
        ],
      }),
      manifest(
        "consumer_scaling",
        "keda.sh/v1alpha1",
        "ScaledObject",
        { name: "consumer", namespace: appNs() },
        {
          spec: {
            scaleTargetRef: { name: "consumer" },
            minReplicaCount: n,
            maxReplicaCount: Math.max(n, partitions),
            triggers: [
              {
                type: "kafka",
                metadata: {
                  bootstrapServers: "events-kafka-bootstrap.kafka.svc:9093",
                  consumerGroup: "scoring",
                  topic: "events",
                  lagThreshold: "1000",
                  tls: "enable",
                },
              },
            ],
          },
        },
        { dependsOn: ["helm_release.keda", "kubernetes_deployment_v1.consumer"] },
      ),
    );
  }
  return out;
}
