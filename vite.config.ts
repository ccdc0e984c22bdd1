import path from "node:path";
import { cloudflare } from "@cloudflare/vite-plugin";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Where workerd keeps D1, the Durable Objects and the queue locally. The default is the
// same folder `wrangler d1 migrations apply --local` writes to; tests give each server its own.
const stateDir = process.env.RS_STATE_DIR ?? path.resolve(import.meta.dirname, ".wrangler/state");

// Tests run servers with shorter timings (RS_VARS, a JSON object of vars); nobody else sets it.
const varOverrides: Record<string, string> = process.env.RS_VARS === undefined ? {} : JSON.parse(process.env.RS_VARS);

// One origin for the app and the API: the Cloudflare plugin runs the Worker (API, queue
// consumer, Durable Object) in workerd next to the React app, in dev and in the build.
export default defineConfig({
  root: "web",
  publicDir: "public",
  plugins: [
    react(),
    cloudflare({
      configPath: "../wrangler.toml",
      persistState: { path: stateDir },
      config: (config) => ({ vars: { ...config.vars, ...varOverrides } }),
    }),
  ],
  build: { outDir: "../dist", emptyOutDir: true, reportCompressedSize: true, chunkSizeWarningLimit: 600 },
  // The Worker minified: every cold start parses the whole entry chunk, and the upload is
  // held under a budget (.ci/size.mjs). Its name is the environment's (wrangler.toml `name`).
  environments: { reasonstream: { build: { minify: true } } },
  server: { port: Number(process.env.PORT ?? 5173), strictPort: true },
});
