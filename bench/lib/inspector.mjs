/**
 * A minimal Chrome DevTools Protocol client for workerd's inspector (Miniflare's
 * `inspectorPort`): CPU profiles of the product's isolate and its heap after a forced GC.
 * Investigation only; the timed runs are made without an inspector attached.
 */

/**
 * Connects to the isolate of `service` (e.g. "core:user:reasonstream").
 * @param {number} port
 * @param {string} service
 */
export async function connectInspector(port, service) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/${service}`);
  await new Promise((resolve, reject) => {
    ws.addEventListener("open", resolve, { once: true });
    ws.addEventListener("error", () => reject(new Error(`inspector ${service}: cannot connect`)), { once: true });
  });
  let next = 1;
  const pending = new Map();
  ws.addEventListener("message", (event) => {
    const msg = JSON.parse(String(event.data));
    const p = msg.id === undefined ? undefined : pending.get(msg.id);
    if (p === undefined) return;
    pending.delete(msg.id);
    if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`));
    else p.resolve(msg.result);
  });
  /** @param {string} method @param {object} [params] */
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject, method });
      ws.send(JSON.stringify({ id, method, params }));
    });
  return {
    send,
    /**
     * JS heap in use after a full GC, MiB. workerd runs an inspector command when the
     * isolate next wakes, so `poke` (a cheap request to the Worker) wakes it.
     * @param {() => Promise<unknown>} poke
     */
    async heapAfterGc(poke) {
      const gc = send("HeapProfiler.collectGarbage");
      await new Promise((resolve) => setTimeout(resolve, 20));
      await poke();
      await gc;
      const usage = await send("Runtime.getHeapUsage");
      return { used_mib: usage.usedSize / 2 ** 20, total_mib: usage.totalSize / 2 ** 20 };
    },
    close: () => ws.close(),
  };
}

/**
 * Self time per function of a CPU profile, largest first.
 * @param {{ nodes: { id: number, callFrame: { functionName: string, url: string, lineNumber: number } }[], samples: number[], timeDeltas: number[] }} profile
 */
export function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map();
  let all = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    const dt = profile.timeDeltas[i] ?? 0;
    all += dt;
    if (node === undefined) continue;
    const f = node.callFrame;
    const key = `${f.functionName || "(anonymous)"} ${f.url.split("/").pop() ?? ""}:${f.lineNumber + 1}`;
    totals.set(key, (totals.get(key) ?? 0) + dt);
  }
  return [...totals.entries()]
    .map(([fn, us]) => ({ fn, ms: us / 1000, pct: (us / all) * 100 }))
    .toSorted((a, b) => b.ms - a.ms);
}
