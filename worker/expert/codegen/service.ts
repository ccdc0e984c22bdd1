/**
 * The model service: a dependency-light TypeScript service on Node 22 that loads the
 * approved model artifact and scores requests, with the entry point the pattern needs
 * (HTTP server, Lambda handler, stream consumer or batch job), its Dockerfile, a unit test
 * and an example model so it runs locally before any training has happened.
 */
import type { Design, GeneratedFile, Requirements } from "../schema";

/** Which entry point the pattern runs. */
export type Entry = "server" | "handler" | "consumer" | "batch";

/** The entry point a pattern runs in its container or function. */
export function entryOf(design: Design): Entry {
  switch (design.pattern) {
    case "serverless":
      return "handler";
    case "streaming":
      return "consumer";
    case "batch_analytics":
      return "batch";
    default:
      return "server";
  }
}

/** All files of the service under `dir`. */
export function serviceFiles(dir: string, project: string, design: Design, req: Requirements): GeneratedFile[] {
  const entry = entryOf(design);
  const kafka = design.components.some((c) => c.id === "msk");
  const deps: Record<string, string> = { "@aws-sdk/client-s3": "^3.700.0" };
  if (entry === "consumer") {
    if (kafka) deps.kafkajs = "^2.2.4";
    else deps["@aws-sdk/client-kinesis"] = "^3.700.0";
    deps["@aws-sdk/client-dynamodb"] = "^3.700.0";
  }
  const files: GeneratedFile[] = [
    { path: `${dir}/package.json`, content: `${JSON.stringify(packageJson(project, entry, deps), null, 2)}\n` },
    { path: `${dir}/tsconfig.json`, content: `${JSON.stringify(tsconfig(), null, 2)}\n` },
    { path: `${dir}/Dockerfile`, content: dockerfile(entry) },
    { path: `${dir}/.dockerignore`, content: "node_modules\ndist\n*.log\n.env\n.env.*\n" },
    { path: `${dir}/src/model.ts`, content: MODEL_TS },
    { path: `${dir}/src/model.test.ts`, content: MODEL_TEST_TS },
    { path: `${dir}/src/healthcheck.ts`, content: HEALTHCHECK_TS },
    { path: `${dir}/model/example-model.json`, content: `${JSON.stringify(exampleModel(req), null, 2)}\n` },
  ];
  if (entry === "server") files.push({ path: `${dir}/src/server.ts`, content: SERVER_TS });
  if (entry === "handler") files.push({ path: `${dir}/src/handler.ts`, content: HANDLER_TS });
  if (entry === "consumer") {
    files.push({ path: `${dir}/src/consumer.ts`, content: kafka ? KAFKA_CONSUMER_TS : KINESIS_CONSUMER_TS });
    files.push({ path: `${dir}/src/health.ts`, content: HEALTH_SERVER_TS });
  }
  if (entry === "batch") files.push({ path: `${dir}/src/batch.ts`, content: BATCH_TS });
  return files;
}

function packageJson(project: string, entry: Entry, deps: Record<string, string>): Record<string, unknown> {
  return {
    name: `${project}-service`,
    version: "0.1.0",
    private: true,
    type: "module",
    engines: { node: ">=22" },
    scripts: {
      build: "tsc -p tsconfig.json",
      start: `node dist/${entry === "handler" ? "server" : entry}.js`,
      test: 'npm run build && node --test "dist/**/*.test.js"',
      typecheck: "tsc -p tsconfig.json --noEmit",
    },
    dependencies: Object.fromEntries(Object.entries(deps).toSorted(([a], [b]) => a.localeCompare(b))),
    devDependencies: { "@types/node": "^22.10.0", typescript: "~5.7.2" },
  };
}

function tsconfig(): Record<string, unknown> {
  return {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      noUncheckedIndexedAccess: true,
      outDir: "dist",
      rootDir: "src",
      types: ["node"],
      sourceMap: true,
      skipLibCheck: true,
    },
    include: ["src/**/*.ts"],
  };
}

function dockerfile(entry: Entry): string {
  if (entry === "handler") {
    return `# syntax=docker/dockerfile:1.7
# Lambda container image: the AWS base image provides the runtime interface client.
FROM public.ecr.aws/lambda/nodejs:22 AS build
WORKDIR /build
COPY package.json tsconfig.json ./
RUN npm install --no-audit --no-fund
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM public.ecr.aws/lambda/nodejs:22
COPY --from=build /build/node_modules \${LAMBDA_TASK_ROOT}/node_modules
COPY --from=build /build/dist \${LAMBDA_TASK_ROOT}/dist
COPY package.json \${LAMBDA_TASK_ROOT}/
CMD ["dist/handler.handler"]
`;
  }
  return `# syntax=docker/dockerfile:1.7
FROM node:22.11.0-bookworm-slim AS build
WORKDIR /app
COPY package.json tsconfig.json ./
RUN npm install --no-audit --no-fund
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:22.11.0-bookworm-slim
ENV NODE_ENV=production PORT=8080
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
COPY --chown=node:node model ./model
# Never run as root; the root filesystem is read-only in the task definition.
USER node
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --retries=3 CMD ["node", "dist/healthcheck.js"]
CMD ["node", "dist/${entry}.js"]
`;
}

/** A small logistic model over features named for the use case, for local runs and tests. */
function exampleModel(req: Requirements): Record<string, unknown> {
  const features = req.model_types.includes("anomaly_detection")
    ? ["amount_zscore", "velocity_1h", "new_device", "geo_distance_km"]
    : req.model_types.includes("recommendation")
      ? ["affinity", "recency_days", "popularity", "price_ratio"]
      : req.model_types.includes("forecasting")
        ? ["lag_7", "lag_28", "promo", "holiday"]
        : ["feature_1", "feature_2", "feature_3"];
  const weights = features.map((_, i) => Math.round((0.8 - i * 0.35) * 100) / 100);
  return { version: "example-0", features, weights, bias: -0.5, threshold: 0.5 };
}

const MODEL_TS = `/**
 * The model: a versioned artifact exported by the training pipeline (features, weights,
 * bias, decision threshold), validated on load, scored without any framework.
 */
import { readFile } from "node:fs/promises";

export interface LinearModel {
  version: string;
  features: string[];
  weights: number[];
  bias: number;
  threshold: number;
}

export interface Prediction {
  score: number;
  label: boolean;
  model_version: string;
}

/** A request the model cannot score: the caller gets a 400, not a 500. */
export class InputError extends Error {}

/** Checks an artifact's shape; a malformed model must never serve. */
export function parseModel(raw: unknown): LinearModel {
  if (raw === null || typeof raw !== "object") throw new Error("model artifact is not an object");
  const m = raw as Record<string, unknown>;
  const features = m.features;
  const weights = m.weights;
  if (!Array.isArray(features) || !features.every((f) => typeof f === "string")) throw new Error("model.features must be strings");
  if (!Array.isArray(weights) || !weights.every((w) => typeof w === "number" && Number.isFinite(w))) throw new Error("model.weights must be numbers");
  if (features.length !== weights.length) throw new Error("model.features and model.weights differ in length");
  if (typeof m.bias !== "number" || typeof m.threshold !== "number" || typeof m.version !== "string") throw new Error("model.bias, threshold and version are required");
  return { version: m.version, features, weights, bias: m.bias, threshold: m.threshold };
}

/** Scores one input: a logistic function of the weighted features. */
export function predict(model: LinearModel, input: Record<string, unknown>): Prediction {
  let z = model.bias;
  for (const [i, name] of model.features.entries()) {
    const value = input[name];
    if (typeof value !== "number" || !Number.isFinite(value)) throw new InputError(\`feature \${name} must be a finite number\`);
    z += value * (model.weights[i] ?? 0);
  }
  const score = 1 / (1 + Math.exp(-z));
  return { score, label: score >= model.threshold, model_version: model.version };
}

/** Loads the artifact from s3://bucket/key or a local path. */
export async function loadModel(uri: string): Promise<LinearModel> {
  if (uri.startsWith("s3://")) {
    const { S3Client, GetObjectCommand } = await import("@aws-sdk/client-s3");
    const [bucket, ...key] = uri.slice("s3://".length).split("/");
    const response = await new S3Client({}).send(new GetObjectCommand({ Bucket: bucket, Key: key.join("/") }));
    const body = await response.Body?.transformToString("utf8");
    if (body === undefined) throw new Error(\`empty model artifact at \${uri}\`);
    return parseModel(JSON.parse(body));
  }
  return parseModel(JSON.parse(await readFile(uri, "utf8")));
}
`;

const MODEL_TEST_TS = `import { test } from "node:test";
import assert from "node:assert/strict";
import { InputError, parseModel, predict } from "./model.js";

const model = parseModel({ version: "t", features: ["a", "b"], weights: [1, -1], bias: 0, threshold: 0.5 });

test("scores with the logistic function", () => {
  const p = predict(model, { a: 2, b: 0 });
  assert.equal(p.label, true);
  assert.ok(Math.abs(p.score - 1 / (1 + Math.exp(-2))) < 1e-12);
});

test("rejects a missing feature as bad input", () => {
  assert.throws(() => predict(model, { a: 1 }), InputError);
});

test("refuses a malformed artifact", () => {
  assert.throws(() => parseModel({ version: "x", features: ["a"], weights: [], bias: 0, threshold: 0.5 }));
});
`;

const HEALTHCHECK_TS = `/** Container health probe: exits 0 when the service answers /healthz. */
const port = process.env.PORT ?? "8080";

try {
  const response = await fetch(\`http://127.0.0.1:\${port}/healthz\`, { signal: AbortSignal.timeout(2000) });
  process.exit(response.ok ? 0 : 1);
} catch {
  process.exit(1);
}
`;

const SERVER_TS = `/**
 * The prediction service. POST /predict (and SageMaker's POST /invocations) scores one
 * JSON object; GET /healthz (and /ping) answers when the model is loaded.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { InputError, loadModel, predict, type LinearModel } from "./model.js";

const PORT = Number(process.env.PORT ?? "8080");
const MODEL_URI = process.env.MODEL_URI ?? "model/example-model.json";
/** Bodies past this size are refused before they are read. */
const MAX_BODY_BYTES = 1_000_000;

let model: LinearModel | null = null;
let requests = 0;
let failures = 0;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new InputError("request body too large");
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

const server = createServer((req, res) => {
  void (async () => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && (path === "/healthz" || path === "/ping")) {
      send(res, model === null ? 503 : 200, { ok: model !== null, model_version: model?.version ?? null });
      return;
    }
    if (req.method === "GET" && path === "/metrics") {
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
      res.end(\`requests_total \${requests}\\nfailures_total \${failures}\\n\`);
      return;
    }
    if (req.method === "POST" && (path === "/predict" || path === "/invocations")) {
      requests += 1;
      if (model === null) {
        send(res, 503, { error: "model not loaded" });
        return;
      }
      try {
        const input: unknown = JSON.parse(await readBody(req));
        if (input === null || typeof input !== "object" || Array.isArray(input)) throw new InputError("body must be a JSON object");
        send(res, 200, predict(model, input as Record<string, unknown>));
      } catch (err) {
        const bad = err instanceof InputError || err instanceof SyntaxError;
        if (!bad) failures += 1;
        send(res, bad ? 400 : 500, { error: err instanceof Error ? err.message : "failed" });
      }
      return;
    }
    send(res, 404, { error: "not found" });
  })();
});

model = await loadModel(MODEL_URI);
server.listen(PORT, () => console.log(JSON.stringify({ msg: "listening", port: PORT, model_version: model?.version })));

// ECS and Kubernetes send SIGTERM before stopping a task: finish in-flight requests first.
process.on("SIGTERM", () => server.close(() => process.exit(0)));
`;

const HANDLER_TS = `/** Lambda entry point behind API Gateway (proxy integration). */
import { InputError, loadModel, predict, type LinearModel } from "./model.js";

const MODEL_URI = process.env.MODEL_URI ?? "model/example-model.json";
// Loaded once per execution environment and reused by warm invocations.
let model: Promise<LinearModel> | null = null;

interface ProxyEvent {
  body?: string | null;
  isBase64Encoded?: boolean;
}

interface ProxyResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

function reply(statusCode: number, body: unknown): ProxyResult {
  return { statusCode, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

export async function handler(event: ProxyEvent): Promise<ProxyResult> {
  model ??= loadModel(MODEL_URI);
  try {
    const raw = event.isBase64Encoded === true ? Buffer.from(event.body ?? "", "base64").toString("utf8") : (event.body ?? "");
    const input: unknown = JSON.parse(raw);
    if (input === null || typeof input !== "object" || Array.isArray(input)) throw new InputError("body must be a JSON object");
    return reply(200, predict(await model, input as Record<string, unknown>));
  } catch (err) {
    const bad = err instanceof InputError || err instanceof SyntaxError;
    return reply(bad ? 400 : 500, { error: err instanceof Error ? err.message : "failed" });
  }
}
`;

const HEALTH_SERVER_TS = `/** A tiny health endpoint for stream consumers, so the container health check has something to ask. */
import { createServer } from "node:http";

export function serveHealth(isHealthy: () => boolean): void {
  const port = Number(process.env.PORT ?? "8080");
  createServer((req, res) => {
    const ok = req.url === "/healthz" && isHealthy();
    res.writeHead(ok ? 200 : 503, { "content-type": "application/json" });
    res.end(JSON.stringify({ ok }));
  }).listen(port);
}
`;

const KINESIS_CONSUMER_TS = `/**
 * Stream scoring: subscribes to every shard through the enhanced fan-out consumer, scores
 * each event and writes the latest score per entity to the feature table.
 */
import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { KinesisClient, ListShardsCommand, SubscribeToShardCommand } from "@aws-sdk/client-kinesis";
import { serveHealth } from "./health.js";
import { loadModel, predict } from "./model.js";

const STREAM_ARN = process.env.STREAM_ARN ?? "";
const CONSUMER_ARN = process.env.STREAM_CONSUMER_ARN ?? "";
const TABLE = process.env.FEATURE_TABLE ?? "";
const model = await loadModel(process.env.MODEL_URI ?? "model/example-model.json");
const kinesis = new KinesisClient({});
const dynamo = new DynamoDBClient({});
const decoder = new TextDecoder();
let lastEventAt = Date.now();

serveHealth(() => Date.now() - lastEventAt < 10 * 60_000);

async function score(data: Uint8Array): Promise<void> {
  const event: unknown = JSON.parse(decoder.decode(data));
  if (event === null || typeof event !== "object") return;
  const record = event as Record<string, unknown>;
  const id = typeof record.entity_id === "string" ? record.entity_id : null;
  if (id === null) return;
  const p = predict(model, record);
  await dynamo.send(
    new PutItemCommand({
      TableName: TABLE,
      Item: { entity_id: { S: id }, score: { N: String(p.score) }, model_version: { S: p.model_version } },
    }),
  );
}

// A subscription lasts five minutes; it is renewed from the last sequence number seen.
async function follow(shardId: string): Promise<never> {
  let position: { Type: "AFTER_SEQUENCE_NUMBER"; SequenceNumber: string } | { Type: "LATEST" } = { Type: "LATEST" };
  for (;;) {
    const { EventStream } = await kinesis.send(new SubscribeToShardCommand({ ConsumerARN: CONSUMER_ARN, ShardId: shardId, StartingPosition: position }));
    if (EventStream === undefined) continue;
    for await (const item of EventStream) {
      const batch = item.SubscribeToShardEvent;
      if (batch === undefined) continue;
      for (const r of batch.Records ?? []) {
        if (r.Data !== undefined) await score(r.Data).catch((err: unknown) => console.error(JSON.stringify({ msg: "score failed", err: String(err) })));
      }
      lastEventAt = Date.now();
      if (batch.ContinuationSequenceNumber !== undefined) position = { Type: "AFTER_SEQUENCE_NUMBER", SequenceNumber: batch.ContinuationSequenceNumber };
    }
  }
}

const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamARN: STREAM_ARN }));
await Promise.all(Shards.map((s) => (s.ShardId === undefined ? Promise.resolve() : follow(s.ShardId))));
`;

const KAFKA_CONSUMER_TS = `/** Stream scoring from Kafka (MSK over TLS): scores each event and stores the latest score. */
import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { Kafka } from "kafkajs";
import { serveHealth } from "./health.js";
import { loadModel, predict } from "./model.js";

const model = await loadModel(process.env.MODEL_URI ?? "model/example-model.json");
const dynamo = new DynamoDBClient({});
const brokers = (process.env.KAFKA_BROKERS ?? "").split(",").filter((b) => b !== "");
const kafka = new Kafka({ clientId: "scoring", brokers, ssl: true });
const consumer = kafka.consumer({ groupId: "scoring" });
let running = false;

serveHealth(() => running);

await consumer.connect();
await consumer.subscribe({ topic: process.env.KAFKA_TOPIC ?? "events", fromBeginning: false });
running = true;
await consumer.run({
  eachMessage: async ({ message }) => {
    if (message.value === null) return;
    const event: unknown = JSON.parse(message.value.toString("utf8"));
    if (event === null || typeof event !== "object") return;
    const record = event as Record<string, unknown>;
    if (typeof record.entity_id !== "string") return;
    const p = predict(model, record);
    await dynamo.send(
      new PutItemCommand({
        TableName: process.env.FEATURE_TABLE ?? "",
        Item: { entity_id: { S: record.entity_id }, score: { N: String(p.score) }, model_version: { S: p.model_version } },
      }),
    );
  },
});

process.on("SIGTERM", () => {
  running = false;
  void consumer.disconnect().then(() => process.exit(0));
});
`;

const BATCH_TS = `/**
 * Batch scoring job: reads JSON Lines objects under INPUT_URI, scores every line and writes
 * the scores under OUTPUT_URI with the same key. Bad lines are counted, not fatal.
 */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { InputError, loadModel, predict } from "./model.js";

const s3 = new S3Client({});

function split(uri: string): { bucket: string; prefix: string } {
  const [bucket = "", ...rest] = uri.replace(/^s3:\\/\\//, "").split("/");
  return { bucket, prefix: rest.join("/") };
}

const input = split(process.env.INPUT_URI ?? "");
const output = split(process.env.OUTPUT_URI ?? "");
const model = await loadModel(process.env.MODEL_URI ?? "model/example-model.json");
let scored = 0;
let rejected = 0;
let token: string | undefined;

do {
  const page = await s3.send(new ListObjectsV2Command({ Bucket: input.bucket, Prefix: input.prefix, ContinuationToken: token }));
  for (const object of page.Contents ?? []) {
    if (object.Key === undefined || !object.Key.endsWith(".jsonl")) continue;
    const body = await (await s3.send(new GetObjectCommand({ Bucket: input.bucket, Key: object.Key }))).Body?.transformToString("utf8");
    const lines: string[] = [];
    for (const line of (body ?? "").split("\\n")) {
      if (line.trim() === "") continue;
      try {
        const row = JSON.parse(line) as Record<string, unknown>;
        lines.push(JSON.stringify({ ...row, ...predict(model, row) }));
        scored += 1;
      } catch (err) {
        if (!(err instanceof InputError || err instanceof SyntaxError)) throw err;
        rejected += 1;
      }
    }
    const key = output.prefix + object.Key.slice(input.prefix.length);
    await s3.send(new PutObjectCommand({ Bucket: output.bucket, Key: key, Body: lines.join("\\n"), ContentType: "application/x-ndjson" }));
  }
  token = page.NextContinuationToken;
} while (token !== undefined);

console.log(JSON.stringify({ msg: "batch done", scored, rejected, model_version: model.version }));
`;
