/**
 * The catalogue and the patterns checked against each other: every component a pattern or
 * the planner names, in its source or in a design it builds on any target, is a catalogue
 * role, and every design's repository is generated and validated without a throw. A role
 * a pattern names but the catalogue lacks fails here, not in a user's run.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  ROLE_IDS,
  generateRepository,
  resolveRequirements,
  emptyConstraints,
  planDesign,
  CLOUDS,
  PATTERNS,
  type Constraints,
  validateRepository,
} from "../../worker/expert";
import { WORKLOADS } from "./designs";

const ROOT = path.join(import.meta.dirname, "../../worker/expert");

/** Every `.ts` file under `dir`, recursively. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : [],
  );
}

/** The ids a file names where a catalogue role is expected. */
function namedRoles(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const calls = /\b(?:add|addFleet|component|perRps|asComponent|ctx\.has)\(\s*(?:(?:req\.)?cloud,\s*)?"([a-z0-9_]+)"/g;
  const ids = [...text.matchAll(calls)].map((m) => m[1] ?? "");
  // A component pushed by hand with its own id.
  ids.push(...[...text.matchAll(/\bid: "([a-z0-9_]+)"/g)].map((m) => m[1] ?? ""));
  return ids;
}

/** Briefs that reach each pattern's optional parts: cold starts, features, training, regimes, DR. */
const VARIANTS: Partial<Constraints>[] = [
  {},
  { throughput_rps: 0.2, latency_p95_ms: 300, model_size: "small" },
  { throughput_rps: 500, latency_p95_ms: 50, model_types: ["recommendation"], training_frequency: "daily" },
  {
    compliance: ["PCI-DSS", "SOC2"],
    data_classification: "restricted",
    exposure: "public",
    disaster_recovery: "warm_standby",
  },
  { compliance: ["HIPAA"], availability_target: 99.99, model_size: "large", training_frequency: "weekly" },
  { compliance: ["GDPR"], regions: ["eu-west-1"], budget_monthly_usd: 50 },
];

describe("the catalogue and the patterns", () => {
  it("names only catalogue roles in the patterns', the planner's and the code writers' source", () => {
    const files = [
      ...sources(path.join(ROOT, "patterns")),
      ...sources(path.join(ROOT, "planner")),
      ...sources(path.join(ROOT, "codegen")),
    ];
    const unknown = files.flatMap((f) =>
      namedRoles(f)
        .filter((id) => !ROLE_IDS.includes(id))
        .map((id) => `${path.relative(ROOT, f)}: ${id}`),
    );
    expect(unknown).toEqual([]);
    // The scan reads what it should: the serverless pattern's warm instances among them.
    expect(namedRoles(path.join(ROOT, "patterns/serverless.ts"))).toContain("lambda_provisioned");
  });

  it("builds every pattern on every target from catalogue roles only, and generates and validates it", () => {
    let designs = 0;
    const seen = new Set<string>();
    for (const cloud of CLOUDS)
      for (const pattern of PATTERNS)
        for (const variant of VARIANTS) {
          const req = resolveRequirements({
            ...emptyConstraints(`Fraud scoring, ${pattern}.`),
            project_name: `cross-${pattern}`,
            workload_types: WORKLOADS[pattern],
            cloud,
            ...variant,
          });
          const { design } = planDesign(req, undefined, 0, pattern);
          const strays = design.components.filter((c) => c.category !== "dr" && !ROLE_IDS.includes(c.id));
          expect(
            strays.map((c) => c.id),
            `${cloud} ${pattern}`,
          ).toEqual([]);
          const files = generateRepository(design, req);
          expect(() => validateRepository(files, { design, req }), `${cloud} ${pattern}`).not.toThrow();
          for (const c of design.components) seen.add(c.id);
          designs += 1;
        }
    expect(designs).toBe(CLOUDS.length * PATTERNS.length * VARIANTS.length);
    // The variants reach the optional parts, warm function instances among them.
    expect(seen).toContain("lambda_provisioned");
  });
});
