/**
 * The designer's invariants: properties every design holds whichever thinker produced it
 * (the offline expert or the LLM). The policy node runs them on every design; the tests
 * run them on thousands of generated briefs. A `warn` is an invariant the brief makes
 * impossible, stated in the design; a `fail` is a broken design.
 */
import type { Design, PolicyReport, PolicyResult, Requirements } from "../schema";
import { budget } from "./budget";
import { gpus } from "./gpus";
import { residency } from "./residency";
import { shape } from "./shape";
import { stated } from "./stated";
import type { Invariant } from "./types";

export { cheapestFeasible } from "./budget";
export type { Invariant, InvariantInput } from "./types";

/** Every invariant, in the order the report lists them. */
export const INVARIANTS: readonly Invariant[] = [residency, budget, shape, gpus, stated];

/** Checks every invariant on `design` for `req`. */
export function checkInvariants(design: Design, req: Requirements): PolicyResult[] {
  return INVARIANTS.map((inv) => ({ id: inv.id, title: inv.title, ...inv.check({ design, req }) }));
}

/** The invariants `results` shows broken. */
export function brokenInvariants(results: readonly PolicyResult[]): PolicyResult[] {
  return results.filter((r) => r.status === "fail");
}

/** The policy report with the invariants' results added, and the directives that may fix a broken one. */
export function withInvariants(policy: PolicyReport, design: Design, req: Requirements): PolicyReport {
  const invariants = checkInvariants(design, req);
  const broken = brokenInvariants(invariants);
  const directives = { ...policy.directives };
  for (const b of broken) {
    if (b.id === "INV-BUDGET")
      directives.cost_level = Math.max(directives.cost_level, Math.min(2, design.directives.cost_level + 1));
    if (b.id === "INV-RESIDENCY" && req.residency?.jurisdiction === "EU") directives.eu_only = true;
  }
  return {
    results: [...policy.results, ...invariants],
    violations: [...policy.violations, ...broken.map((b) => b.id)],
    directives,
    passed: policy.passed && broken.length === 0,
  };
}
