/**
 * The offline expert across the four targets: twenty-four briefs run through the graph's
 * own loop, each decision compared with what an architect would decide. At least 95% of
 * the decisions must be right, and no two briefs may come out as the same design.
 */
import { describe, expect, test } from "vitest";
import { isEuRegion } from "../../worker/expert";
import { CLOUD_BRIEFS, type CloudBrief } from "./cloud-briefs";
import { designOffline, type OfflineDesign } from "./design-offline";

type Decisions = Omit<CloudBrief, "prompt" | "classes"> & { class: string; online: boolean };
const KEYS = ["cloud", "class", "online", "compliance", "eu", "percentile", "gpu", "budget"] as const;

function decisionsOf(run: OfflineDesign): Decisions {
  const { requirements: req, design } = run;
  const online = req.workloads.includes("realtime_inference") || req.workloads.includes("streaming");
  const gpu = design.serving?.gpu === true;
  const budget = req.budget_usd === null ? "none" : design.estimates.monthly_usd <= req.budget_usd ? "within" : "over";
  const regions = [design.regions.primary, design.regions.dr].filter((r): r is string => r !== null);
  return {
    cloud: design.cloud,
    class: design.pattern,
    // Something answers callers: an API, a load balancer or an endpoint in front of the model.
    online: design.components.some((c) => c.category === "ingress"),
    compliance: req.compliance.toSorted(),
    eu: regions.every(isEuRegion),
    percentile: online && req.latency_p95_ms !== null ? req.latency_percentile : null,
    gpu,
    budget,
  };
}

describe("designs for the cloud the brief names", () => {
  test(
    "the offline expert decides at least 95% of 8 decisions a brief right over 24 briefs",
    { timeout: 120_000 },
    async () => {
      expect(CLOUD_BRIEFS.length).toBeGreaterThanOrEqual(24);
      const wrong: string[] = [];
      let total = 0;
      const fingerprints = new Map<string, number>();
      for (const [i, brief] of CLOUD_BRIEFS.entries()) {
        const run = await designOffline(brief.prompt);
        const got = decisionsOf(run);
        const want: Decisions = {
          ...brief,
          class: brief.classes.join("|"),
          online: brief.percentile !== null && !brief.classes.includes("streaming"),
          compliance: brief.compliance.toSorted(),
        };
        for (const key of KEYS) {
          total += 1;
          const ok =
            key === "class"
              ? brief.classes.some((c) => c === got.class)
              : JSON.stringify(got[key]) === JSON.stringify(want[key]);
          if (!ok) wrong.push(`#${i + 1} ${key}: got ${JSON.stringify(got[key])}, want ${JSON.stringify(want[key])}`);
        }
        const d = run.design;
        const print = JSON.stringify([
          d.cloud,
          d.pattern,
          d.regions,
          d.components.map((c) => [c.id, c.quantity, c.unit]),
          d.estimates.monthly_usd,
        ]);
        expect(
          fingerprints.get(print),
          `brief #${i + 1} repeats the design of brief #${(fingerprints.get(print) ?? 0) + 1}`,
        ).toBeUndefined();
        fingerprints.set(print, i);
      }
      expect(total).toBe(CLOUD_BRIEFS.length * KEYS.length);
      expect(wrong.length / total, wrong.join("\n")).toBeLessThanOrEqual(0.05);
    },
  );
});
