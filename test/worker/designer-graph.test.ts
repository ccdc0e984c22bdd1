/**
 * Generated briefs through the real graph in workerd, as the consumer runs it: every run
 * completes with a report, and no invariant is left broken. The bulk of the generated
 * briefs runs in the `tools` project through the designer's steps; this is the same
 * generator end to end. DESIGNER_SEED is not read here (workerd has no process env): the
 * seed is fixed and printed.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { briefArb } from "../tools/briefs";
import { designOffline } from "./design-offline";

const SEED = 20_261_207;
const RUNS = 30;
const BRIEFS = fc.sample(briefArb, { numRuns: RUNS, seed: SEED });

describe(`the graph on ${RUNS} generated briefs (seed ${SEED})`, () => {
  it.each(BRIEFS.map((b, i) => [i, b.text] as const))(
    "brief %i completes with every invariant kept: %s",
    async (_i, text) => {
      const run = await designOffline(text);
      expect(run.report.length).toBeGreaterThan(500);
      const broken = run.policy.results.filter((r) => r.id.startsWith("INV-") && r.status === "fail");
      expect(broken, text).toEqual([]);
      expect(run.policy.results.filter((r) => r.id.startsWith("INV-")).length).toBe(5);
    },
  );
});
