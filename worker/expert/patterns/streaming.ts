/** Streaming inference: a stream into autoscaled scoring consumers, archived to S3. */
import { component } from "../catalogue/components";
import { STREAM_BATCH_FACTOR } from "../catalogue/sizing";
import { fleetServing, type DraftContext, type ServingPlan } from "../planner/context";
import { definePattern, type PatternModule } from "./types";

export const streaming: PatternModule = definePattern("streaming", {
  platform: "containers",
  // Consumers score events from the stream; nothing answers a caller waiting for a prediction.
  infeasible: (req) =>
    req.workloads.includes("realtime_inference") && !req.workloads.includes("streaming")
      ? "scores events from a stream and answers no requests"
      : null,
  hasEndpoint: () => false,
  dataLake: true,
  // A stream buffers durably: consumers that fall behind catch up, so only ingestion decides availability.
  availabilityPath: (path) => path.slice(0, 1),
  serve(ctx) {
    ingest(ctx);
    const plan = consume(ctx);
    ctx.add(
      "firehose",
      1,
      "delivery stream",
      ctx.perRps("firehose"),
      "archives every event to S3 for training and replay",
    );
    return plan;
  },
});

/** The stream itself: the existing Kafka, managed, or the cloud's stream sized by its capacity units. */
function ingest(ctx: DraftContext): void {
  const { req } = ctx;
  if (req.data_sources.includes("kafka")) {
    ctx.add("msk", 3, "brokers", ctx.perRps("msk"), "the existing Kafka event stream, managed", {
      on_request_path: true,
    });
    ctx.path.push("msk");
    return;
  }
  const unit = ctx.sizing.rates.stream_unit;
  const shards = unit.rps === null ? 1 : Math.max(1, Math.ceil((req.rps * 1.25) / unit.rps));
  ctx.add(
    "kinesis",
    shards,
    unit.label,
    shards * unit.usd_month + component("kinesis", req.cloud).per_rps_usd * req.rps,
    "durable, replayable event stream",
    { on_request_path: true },
  );
  ctx.path.push("kinesis");
}

/** Consumers that score on CPU, or that call a GPU endpoint when the model needs one. */
function consume(ctx: DraftContext): ServingPlan {
  const { req } = ctx;
  const http = ctx.sizing.replicas.containers[req.model_size];
  const platform = component("stream_consumer", req.cloud).service;
  if (http !== null) {
    const spec = { ...http, capacity_rps: http.capacity_rps * STREAM_BATCH_FACTOR };
    const n = ctx.replicasFor(spec);
    ctx.addFleet("stream_consumer", spec, n, "reads the stream, joins features, scores each event");
    return {
      serving: fleetServing(`${platform} consumers`, spec, n, false),
      inferenceMs: spec.inference_ms,
      coldStartMs: 0,
    };
  }
  const relay = ctx.sizing.relay;
  const consumers = Math.max(ctx.minReplicas, Math.ceil(req.rps / relay.capacity_rps));
  ctx.addFleet("stream_consumer", relay, consumers, "reads the stream and calls the GPU endpoint");
  const gpu = ctx.sizing.replicas.managed[req.model_size];
  if (gpu === null) return { serving: null, inferenceMs: 0, coldStartMs: 0 };
  const n = ctx.replicasFor(gpu);
  ctx.addFleet("sagemaker_endpoint", gpu, n, "GPU scoring for the consumers", "instances");
  return {
    serving: fleetServing(component("sagemaker_endpoint", req.cloud).service, gpu, n, true),
    inferenceMs: gpu.inference_ms,
    coldStartMs: 0,
  };
}
