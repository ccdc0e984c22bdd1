import { cloudflare } from "@cloudflare/vite-plugin";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// One origin for the app and the API: the Cloudflare plugin runs the Worker (API, queue
// consumer, Durable Object) in workerd next to the React app, in dev and in the build.
export default defineConfig({
  root: "web",
  publicDir: "public",
  envDir: "..",
  plugins: [react(), cloudflare({ configPath: "../wrangler.toml", persistState: { path: "../.wrangler/state" } })],
  build: { outDir: "../dist", emptyOutDir: true, reportCompressedSize: true, chunkSizeWarningLimit: 600 },
  server: { port: Number(process.env.PORT ?? 5173), strictPort: true },
});
