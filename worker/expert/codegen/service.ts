/**
 * The model service: a dependency-light TypeScript service on Node 22 that loads the
 * approved model artifact and scores requests, with the entry point the pattern needs
 * (HTTP server, Lambda handler, stream consumer or batch job), its Dockerfile, a unit test
 * and an example model so it runs locally before any training has happened.
 */
import type { Design, GeneratedFile, Requirements } from "../schema";
import { BATCH_TS, CONSUMER_TS, HANDLER_TS, HEALTH_SERVER_TS, MODEL_TS, SERVER_TS } from "./runtime/app";
import { targetOf } from "./targets";

/** Which entry point the pattern runs. */
export type Entry = "server" | "handler" | "consumer" | "batch";

/** The entry point a pattern runs in its container or function. */
export function entryOf(design: Design): Entry {
  switch (design.pattern) {
    case "serverless":
      // Off AWS the function platform (Cloud Run functions, Functions on Container Apps, Knative) runs the HTTP server.
      return targetOf(design.cloud).service.lambda ? "handler" : "server";
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
  const service = targetOf(design.cloud).service;
  const modules = [{ path: "src/storage.ts", source: service.storage }];
  if (entry === "consumer") {
    modules.push({ path: "src/stream.ts", source: service.stream(design.components.some((c) => c.id === "msk")) });
    modules.push({ path: "src/features.ts", source: service.features });
  }
  const deps: Record<string, string> = Object.assign({}, ...modules.map((m) => m.source.deps));
  const files: GeneratedFile[] = [
    { path: `${dir}/package.json`, content: `${JSON.stringify(packageJson(project, entry, deps), null, 2)}\n` },
    { path: `${dir}/tsconfig.json`, content: `${JSON.stringify(tsconfig(), null, 2)}\n` },
    { path: `${dir}/Dockerfile`, content: dockerfile(entry) },
    { path: `${dir}/.dockerignore`, content: "node_modules\ndist\n*.log\n.env\n.env.*\n" },
    { path: `${dir}/src/model.ts`, content: MODEL_TS },
    { path: `${dir}/src/model.test.ts`, content: MODEL_TEST_TS },
    { path: `${dir}/src/healthcheck.ts`, content: HEALTHCHECK_TS },
    { path: `${dir}/model/example-model.json`, content: `${JSON.stringify(exampleModel(req), null, 2)}\n` },
    ...modules.map((m) => ({ path: `${dir}/${m.path}`, content: m.source.content })),
  ];
  if (entry === "server") files.push({ path: `${dir}/src/server.ts`, content: SERVER_TS });
  if (entry === "handler") files.push({ path: `${dir}/src/handler.ts`, content: HANDLER_TS });
  if (entry === "consumer") {
    files.push({ path: `${dir}/src/consumer.ts`, content: CONSUMER_TS });
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
