/**
 * src/stream.ts of the generated service, per event stream: `consume(handle, alive)` calls
 * `handle` with each event's JSON text and reports liveness for the health endpoint. The
 * consumer that scores events is the same on every target.
 */
import type { Source } from "../targets/types";
import { depsOf } from "./deps";

const SIGNATURE =
  "export async function consume(handle: (text: string) => Promise<void>, alive: (up: boolean) => void): Promise<void>";

/** Kinesis Data Streams through an enhanced fan-out consumer. */
export const KINESIS_STREAM: Source = {
  deps: depsOf("@aws-sdk/client-kinesis"),
  content: `/** Kinesis Data Streams: every shard through the enhanced fan-out consumer STREAM_CONSUMER_ARN. */
import {
  KinesisClient,
  ListShardsCommand,
  SubscribeToShardCommand,
  type StartingPosition,
  type SubscribeToShardEventStream,
} from "@aws-sdk/client-kinesis";

const STREAM_ARN = process.env.STREAM_ARN ?? "";
const CONSUMER_ARN = process.env.STREAM_CONSUMER_ARN ?? "";
const kinesis = new KinesisClient({});
const decoder = new TextDecoder();

${SIGNATURE} {
  // A subscription lasts five minutes; it is renewed from the last sequence number seen.
  async function follow(shardId: string): Promise<void> {
    let position: StartingPosition = { Type: "LATEST" };
    for (;;) {
      const command = new SubscribeToShardCommand({ ConsumerARN: CONSUMER_ARN, ShardId: shardId, StartingPosition: position });
      const events: AsyncIterable<SubscribeToShardEventStream> | undefined = (await kinesis.send(command)).EventStream;
      if (events === undefined) continue;
      for await (const item of events) {
        const batch = item.SubscribeToShardEvent;
        if (batch === undefined) continue;
        for (const r of batch.Records ?? []) if (r.Data !== undefined) await handle(decoder.decode(r.Data));
        alive(true);
        if (batch.ContinuationSequenceNumber !== undefined) position = { Type: "AFTER_SEQUENCE_NUMBER", SequenceNumber: batch.ContinuationSequenceNumber };
      }
    }
  }
  const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamARN: STREAM_ARN }));
  alive(true);
  await Promise.all(Shards.map((s) => (s.ShardId === undefined ? Promise.resolve() : follow(s.ShardId))));
}
`,
};

/** Kafka over TLS, with SASL when KAFKA_USERNAME is set (`mechanism` is the cluster's). */
export function kafkaStream(product: string, mechanism: "plain" | "scram-sha-512" | null): Source {
  const sasl =
    mechanism === null
      ? "undefined"
      : `username === undefined ? undefined : { mechanism: "${mechanism}" as const, username, password: process.env.KAFKA_PASSWORD ?? "" }`;
  return {
    deps: depsOf("kafkajs"),
    content: `/** Kafka (${product}) over TLS: the consumer group "scoring" on KAFKA_TOPIC at KAFKA_BROKERS. */
import { Kafka } from "kafkajs";

const brokers = (process.env.KAFKA_BROKERS ?? "").split(",").filter((b) => b !== "");
const username = process.env.KAFKA_USERNAME;
const kafka = new Kafka({ clientId: "scoring", brokers, ssl: true, sasl: ${sasl} });

${SIGNATURE} {
  const consumer = kafka.consumer({ groupId: "scoring" });
  await consumer.connect();
  await consumer.subscribe({ topic: process.env.KAFKA_TOPIC ?? "events", fromBeginning: false });
  alive(true);
  process.on("SIGTERM", () => {
    alive(false);
    void consumer.disconnect().then(() => process.exit(0));
  });
  await consumer.run({
    eachMessage: async ({ message }) => {
      if (message.value !== null) await handle(message.value.toString("utf8"));
    },
  });
}
`,
  };
}

/** Pub/Sub: a streaming pull on PUBSUB_SUBSCRIPTION, acknowledged after scoring. */
export const PUBSUB_STREAM: Source = {
  deps: depsOf("@google-cloud/pubsub"),
  content: `/** Pub/Sub: streaming pull on PUBSUB_SUBSCRIPTION; each message is acknowledged once scored. */
import { PubSub, type Message } from "@google-cloud/pubsub";

${SIGNATURE} {
  const subscription = new PubSub().subscription(process.env.PUBSUB_SUBSCRIPTION ?? "", { flowControl: { maxMessages: 100 } });
  subscription.on("message", (message: Message) => {
    void handle(message.data.toString("utf8")).then(() => message.ack());
  });
  subscription.on("error", (err: unknown) => {
    alive(false);
    console.error(JSON.stringify({ msg: "subscription failed", err: String(err) }));
  });
  alive(true);
  process.on("SIGTERM", () => {
    alive(false);
    void subscription.close().then(() => process.exit(0));
  });
  await new Promise<never>(() => undefined);
}
`,
};

/** Event Hubs (also the Kafka-protocol Premium namespace) with the managed identity. */
export const EVENTHUBS_STREAM: Source = {
  deps: depsOf("@azure/event-hubs", "@azure/identity"),
  content: `/**
 * Event Hubs: EVENTHUB_NAME in the namespace EVENTHUB_NAMESPACE (<name>.servicebus.windows.net),
 * consumer group EVENTHUB_CONSUMER_GROUP, authenticated with the managed identity.
 */
import { EventHubConsumerClient, latestEventPosition } from "@azure/event-hubs";
import { DefaultAzureCredential } from "@azure/identity";

function text(body: unknown): string {
  if (typeof body === "string") return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString("utf8");
  return JSON.stringify(body);
}

${SIGNATURE} {
  const client = new EventHubConsumerClient(
    process.env.EVENTHUB_CONSUMER_GROUP ?? "$Default",
    process.env.EVENTHUB_NAMESPACE ?? "",
    process.env.EVENTHUB_NAME ?? "",
    new DefaultAzureCredential(),
  );
  const subscription = client.subscribe(
    {
      processEvents: async (events) => {
        for (const e of events) await handle(text(e.body));
        alive(true);
      },
      processError: async (err) => {
        console.error(JSON.stringify({ msg: "event hub failed", err: String(err) }));
      },
    },
    { startPosition: latestEventPosition },
  );
  alive(true);
  process.on("SIGTERM", () => {
    alive(false);
    void subscription.close().then(() => client.close()).then(() => process.exit(0));
  });
  await new Promise<never>(() => undefined);
}
`,
};
