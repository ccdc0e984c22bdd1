import fc from "fast-check";
import { test } from "vitest";
import { briefArb } from "./briefs";
import { designPure } from "./designer-pipeline";

test("explore", () => {
  const t0 = Date.now();
  const kinds = new Map<string, { n: number; ex: string }>();
  const note = (k: string, ex: string) => { const v = kinds.get(k); if (v) v.n++; else kinds.set(k, { n: 1, ex }); };
  const briefs = fc.sample(briefArb, { numRuns: 600, seed: 42 });
  for (const b of briefs) {
    try {
      const r = designPure(b.text);
      for (const res of r.policy.results) if (res.id.startsWith("INV") && res.status === "fail") note(res.id + " " + res.detail.replace(/[\d$,.]+/g, "#").slice(0, 60), b.text + " => " + res.detail);
      const t = b.truth;
      if (t.percentile && r.req.latency_percentile !== t.percentile) note("percentile", b.text + " => " + r.req.latency_percentile);
      if (t.availability && r.req.availability !== t.availability) note("availability", b.text + " => " + r.req.availability);
      if (t.cloud && r.design.cloud !== t.cloud) note("cloud", b.text + " => " + r.design.cloud);
      if (t.compliance.some((c) => !r.req.compliance.includes(c))) note("compliance", b.text + " => " + r.req.compliance);
      if (t.jurisdiction && r.req.residency?.jurisdiction !== t.jurisdiction) note("jurisdiction-read", b.text + " => " + JSON.stringify(r.req.residency));
      const wl = { realtime: "realtime_inference", serverless: "realtime_inference", batch: "batch_inference", streaming: "streaming" }[t.shape];
      if (!r.req.workloads.includes(wl as never)) note("shape-" + t.shape, b.text + " => " + r.req.workloads);
    } catch (e) { note("THROW " + (e as Error).message.slice(0, 80), b.text); }
  }
  console.log(`${briefs.length} in ${Date.now() - t0} ms`);
  for (const [k, v] of [...kinds].sort((a, b) => b[1].n - a[1].n)) console.log(v.n, k, "\n    ", v.ex.slice(0, 400));
});
