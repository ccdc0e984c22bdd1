/**
 * The generated service's cloud-neutral sources: the model, the HTTP server, the Lambda
 * handler, the stream consumer and the batch job. Each reaches its target only through
 * src/storage.ts, src/stream.ts and src/features.ts (runtime/storage, streams, features).
 */

export const MODEL_TS = `/**
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

/** Loads the artifact from the target's object store (a URI with a scheme) or a local path. */
export async function loadModel(uri: string): Promise<LinearModel> {
  if (/^[a-z][a-z0-9+.-]*:\\/\\//.test(uri)) {
    // Imported only for remote artifacts, so local runs and tests need no cloud credentials.
    const { readText } = await import("./storage.js");
    return parseModel(JSON.parse(await readText(uri)));
  }
  return parseModel(JSON.parse(await readFile(uri, "utf8")));
}
`;

export const SERVER_TS = `/**
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

export const HANDLER_TS = `/** Lambda entry point behind API Gateway (proxy integration). */
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

export const HEALTH_SERVER_TS = `/** A tiny health endpoint for stream consumers, so the container health check has something to ask. */
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

export const CONSUMER_TS = `/**
 * Stream scoring: scores each event of the stream (src/stream.ts) and keeps the latest
 * score per entity in the online feature store (src/features.ts).
 */
import { putScore } from "./features.js";
import { serveHealth } from "./health.js";
import { loadModel, predict } from "./model.js";
import { consume } from "./stream.js";

const model = await loadModel(process.env.MODEL_URI ?? "model/example-model.json");
let healthy = false;

serveHealth(() => healthy);

async function score(text: string): Promise<void> {
  try {
    const event: unknown = JSON.parse(text);
    if (event === null || typeof event !== "object") return;
    const record = event as Record<string, unknown>;
    if (typeof record.entity_id !== "string") return;
    const p = predict(model, record);
    await putScore(record.entity_id, p.score, p.model_version);
  } catch (err) {
    console.error(JSON.stringify({ msg: "score failed", err: String(err) }));
  }
}

await consume(score, (up) => {
  healthy = up;
});
`;

export const BATCH_TS = `/**
 * Batch scoring job: reads JSON Lines objects under INPUT_URI, scores every line and writes
 * the scores under OUTPUT_URI with the same name. Bad lines are counted, not fatal.
 */
import { InputError, loadModel, predict } from "./model.js";
import { listUris, readText, writeText } from "./storage.js";

const input = process.env.INPUT_URI ?? "";
const output = process.env.OUTPUT_URI ?? "";
const model = await loadModel(process.env.MODEL_URI ?? "model/example-model.json");
let scored = 0;
let rejected = 0;

for (const uri of await listUris(input)) {
  if (!uri.endsWith(".jsonl")) continue;
  const lines: string[] = [];
  for (const line of (await readText(uri)).split("\\n")) {
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
  await writeText(output + uri.slice(input.length), lines.join("\\n"), "application/x-ndjson");
}

console.log(JSON.stringify({ msg: "batch done", scored, rejected, model_version: model.version }));
`;
