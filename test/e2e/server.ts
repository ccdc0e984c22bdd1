/**
 * Starts the product the way a developer does (`vite dev`: the Worker, its D1, Queue and
 * Durable Object in workerd, and the web app, on one origin) on a free loopback port,
 * with its own persisted state directory, and stops it.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BIN = path.join(ROOT, "node_modules/.bin");

export interface DevServer {
  baseUrl: string;
  port: number;
  stateDir: string;
  child: ChildProcess;
  output: string[];
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** A new state directory with the D1 migrations applied, under `base` (the system's temporary directory by default). */
export function freshState(base: string = tmpdir()): string {
  const dir = mkdtempSync(path.join(base, "reasonstream-state-"));
  execFileSync(path.join(BIN, "wrangler"), ["d1", "migrations", "apply", "DB", "--local", "--persist-to", dir], {
    cwd: ROOT,
    stdio: "pipe",
    env: { ...process.env, CI: "true" },
  });
  return dir;
}

/** The production build, made once if it is missing (the preview server serves it). */
export function ensureBuild(): string {
  const config = path.join(ROOT, "dist/reasonstream/wrangler.json");
  if (!existsSync(config)) execFileSync(path.join(BIN, "vite"), ["build"], { cwd: ROOT, stdio: "pipe" });
  return config;
}

/** Starts `vite dev` on `stateDir` and waits until the API answers. */
export function startDevServer(stateDir: string, port?: number, env: Record<string, string> = {}): Promise<DevServer> {
  return start("vite", (p) => ["dev", "--port", String(p), "--host", "127.0.0.1", "--strictPort"], stateDir, port, env);
}

/** Starts `wrangler dev` on the production build (what `npm run preview` serves). */
export function startPreviewServer(stateDir: string, port?: number): Promise<DevServer> {
  const config = ensureBuild();
  return start(
    "wrangler",
    (p) => ["dev", "-c", config, "--port", String(p), "--ip", "127.0.0.1", "--persist-to", stateDir],
    stateDir,
    port,
    {},
  );
}

async function start(
  bin: string,
  args: (port: number) => string[],
  stateDir: string,
  port: number | undefined,
  env: Record<string, string>,
): Promise<DevServer> {
  const p = port ?? (await freePort());
  const output: string[] = [];
  const child = spawn(path.join(BIN, bin), args(p), {
    cwd: ROOT,
    env: { ...process.env, RS_STATE_DIR: stateDir, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 500) output.shift();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const baseUrl = `http://127.0.0.1:${p}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`dev server exited: ${output.join("").slice(-2000)}`);
    try {
      const res = await fetch(`${baseUrl}/api/workflow/plan`);
      // Behind Access the API answers 401 to a probe without a token: it is up all the same.
      if (res.ok || res.status === 401) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`dev server did not start: ${output.join("").slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { baseUrl, port: p, stateDir, child, output };
}

/** Stops the server and its process group (workerd included): SIGTERM, or SIGKILL for a crash. */
export async function stopDevServer(server: DevServer, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  const pid = server.child.pid;
  if (pid === undefined || server.child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => server.child.once("exit", () => resolve()));
  try {
    process.kill(-pid, signal);
  } catch {
    return;
  }
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // gone
  }
}
