import { Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import fs from "node:fs";
const cfg = "bench/results/build/reasonstream/wrangler.json";
const { workerOptions: w, main } = unstable_getMiniflareWorkerOptions(cfg);
const pick = (({ compatibilityDate, compatibilityFlags, bindings, d1Databases, queueProducers, queueConsumers, durableObjects, assets }) =>
  ({ compatibilityDate, compatibilityFlags, bindings, d1Databases, queueProducers, queueConsumers, durableObjects, assets }))(w);
const t0 = Date.now();
const mf = new Miniflare({
  name: "reasonstream",
  modules: true, scriptPath: main, modulesRoot: "bench/results/build/reasonstream",
  ...pick,
  bindings: { ...pick.bindings, HISTORY_MAX: "5000", HISTORY_KEEP: "2500", HITL_TIMEOUT_SECONDS: "0" },
  host: "127.0.0.1", port: 0,
  defaultPersistRoot: undefined,
});
const url = await mf.ready;
console.log("ready", url.href, Date.now() - t0);
const db = await mf.getD1Database("DB");
for (const f of fs.readdirSync("migrations").sort()) {
  const sql = fs.readFileSync("migrations/" + f, "utf8");
  for (const stmt of sql.split(";").map(s => s.replace(/--.*$/gm, "").trim()).filter(Boolean)) await db.prepare(stmt).run();
}
const ns = await mf.getDurableObjectNamespace("DECISION_SET");
const id = crypto.randomUUID();
const stub = ns.get(ns.idFromName(id));
console.log(await stub.init({ decision_set_id: id, job_id: crypto.randomUUID(), thread_id: crypto.randomUUID() }));
const res = await fetch(new URL(`/api/streams/${id}`, url));
console.log(res.status, [...res.headers]);
const reader = res.body.getReader();
const dec = new TextDecoder();
(async () => { for (;;) { const { value, done } = await reader.read(); if (done) break; console.log("chunk", JSON.stringify(dec.decode(value)).slice(0, 300)); } })();
await new Promise(r => setTimeout(r, 300));
console.log(await stub.append([{ type: "node-start", data: { node: "n", title: "t", message: String(Date.now()) } }]));
await new Promise(r => setTimeout(r, 300));
console.log(await stub.stats());
const pid = mf; 
console.log(Object.keys(mf), );
await mf.dispose();
