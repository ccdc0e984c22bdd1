import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

/**
 * Six projects: Worker code in workerd (D1, Queues, Durable Objects for real), the
 * checkpointer conformance suite in workerd, the web app's reducer and components in
 * happy-dom, the LLM path in Node against a loopback OpenAI-compatible server, the generated repository
 * checked in Node by the real parsers (HCL, YAML, Dockerfile), and
 * end-to-end tests in Node against a running dev server and a real Chromium.
 */
export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  const workerd = (heartbeatMs: string) =>
    cloudflareTest({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        bindings: {
          TEST_MIGRATIONS: migrations,
          HEARTBEAT_MS: heartbeatMs,
          HISTORY_MAX: "40",
          HISTORY_KEEP: "20",
          HITL_TIMEOUT_SECONDS: "300",
          COUNTDOWN_TICK_MS: "200",
          LOG_LEVEL: "warn",
        },
      },
    });
  return {
    test: {
      projects: [
        {
          plugins: [workerd("100")],
          test: {
            name: "worker",
            include: ["test/worker/**/*.test.ts"],
            setupFiles: ["test/worker/setup.ts"],
            globalSetup: ["test/worker/global-setup.ts"],
            testTimeout: 30_000,
          },
        },
        {
          plugins: [workerd("15000")],
          test: {
            name: "checkpoint",
            include: ["test/checkpoint/**/*.test.ts"],
            globals: true,
            testTimeout: 60_000,
          },
        },
        {
          test: {
            name: "web",
            include: ["test/web/**/*.test.{ts,tsx}"],
            environment: "happy-dom",
          },
        },
        {
          test: {
            name: "llm",
            include: ["test/llm/**/*.test.ts"],
            environment: "node",
            globalSetup: ["test/llm/global-setup.ts"],
            testTimeout: 30_000,
          },
        },
        {
          test: {
            name: "tools",
            include: ["test/tools/**/*.test.ts"],
            environment: "node",
            testTimeout: 60_000,
          },
        },
        {
          test: {
            name: "e2e",
            include: ["test/e2e/**/*.test.ts"],
            environment: "node",
            globalSetup: ["test/e2e/global-setup.ts"],
            testTimeout: 120_000,
            hookTimeout: 180_000,
            fileParallelism: false,
          },
        },
      ],
    },
  };
});
