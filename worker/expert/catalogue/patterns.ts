/**
 * The architecture patterns as the catalogue describes them (`patterns.json`, validated at
 * load): how each fits a kind of workload, what it takes to run, its strengths and
 * weaknesses, and its name and summary on each target. How each builds a design is in
 * `patterns/`.
 */
import { z } from "zod";
import { Cloud, PatternId, Workload, type Cloud as CloudId } from "../schema";
import patternData from "./patterns.json";

const PerCloud = z.record(Cloud, z.string().min(1));

const PatternEntry = z
  .object({
    name: PerCloud,
    summary: PerCloud,
    fit: z.record(Workload, z.number().min(0).max(1)),
    ops_complexity: z.number().int().min(1).max(4),
    strengths: z.array(z.string().min(1)),
    weaknesses: z.array(z.string().min(1)),
  })
  .strict();

/** How a pattern fits a kind of workload, 0..1, and what it takes to run it. */
export interface Pattern {
  id: PatternId;
  /** The name on AWS; `patternText` gives it on the design's cloud. */
  name: string;
  summary: string;
  fit: Record<Workload, number>;
  /** Operational complexity 1 (hands-off) .. 4 (a platform team's job). */
  ops_complexity: number;
  strengths: string[];
  weaknesses: string[];
}

const ENTRIES = z.record(PatternId, PatternEntry).parse(patternData);

/** The pattern `id` as the planner scores it, named as on AWS. */
function entryOf(id: PatternId): Pattern {
  const { name, summary, ...rest } = ENTRIES[id];
  return { id, name: name.aws, summary: summary.aws, ...rest };
}

/** The architecture patterns the planner scores against every request. */
export const PATTERN_CATALOGUE: Record<PatternId, Pattern> = {
  serverless: entryOf("serverless"),
  containers: entryOf("containers"),
  kubernetes: entryOf("kubernetes"),
  managed_platform: entryOf("managed_platform"),
  batch_analytics: entryOf("batch_analytics"),
  streaming: entryOf("streaming"),
};

/** The pattern's name and summary on `cloud`, naming that cloud's products. */
export function patternText(id: PatternId, cloud: CloudId): { name: string; summary: string } {
  const entry = ENTRIES[id];
  return { name: entry.name[cloud], summary: entry.summary[cloud] };
}
