/**
 * Starts the product the way a developer does (`vite dev`: the Worker, its D1, Queue and
 * Durable Object in workerd, and the web app, on one origin; or `npm run preview`: the
 * build under `wrangler dev`) on a free loopback port, with its own persisted state
 * directory, and stops it.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
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

/**
 * Where new state directories go by default: the directory the e2e project's global setup
 * made for this run (RS_E2E_TMP, removed with everything in it when the run ends), else the
 * system's temporary directory.
 */
function stateBase(): string {
  const run = process.env.RS_E2E_TMP;
  return run !== undefined && run !== "" && existsSync(run) ? run : tmpdir();
}

/** A new, empty state directory under `base`. */
export function emptyState(base: string = stateBase()): string {
  return mkdtempSync(path.join(base, "reasonstream-state-"));
}

/** Removes a state directory made by emptyState or freshState (stop its server first). */
export function removeState(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A new state directory with the D1 migrations applied, under `base`. */
export function freshState(base: string = stateBase()): string {
  const dir = emptyState(base);
  execFileSync(path.join(BIN, "wrangler"), ["d1", "migrations", "apply", "DB", "--local", "--persist-to", dir], {
    cwd: ROOT,
    stdio: "pipe",
    env: { ...process.env, CI: "true" },
  });
  return dir;
}

/** Starts `vite dev` on `stateDir` and waits until the API answers. */
export function startDevServer(stateDir: string, port?: number, env: Record<string, string> = {}): Promise<DevServer> {
  return start(
    path.join(BIN, "vite"),
    (p) => ["dev", "--port", String(p), "--host", "127.0.0.1", "--strictPort"],
    stateDir,
    port,
    env,
  );
}

/**
 * Runs `npm run preview` as a developer does (build, migrations applied to the state it
 * uses, `wrangler dev` on the build), on `stateDir` (RS_STATE_DIR), and waits until the
 * API answers. The build takes a while: allow a few minutes.
 */
export function startPreviewServer(stateDir: string, port?: number): Promise<DevServer> {
  return start(
    "npm",
    (p) => ["run", "preview", "--", "--port", String(p), "--ip", "127.0.0.1"],
    stateDir,
    port,
    { CI: "true" },
    240_000,
  );
}

let built: Promise<void> | undefined;

/** Builds the production bundle (`npm run build`, as `npm run preview` does), once per test process. */
export function buildOnce(): Promise<void> {
  built ??= new Promise<void>((resolve, reject) => {
    const child = spawn("npm", ["run", "build"], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, CI: "true" },
    });
    // The end of what the build says on stderr, to name why it failed.
    let errors = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      errors = (errors + chunk.toString()).slice(-4000);
    });
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`npm run build exited ${code}: ${errors}`)),
    );
  });
  return built;
}

/**
 * Serves the production build with `wrangler dev` (the runtime `wrangler deploy` ships, as
 * `npm run preview` runs it) on `stateDir`, which must have its migrations applied, with
 * `vars` over the configured ones. Builds first, once per test process.
 */
export async function startDeployRuntime(
  stateDir: string,
  port?: number,
  vars: Record<string, string> = {},
): Promise<DevServer> {
  await buildOnce();
  const varArgs = Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]);
  return start(
    path.join(BIN, "wrangler"),
    (p) => [
      "dev",
      "-c",
      "dist/reasonstream/wrangler.json",
      "--persist-to",
      stateDir,
      "--port",
      String(p),
      "--ip",
      "127.0.0.1",
      ...varArgs,
    ],
    stateDir,
    port,
    { CI: "true" },
  );
}

async function start(
  command: string,
  args: (port: number) => string[],
  stateDir: string,
  port: number | undefined,
  env: Record<string, string>,
  startupMs = 90_000,
): Promise<DevServer> {
  const p = port ?? (await freePort());
  const output: string[] = [];
  const child = spawn(command, args(p), {
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
  const deadline = Date.now() + startupMs;
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
