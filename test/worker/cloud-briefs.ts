/**
 * Twenty-four briefs across the four targets, each with what an architect would decide:
 * the cloud, the architecture class, the compliance set, EU residency, the latency
 * percentile (null where nothing answers online), GPU, and the budget verdict (a brief
 * without a budget takes the default offered, the design's cost with headroom).
 */
import { z } from "zod";
import { Cloud, Compliance, LatencyPercentile, PatternId } from "../../worker/expert";
import briefs from "./cloud-briefs.json";

const CloudBrief = z
  .object({
    prompt: z.string().min(20),
    cloud: Cloud,
    /** The classes that fit; the design's pattern must be one of them. */
    classes: z.array(PatternId).min(1),
    compliance: z.array(Compliance),
    eu: z.boolean(),
    percentile: LatencyPercentile.nullable(),
    gpu: z.boolean(),
    budget: z.enum(["within", "over", "none"]),
  })
  .strict();
export type CloudBrief = z.infer<typeof CloudBrief>;

/** The table (`cloud-briefs.json`); a batch brief's classes are the batch pattern or the managed platform's batch jobs. */
export const CLOUD_BRIEFS: CloudBrief[] = z.array(CloudBrief).parse(briefs);
