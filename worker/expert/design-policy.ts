/**
 * Coded policy rules over the planned design, before any code is written (the generated
 * Terraform is held to the same policy by `terraform-policy.ts`). A failed rule is a
 * violation that sends the plan back to the planner with a directive that fixes it (at
 * most MAX_REPLANS times); a warning is reported but does not block.
 */
import { isEuRegion } from "./catalogue/regions";
import type { Design, Directives, PolicyReport, PolicyResult, Requirements } from "./schema";
import { usd } from "./text";

/** Re-plans allowed after a policy violation before the plan goes to the human anyway. */
export const MAX_REPLANS = 2;

/** Evaluates every rule and derives the directives for the next planning round. */
export function evaluatePolicies(design: Design, req: Requirements): PolicyReport {
  const results: PolicyResult[] = [];
  const next: Directives = { ...design.directives, excluded_patterns: [...design.directives.excluded_patterns] };
  const rule = (
    id: string,
    title: string,
    applies: boolean,
    ok: boolean,
    detail: string,
    fix?: () => void,
    warnOnly = false,
  ) => {
    if (!applies) {
      results.push({ id, title, status: "n/a", detail: "Does not apply to this request." });
      return;
    }
    if (ok) {
      results.push({ id, title, status: "pass", detail });
      return;
    }
    results.push({ id, title, status: warnOnly ? "warn" : "fail", detail });
    if (!warnOnly) fix?.();
  };
  const restricted = req.classification === "restricted";
  const pci = req.compliance.includes("PCI-DSS");

  rule(
    "POL-001",
    "Restricted data is encrypted with a customer-managed key and TLS",
    restricted,
    design.encryption.at_rest_kms && design.encryption.in_transit_tls,
    design.encryption.at_rest_kms
      ? "KMS CMK at rest, TLS in transit."
      : "Restricted data at rest without a customer-managed key.",
    () => {
      next.force_kms = true;
    },
  );
  rule(
    "POL-002",
    "Restricted data stays on private networking",
    restricted,
    design.network.private_networking,
    design.network.private_networking
      ? "Compute in private subnets; AWS APIs over PrivateLink."
      : "Restricted data crosses public networks.",
    () => {
      next.force_private = true;
    },
  );
  const publicParts = design.components.filter((c) => c.public).map((c) => c.name);
  rule(
    "POL-003",
    "PCI-DSS forbids public endpoints",
    pci,
    design.network.exposure === "private" && publicParts.length === 0,
    publicParts.length === 0 && design.network.exposure === "private"
      ? "Every endpoint is private."
      : `Public endpoints in PCI scope: ${publicParts.join(", ") || "the service endpoint"}.`,
    () => {
      next.force_private = true;
    },
  );
  const budget = req.budget_usd;
  const over = budget !== null && design.estimates.monthly_usd > budget;
  rule(
    "POL-004",
    "The design fits the budget",
    budget !== null,
    !over,
    budget === null ? "" : `${usd(design.estimates.monthly_usd)} against ${usd(budget)} a month.`,
    () => {
      next.cost_level = Math.min(2, design.directives.cost_level + 1);
    },
  );
  const hipaaGaps = design.components.filter((c) => !c.compliance.includes("HIPAA")).map((c) => c.name);
  rule(
    "POL-005",
    "HIPAA: eligible services only, with an audit trail",
    req.compliance.includes("HIPAA"),
    hipaaGaps.length === 0 && design.audit_logging,
    hipaaGaps.length > 0
      ? `Not HIPAA-eligible: ${hipaaGaps.join(", ")}.`
      : design.audit_logging
        ? "All services eligible; CloudTrail on."
        : "No audit trail.",
    () => {
      next.force_audit = true;
      if (hipaaGaps.length > 0) next.excluded_patterns.push(design.pattern);
    },
  );
  const euOnly = [design.regions.primary, design.regions.dr].filter((r): r is string => r !== null).every(isEuRegion);
  rule(
    "POL-006",
    "GDPR: personal data stays in EU regions",
    req.compliance.includes("GDPR") && req.classification !== "public",
    euOnly,
    euOnly
      ? `Regions ${design.regions.primary}${design.regions.dr === null ? "" : ` and ${design.regions.dr}`}.`
      : `Personal data in ${design.regions.primary}${design.regions.dr === null ? "" : ` / ${design.regions.dr}`}.`,
    () => {
      next.eu_only = true;
    },
  );
  rule(
    "POL-007",
    "SOX: immutable audit trail of changes",
    req.compliance.includes("SOX") || req.compliance.includes("SOC2"),
    design.audit_logging,
    design.audit_logging ? "CloudTrail to an object-locked bucket; deploys need approval." : "No audit trail.",
    () => {
      next.force_audit = true;
    },
  );
  rule(
    "POL-008",
    "Availability meets the target",
    design.pattern !== "batch_analytics",
    design.estimates.availability >= req.availability,
    `${design.estimates.availability}% estimated for a ${req.availability}% target.`,
    undefined,
    true,
  );
  rule(
    "POL-009",
    "Internet-facing or PCI endpoints sit behind a WAF",
    design.network.exposure === "public" || pci,
    design.network.waf,
    design.network.waf ? "AWS WAF with managed rules and rate limiting." : "No WAF in front of the endpoint.",
    undefined,
    true,
  );
  const violations = results.filter((r) => r.status === "fail").map((r) => r.id);
  return { results, violations, directives: next, passed: violations.length === 0 };
}
