/**
 * What the brief states is kept exactly: the latency percentile, the availability, the
 * compliance set and the named target, read from its words by the same rules intake uses,
 * whichever thinker resolved the requirements.
 */
import { cloudOf, complianceOf } from "../extract/data";
import { availabilityOf, latencyOf, percentileOf } from "../extract/units";
import { latencyAt } from "../schema";
import type { Invariant } from "./types";

export const stated: Invariant = {
  id: "INV-STATED",
  title: "The percentile, availability, compliance and target the brief states are kept",
  check({ design, req }) {
    const lower = req.description.toLowerCase();
    const broken: string[] = [];
    const percentile = latencyOf(lower) === null ? null : percentileOf(lower);
    if (percentile !== null && req.latency_percentile !== percentile)
      broken.push(`latency at ${req.latency_percentile}, the brief says ${percentile}`);
    const availability = availabilityOf(lower);
    if (availability !== null && req.availability !== availability)
      broken.push(`availability ${req.availability}%, the brief says ${availability}%`);
    const compliance = complianceOf(req.description) ?? [];
    const dropped = compliance.filter((c) => !req.compliance.includes(c));
    if (dropped.length > 0) broken.push(`${dropped.join(", ")} dropped`);
    const cloud = cloudOf(lower);
    if (cloud !== null && design.cloud !== cloud) broken.push(`designed on ${design.cloud}, the brief names ${cloud}`);
    if (design.cloud !== req.cloud) broken.push(`designed on ${design.cloud}, required on ${req.cloud}`);
    const p95 = design.estimates.latency_p95_ms;
    const shown =
      p95 === null || req.latency_p95_ms === null
        ? ""
        : ` (${req.latency_percentile} est. ${latencyAt(req.latency_percentile, p95)} ms)`;
    return broken.length === 0
      ? { status: "pass", detail: `Kept as stated${shown}.` }
      : { status: "fail", detail: broken.join("; ") };
  },
};
