/**
 * The product as a developer runs it (`vite dev`: Vite's Node server in front, the Cloudflare
 * plugin running the Worker, D1, the queue and the objects in workerd), on a loopback port,
 * with a state directory of its own (on tmpfs when the bench uses it), removed when stopped.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./children.mjs";
import { ROOT, TMPFS } from "./worker.mjs";

const BIN = path.join(ROOT, "node_modules/.bin");
const QUIET_ENV = { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" };

/**
 * Starts `vite dev` with `vars` overriding wrangler.toml's, and waits until the API answers.
 * @param {Record<string,string>} [vars]
 */
export async function startDevServer(vars = {}) {
  const stateDir = mkdtempSync(path.join(TMPFS ?? os.tmpdir(), "reasonstream-bench-dev-"));
  execFileSync(path.join(BIN, "wrangler"), ["d1", "migrations", "apply", "DB", "--local", "--persist-to", stateDir], {
    cwd: ROOT,
    stdio: "pipe",
    env: QUIET_ENV,
  });
  const port = await freePort();
  const output = [];
  const child = spawn(
    process.execPath,
    [path.join(BIN, "vite"), "dev", "--port", String(port), "--host", "127.0.0.1", "--strictPort"],
    {
      cwd: ROOT,
      env: { ...QUIET_ENV, RS_STATE_DIR: stateDir, RS_VARS: JSON.stringify(vars) },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    },
  );
  const keep = (chunk) => {
    output.push(String(chunk));
    if (output.length > 200) output.shift();
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    try {
      process.kill(-child.pid, "SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // gone already
    }
    rmSync(stateDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`vite dev exited: ${output.join("").slice(-1500)}`);
    }
    try {
      if ((await fetch(`${url}/api/workflow/plan`)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`vite dev did not start: ${output.join("").slice(-1500)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, pid: child.pid, stop };
}
