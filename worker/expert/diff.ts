/**
 * What changed between the thread's previous design and this one: pattern, regions,
 * posture, cost, availability, and the components added or removed.
 */
import type { FinalOutputs } from "../contract/events";
import { ArchitectureSummary, CLOUD_NAMES, type Cloud, type DesignDiff } from "./schema";
import { usd } from "./text";

function cloudName(cloud: Cloud): string {
  return CLOUD_NAMES[cloud];
}

/** Compares the previous decision set's outputs (if any) with the current architecture. */
export function diffDesigns(previous: FinalOutputs | null, current: ArchitectureSummary): DesignDiff {
  if (previous === null) {
    return {
      previous_available: false,
      summary: "This is the first design on this thread: nothing to compare.",
      changes: [],
      added_components: [],
      removed_components: [],
      cost_delta_usd: null,
    };
  }
  const parsed = ArchitectureSummary.safeParse(previous.architecture);
  if (!parsed.success) {
    return {
      previous_available: false,
      summary: `The previous decision set ended ${previous.status} without a comparable architecture.`,
      changes: [],
      added_components: [],
      removed_components: [],
      cost_delta_usd: null,
    };
  }
  const before = parsed.data;
  const changes: DesignDiff["changes"] = [];
  const compare = (field: string, a: string, b: string) => {
    if (a !== b) changes.push({ field, before: a, after: b });
  };
  compare("Cloud", cloudName(before.cloud), cloudName(current.cloud));
  compare("Pattern", before.pattern_name, current.pattern_name);
  compare("Primary region", before.regions.primary, current.regions.primary);
  compare(
    "DR",
    `${before.dr}${before.regions.dr === null ? "" : ` (${before.regions.dr})`}`,
    `${current.dr}${current.regions.dr === null ? "" : ` (${current.regions.dr})`}`,
  );
  compare("Exposure", before.network.exposure, current.network.exposure);
  compare("Private networking", String(before.network.private_networking), String(current.network.private_networking));
  compare("WAF", String(before.network.waf), String(current.network.waf));
  compare("Customer-managed keys", String(before.encryption_kms), String(current.encryption_kms));
  compare("Compliance", before.compliance.join(", ") || "none", current.compliance.join(", ") || "none");
  compare("Data classification", before.classification, current.classification);
  compare("Monthly cost", usd(before.monthly_usd), usd(current.monthly_usd));
  compare("Cost band", before.band, current.band);
  compare(
    "p95 latency",
    before.latency_p95_ms === null ? "n/a" : `${before.latency_p95_ms} ms`,
    current.latency_p95_ms === null ? "n/a" : `${current.latency_p95_ms} ms`,
  );
  compare("Availability", `${before.availability}%`, `${current.availability}%`);
  const key = (c: { id: string; quantity: number }) => `${c.id}×${c.quantity}`;
  const beforeIds = new Map(before.components.map((c) => [c.id, c]));
  const afterIds = new Map(current.components.map((c) => [c.id, c]));
  const added = current.components.filter((c) => !beforeIds.has(c.id)).map((c) => c.name);
  const removed = before.components.filter((c) => !afterIds.has(c.id)).map((c) => c.name);
  for (const c of current.components) {
    const b = beforeIds.get(c.id);
    // The same role on another cloud is another product: name it.
    if (b !== undefined && b.name !== c.name) changes.push({ field: `${c.id} product`, before: b.name, after: c.name });
    if (b !== undefined && key(b) !== key(c))
      changes.push({ field: `${c.name} quantity`, before: String(b.quantity), after: String(c.quantity) });
  }
  const delta = current.monthly_usd - before.monthly_usd;
  const summary =
    changes.length === 0 && added.length === 0 && removed.length === 0
      ? "The revised request leads to the same design as before."
      : `${changes.length} change${changes.length === 1 ? "" : "s"}, ${added.length} component${added.length === 1 ? "" : "s"} added, ${removed.length} removed; cost ${delta === 0 ? "unchanged" : `${delta > 0 ? "up" : "down"} ${usd(Math.abs(delta))}/month`}.`;
  return {
    previous_available: true,
    summary,
    changes,
    added_components: added,
    removed_components: removed,
    cost_delta_usd: delta,
  };
}
