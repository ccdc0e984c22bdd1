/**
 * The two helper processes (subscribers, bare broadcaster), forked with IPC, and a
 * request/reply call over it. Each is stopped by its own pid, never by name.
 */
import { fork } from "node:child_process";
import path from "node:path";

const HERE = import.meta.dirname;

/**
 * @typedef {{ pid: number, call: (msg: object, timeoutMs?: number) => Promise<any>, stop: () => Promise<void>, port?: number }} Child
 */

/**
 * Forks `bench/lib/<file>` and waits for it to be ready (for a server, its port).
 * @param {string} file
 * @param {{ waitFor?: string }} [opts] a message type the child sends once it is ready
 * @returns {Promise<Child>}
 */
export async function startChild(file, { waitFor } = {}) {
  const cp = fork(path.join(HERE, file), [], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    // Node prints a warning when node:sqlite loads; it is no news to a benchmark.
    execArgv: ["--disable-warning=ExperimentalWarning"],
  });
  let next = 1;
  /** @type {Map<number, { resolve: (v: any) => void, reject: (e: Error) => void, timer: NodeJS.Timeout }>} */
  const pending = new Map();
  let readyResolve;
  const ready = new Promise((resolve) => (readyResolve = resolve));
  cp.on("message", (msg) => {
    if (waitFor !== undefined && msg.type === waitFor) readyResolve(msg);
    const p = msg.rid === undefined ? undefined : pending.get(msg.rid);
    if (p === undefined) return;
    pending.delete(msg.rid);
    clearTimeout(p.timer);
    if (msg.type === "error") p.reject(new Error(`${file}: ${msg.message}`));
    else p.resolve(msg);
  });
  const exited = new Promise((resolve) => cp.once("exit", resolve));
  cp.once("exit", (code) => {
    for (const p of pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error(`${file} exited (${code})`));
    }
    pending.clear();
  });
  const readyMsg = waitFor === undefined ? {} : await ready;
  return {
    pid: cp.pid ?? 0,
    port: readyMsg.port,
    call(msg, timeoutMs = 120_000) {
      const rid = next++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(rid);
          reject(new Error(`${file}: no reply to ${msg.type} in ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(rid, { resolve, reject, timer });
        cp.send({ ...msg, rid });
      });
    },
    async stop() {
      if (cp.exitCode !== null) return;
      cp.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (cp.exitCode === null) cp.kill("SIGKILL");
    },
  };
}
