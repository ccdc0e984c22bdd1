/**
 * The posture every design takes and explains: serving capacity, exposure, encryption,
 * egress, disaster recovery and training, each decision with the options it turned down.
 */
import { trainingRun } from "../catalogue/sizing";
import { component } from "../catalogue/components";
import type { Alternative, Cloud, Compliance, Decision, Design, DrTier, Requirements } from "../schema";

/** Compliance regimes that require an audit trail of every API call. */
export const AUDITED: Compliance[] = ["SOX", "HIPAA", "PCI-DSS", "SOC2", "FedRAMP", "ISO27001"];
/** DR tiers from none to a second active region. */
export const DR_ORDER: DrTier[] = ["none", "backup_restore", "pilot_light", "warm_standby", "multi_region_active"];

/** Each target's words for what the posture decisions name. */
const TERMS: Record<Cloud, { privateLink: string; providerKeys: string; nat: string; zones: string }> = {
  aws: { privateLink: "PrivateLink", providerKeys: "AWS-managed keys (SSE-S3)", nat: "NAT gateway", zones: "AZs" },
  gcp: {
    privateLink: "Private Service Connect",
    providerKeys: "Google-managed encryption keys",
    nat: "Cloud NAT gateway",
    zones: "zones",
  },
  azure: {
    privateLink: "Private Link",
    providerKeys: "Microsoft-managed keys",
    nat: "NAT Gateway",
    zones: "availability zones",
  },
  self_hosted: {
    privateLink: "in-cluster service endpoints",
    providerKeys: "the storage layer's own encryption",
    nat: "egress gateway",
    zones: "racks",
  },
};
/** What the DR copy in the second region does, for its component's role. */
export function drRole(dr: DrTier): string {
  switch (dr) {
    case "backup_restore":
      return "cross-region backups of models and data; restore on disaster (RTO hours)";
    case "pilot_light":
      return "data replicated, serving scaled to zero in the second region (RTO ~1 h)";
    case "warm_standby":
      return "a scaled-down copy serving in the second region (RTO minutes)";
    case "multi_region_active":
      return "a full second region serving traffic (RTO ~0)";
    default:
      return "none";
  }
}

/** The decisions about posture every design makes, with the options it turned down. */
export function postureDecisions(x: {
  exposure: "public" | "private";
  privateNetworking: boolean;
  kms: boolean;
  audit: boolean;
  waf: boolean;
  nat: number;
  azs: number;
  lean: boolean;
  req: Requirements;
  dr: DrTier;
  drRegion: string | null;
  serving: Design["serving"];
  trainingAlternative: string;
}): Decision[] {
  const out: Decision[] = [];
  const { req } = x;
  const terms = TERMS[req.cloud];
  const waf = component("waf", req.cloud).name;
  const key = component("kms", req.cloud).name;
  if (x.serving !== null && x.serving.replicas > 0) {
    const alternatives: Alternative[] = [];
    if (x.serving.replicas > 1)
      alternatives.push({
        option: "1 replica",
        reason_rejected: `a single replica is a single point of failure for a ${req.availability}% target`,
      });
    if (!x.serving.gpu && req.model_size === "medium")
      alternatives.push({
        option: "GPU instances",
        reason_rejected: "a medium model meets the latency target on CPU for less",
      });
    if (x.serving.gpu)
      alternatives.push({
        option: "CPU instances",
        reason_rejected: `a ${req.model_size} model is too slow on CPU for the latency target`,
      });
    out.push({
      topic: "Serving capacity",
      choice: `${x.serving.replicas} × ${x.serving.instance} on ${x.serving.platform}`,
      reason: `${req.rps} req/s${x.lean ? "" : " with 30% headroom"} at ~${Math.round(x.serving.capacity_rps / Math.max(1, x.serving.replicas))} req/s per replica, at least ${req.availability >= 99.99 ? 3 : req.availability >= 99.9 ? 2 : 1} for availability.`,
      alternatives,
    });
  }
  out.push({
    topic: "Network exposure",
    choice:
      x.exposure === "private"
        ? `private endpoint${x.privateNetworking ? ` over ${terms.privateLink}` : ""}`
        : `public HTTPS endpoint behind ${waf}`,
    reason:
      x.exposure === "private"
        ? req.compliance.includes("PCI-DSS")
          ? "PCI-DSS scope: no endpoint may be reachable from the internet."
          : "The callers are internal, or the data demands it."
        : `Clients call from the internet; the ${waf} rate-limits and filters them.`,
    alternatives: [
      x.exposure === "private"
        ? { option: "public endpoint", reason_rejected: "widens the attack surface of sensitive data" }
        : { option: "private endpoint", reason_rejected: "external clients could not reach it" },
    ],
  });
  out.push({
    topic: "Encryption at rest",
    choice: x.kms ? key : terms.providerKeys,
    reason: x.kms
      ? `${req.classification} data${req.compliance.length > 0 ? ` under ${req.compliance.join(", ")}` : ""}: key policy, rotation and audit are ours.`
      : `${req.classification} data: managed keys are enough and cost nothing.`,
    alternatives: [
      x.kms
        ? { option: terms.providerKeys, reason_rejected: "no control over key policy or rotation evidence" }
        : { option: key, reason_rejected: "adds cost without a requirement behind it" },
    ],
  });
  if (x.nat > 0) {
    out.push({
      topic: "Egress",
      choice: `${x.nat} ${terms.nat}${x.nat > 1 ? "s" : ""} across ${x.azs} ${terms.zones}`,
      reason:
        x.nat < x.azs
          ? `One shared ${terms.nat} saves a gateway's price per zone; a zone outage cuts egress.`
          : `One ${terms.nat} per zone: losing a zone does not cut egress.`,
      alternatives: [
        x.nat < x.azs
          ? { option: `${x.azs} ${terms.nat}s`, reason_rejected: "costs more than the lean budget allows" }
          : { option: `1 shared ${terms.nat}`, reason_rejected: "a single point of failure for egress" },
      ],
    });
  }
  const drCost = x.drRegion === null ? "" : ` in ${x.drRegion}`;
  out.push({
    topic: "Disaster recovery",
    choice: `${x.dr.replace(/_/g, " ")}${drCost}`,
    reason: drReason(x.dr, req),
    alternatives: DR_ORDER.filter((t) => t !== x.dr && t !== "none")
      .slice(0, 2)
      .map((t) => ({
        option: t.replace(/_/g, " "),
        reason_rejected:
          DR_ORDER.indexOf(t) > DR_ORDER.indexOf(x.dr)
            ? `more than the ${req.availability}% target needs`
            : "recovers too slowly for the target",
      })),
  });
  if (req.training !== "none") {
    out.push({
      topic: "Training",
      choice: `${component("sagemaker_training", req.cloud).name}, ${req.training}${x.lean ? ", on Spot capacity" : ""}`,
      reason: `${req.training} retraining of a ${req.model_size} model on ${trainingRun(req.cloud, req.model_size).instance}; jobs stop when done, so idle costs nothing.`,
      alternatives: [
        x.lean
          ? { option: "on-demand training", reason_rejected: "about three times the price of Spot" }
          : {
              option: "managed Spot training",
              reason_rejected: "interruptions would delay retraining; kept for a lean budget",
            },
        {
          option: x.trainingAlternative,
          reason_rejected: "pays for GPUs between runs",
        },
      ],
    });
  }
  return out;
}

function drReason(dr: DrTier, req: Requirements): string {
  if (dr === "multi_region_active")
    return `A ${req.availability}% target cannot survive a regional outage with one region.`;
  if (dr === "warm_standby") return "A scaled-down copy recovers in minutes at about half the serving cost.";
  if (dr === "pilot_light")
    return "Data is replicated and serving starts on demand: an hour's RTO at a fifth of the cost.";
  if (dr === "backup_restore")
    return "Cross-region backups of models and data are enough for this availability target.";
  return "No disaster recovery was asked for.";
}
