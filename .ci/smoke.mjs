// Runs a README command as a developer types it (`npm run dev` or `npm run preview`), on
// the default local state, waits until it answers, posts a chat, streams it with the
// `eventsource` client to workflow-complete (gates answered with their defaults), and stops
// the server. Usage: node .ci/smoke.mjs dev|preview
import { spawn } from "node:child_process";
import path from "node:path";
import { register } from "tsx/esm/api";

// The test client reads the event names from the contract, whose TypeScript imports name no
// extension: tsx resolves them as the bundler does.
register();
const { freePort, stopDevServer } = await import("../test/e2e/server.ts");
const { Client } = await import("../test/e2e/run-client.ts");

const which = process.argv[2];
if (which !== "dev" && which !== "preview") {
  console.error("usage: node .ci/smoke.mjs dev|preview");
  process.exit(2);
}
const root = path.resolve(import.meta.dirname, "..");
const port = await freePort();
// The dev server takes its port from PORT (vite.config.ts); wrangler dev from --port.
const args =
  which === "dev"
    ? ["run", "dev", "--", "--host", "127.0.0.1"]
    : ["run", "preview", "--", "--port", String(port), "--ip", "127.0.0.1"];
const output = [];
const child = spawn("npm", args, {
  cwd: root,
  env: { ...process.env, PORT: String(port) },
  stdio: ["ignore", "pipe", "pipe"],
  detached: true,
});
const keep = (chunk) => {
  output.push(chunk.toString());
  if (output.length > 200) output.shift();
};
child.stdout.on("data", keep);
child.stderr.on("data", keep);
const server = { child };
const baseUrl = `http://127.0.0.1:${port}`;
const started = Date.now();
let code = 1;
try {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm run ${which} exited with ${child.exitCode}`);
    if (Date.now() - started > 300_000) throw new Error(`npm run ${which} did not answer in 300 s`);
    const res = await fetch(`${baseUrl}/api/workflow/plan`).catch(() => undefined);
    if (res?.ok) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const up = Date.now();
  const client = new Client(baseUrl);
  const id = await client.chat("A nightly batch scoring job for churn, 2 TB of features, budget $2k/month");
  const received = await client.streamToEnd(id);
  const last = received.at(-1)?.type;
  if (last !== "workflow-complete") throw new Error(`the run ended with ${last}`);
  console.log(
    `npm run ${which}: up in ${((up - started) / 1000).toFixed(1)} s; a run streamed ${received.length} events to workflow-complete in ${((Date.now() - up) / 1000).toFixed(1)} s`,
  );
  code = 0;
} catch (err) {
  console.error(`npm run ${which} failed: ${err instanceof Error ? err.message : String(err)}`);
  console.error(output.join("").slice(-4000));
} finally {
  await stopDevServer(server);
}
process.exit(code);
