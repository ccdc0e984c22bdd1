/**
 * The design report: architecture with a Mermaid diagram, every decision with its reason
 * and the alternatives turned down, the cost table, policy results, risks and the
 * validation results. Plain Markdown, so it reads the same in the app, on GitHub and in
 * the artifact bundle.
 */
import type {
  Approval,
  Candidate,
  Constraints,
  Design,
  DesignDiff,
  Finding,
  PolicyReport,
  Requirements,
  ValidationReport,
} from "./schema";
import { priceSource } from "./catalogue/components";
import { usd } from "./text";

/** Everything the report is written from. */
export interface ReportInput {
  design: Design;
  req: Requirements;
  constraints: Constraints;
  candidates: Candidate[];
  findings: Finding[];
  policy: PolicyReport;
  validation: ValidationReport | null;
  approval: Approval | null;
  replans: number;
  /** A short narrative from the LLM, when one wrote it. */
  executive_summary?: string;
}

const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 } as const;

/** Writes the full report. */
export function renderReport(x: ReportInput): string {
  const { design, req } = x;
  const prices = priceSource(design.cloud);
  const out: string[] = [];
  out.push(`# ${req.project_name}: MLOps architecture`);
  out.push("");
  out.push(
    `**${design.pattern_name}** on ${prices.title} · ${usd(design.estimates.monthly_usd)}/month (${design.estimates.band}) · ` +
      `p95 ${design.estimates.latency_p95_ms === null ? "n/a" : `${design.estimates.latency_p95_ms} ms`} · ` +
      `${design.estimates.availability}% availability · ${design.regions.primary}${design.regions.dr === null ? "" : ` + ${design.regions.dr}`}`,
  );
  out.push("");
  out.push("## Summary", "", design.summary, "");
  if (x.executive_summary !== undefined && x.executive_summary.trim() !== "") out.push(x.executive_summary.trim(), "");
  const fails = x.policy.results.filter((r) => r.status === "fail");
  out.push(
    fails.length === 0
      ? `All applicable policies pass${x.replans > 0 ? ` after ${x.replans} re-plan${x.replans > 1 ? "s" : ""}` : ""}.`
      : `**${fails.length} policy violation${fails.length > 1 ? "s remain" : " remains"}** after ${x.replans} re-plan${x.replans === 1 ? "" : "s"}: ${fails.map((f) => f.id).join(", ")}.`,
    "",
  );

  out.push("## Requirements", "", "| Requirement | Value | Source |", "| --- | --- | --- |");
  const source = (key: string) => x.constraints.provenance[key] ?? "default";
  const rows: [string, string, string][] = [
    ["Target", prices.title, source("cloud")],
    ["Workloads", req.workloads.join(", "), source("workload_types")],
    ["Throughput", `${req.rps} req/s`, source("throughput_rps")],
    [
      "Latency target",
      req.latency_p95_ms === null ? "none" : `${req.latency_percentile} ${req.latency_p95_ms} ms`,
      source("latency_p95_ms"),
    ],
    ["Availability", `${req.availability}%`, source("availability_target")],
    ["Data classification", req.classification, source("data_classification")],
    ["Compliance", req.compliance.length === 0 ? "none" : req.compliance.join(", "), source("compliance")],
    ["Budget", req.budget_usd === null ? "not capped" : `${usd(req.budget_usd)}/month`, source("budget_monthly_usd")],
    ["Regions", req.regions.join(", "), source("regions")],
    ["Disaster recovery", req.dr.replace(/_/g, " "), source("disaster_recovery")],
    ["Model", `${req.model_types.join(", ")} (${req.model_size})`, source("model_types")],
    ["Training", req.training, source("training_frequency")],
    ["Team size", String(req.team_size), source("team_size")],
    ["Team expertise", req.expertise, source("team_expertise")],
    ["Deployment preference", req.deployment.replace(/_/g, " "), source("deployment_preference")],
  ];
  for (const [k, v, s] of rows) out.push(`| ${k} | ${cell(v)} | ${s} |`);
  out.push("");
  if (design.assumptions.length > 0) {
    out.push("### Assumptions", "", ...design.assumptions.map((a) => `- ${a}`), "");
  }

  out.push("## Architecture", "", "```mermaid", mermaid(design), "```", "");
  out.push("| Component | Service | Role | Size | Region |", "| --- | --- | --- | --- | --- |");
  for (const c of design.components)
    out.push(
      `| ${cell(c.name)} | ${cell(c.service)} | ${cell(c.role)} | ${c.quantity} ${cell(c.unit)} | ${c.region === "dr" ? (design.regions.dr ?? "dr") : design.regions.primary} |`,
    );
  out.push("");

  out.push("## Decisions", "");
  for (const d of design.decisions) {
    out.push(`### ${d.topic}: ${d.choice}`, "", d.reason, "");
    if (d.alternatives.length > 0) {
      out.push("Alternatives considered:", "");
      for (const a of d.alternatives) out.push(`- **${a.option}**: ${a.reason_rejected}`);
      out.push("");
    }
  }

  out.push(
    "## Patterns weighed",
    "",
    "| Pattern | Feasible | Score | Monthly | Note |",
    "| --- | --- | --- | --- | --- |",
  );
  for (const c of x.candidates)
    out.push(
      `| ${c.pattern}${c.pattern === design.pattern ? " (chosen)" : ""} | ${c.feasible ? "yes" : "no"} | ${c.score} | ${usd(c.monthly_usd)} | ${cell(c.why)} |`,
    );
  out.push("");

  out.push("## Cost estimate", "", "| Component | Quantity | Monthly (USD) |", "| --- | --- | ---: |");
  for (const c of design.components.toSorted((a, b) => b.monthly_usd - a.monthly_usd))
    out.push(`| ${cell(c.name)} | ${c.quantity} ${cell(c.unit)} | ${usd(c.monthly_usd)} |`);
  out.push(`| **Total** | | **${usd(design.estimates.monthly_usd)}** |`, "");
  out.push(
    `Band: **${design.estimates.band}**. ${req.budget_usd === null ? "No budget was given." : `Budget ${usd(req.budget_usd)}/month: ${design.estimates.monthly_usd <= req.budget_usd ? `${usd(req.budget_usd - design.estimates.monthly_usd)} headroom` : `${usd(design.estimates.monthly_usd - req.budget_usd)} over`}.`}`,
    "",
    `Prices for ${prices.title}: ${prices.basis} Source: ${prices.source} (as of ${prices.as_of})`,
    "",
  );
  if (prices.cost_model !== null) out.push(`Cost model: ${prices.cost_model.summary}`, "");

  out.push("## Policy results", "", "| Rule | Status | Detail |", "| --- | --- | --- |");
  for (const r of x.policy.results)
    out.push(`| ${r.id} ${cell(r.title)} | ${statusMark(r.status)} | ${cell(r.detail)} |`);
  out.push("");

  out.push("## Risks", "");
  const findings = x.findings.toSorted((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  if (findings.length === 0) out.push("The critics found no risks worth recording.");
  for (const f of findings)
    out.push(`- **${f.severity.toUpperCase()}: ${f.title}.** ${f.detail} _Recommendation:_ ${f.recommendation}`);
  out.push("");

  if (x.validation !== null) {
    const v = x.validation;
    out.push(
      "## Generated code checks",
      "",
      `${v.passed} passed, ${v.warned} warnings, ${v.failed} failed.`,
      "",
      "| Check | Status | Details |",
      "| --- | --- | --- |",
    );
    for (const c of v.checks)
      out.push(`| ${cell(c.title)} | ${statusMark(c.status)} | ${cell(c.details.slice(0, 3).join("; "))} |`);
    out.push("");
  }
  if (x.approval !== null) {
    out.push(
      "## Approval",
      "",
      `${x.approval.decision === "approved" ? "Approved" : "Rejected"}${x.approval.approved_by === "" ? "" : ` by ${x.approval.approved_by}`}${x.approval.source === "auto" ? " automatically at the deadline" : ""}.${x.approval.comment === "" ? "" : ` Comment: "${x.approval.comment}"`}`,
      "",
    );
  }
  return out.join("\n");
}

/** The short report of a plan the approver rejected: what was proposed and why it stopped. */
export function renderRejection(design: Design, req: Requirements, approval: Approval, policy: PolicyReport): string {
  return [
    `# ${req.project_name}: design rejected`,
    "",
    `The proposed ${design.pattern_name} design (${usd(design.estimates.monthly_usd)}/month, ${design.estimates.band} band) was rejected${approval.approved_by === "" ? "" : ` by ${approval.approved_by}`}.`,
    approval.comment === "" ? "" : `\n> ${approval.comment}\n`,
    "No code was generated. Send a follow-up message on the same thread with what should change; the next design is compared with this one.",
    "",
    "## Policy results at rejection",
    "",
    ...policy.results.filter((r) => r.status !== "n/a").map((r) => `- ${r.id} ${r.title}: ${r.status}`),
    "",
  ].join("\n");
}

/** Appends the comparison with the previous design to a report. */
export function renderDiff(diff: DesignDiff): string {
  const out = ["## Changes since the previous design", "", diff.summary, ""];
  if (diff.changes.length > 0) {
    out.push("| What | Before | After |", "| --- | --- | --- |");
    for (const c of diff.changes) out.push(`| ${cell(c.field)} | ${cell(c.before)} | ${cell(c.after)} |`);
    out.push("");
  }
  if (diff.added_components.length > 0) out.push(`Added: ${diff.added_components.join(", ")}.`, "");
  if (diff.removed_components.length > 0) out.push(`Removed: ${diff.removed_components.join(", ")}.`, "");
  return out.join("\n");
}

function statusMark(status: string): string {
  switch (status) {
    case "pass":
      return "✅ pass";
    case "fail":
      return "❌ fail";
    case "warn":
      return "⚠️ warn";
    default:
      return "n/a";
  }
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** A Mermaid flowchart of the design: callers, the request path, data, ML lifecycle, DR. */
export function mermaid(design: Design): string {
  const lines = ["flowchart LR"];
  const id = (s: string) => s.replace(/[^A-Za-z0-9_]/g, "_");
  const label = (s: string) => s.replace(/"/g, "'");
  const node = (key: string, text: string, shape: "box" | "db" | "round" = "box") => {
    const l = label(text);
    return shape === "db" ? `${id(key)}[("${l}")]` : shape === "round" ? `${id(key)}(["${l}"])` : `${id(key)}["${l}"]`;
  };
  const primary = design.components.filter((c) => c.region === "primary");
  const sourceLabel =
    design.pattern === "batch_analytics"
      ? "Nightly schedule"
      : design.pattern === "streaming"
        ? "Event producers"
        : design.network.exposure === "public"
          ? "Internet clients"
          : "Internal clients";
  lines.push(`  ${node("callers", sourceLabel, "round")}`);
  lines.push(`  subgraph region_primary["${label(design.regions.primary)}"]`);
  for (const c of primary) {
    const shape = c.category === "storage" || c.category === "data" || c.category === "registry" ? "db" : "box";
    lines.push(`    ${node(c.id, c.name, shape)}`);
  }
  lines.push("  end");
  const has = (cid: string) => primary.some((c) => c.id === cid);
  // The request path, in the order the planner laid it out.
  const path = primary
    .filter((c) => c.on_request_path && c.category !== "data" && c.id !== "vpc_endpoints")
    .map((c) => c.id);
  let prev = "callers";
  if (has("waf") && path.length > 0) {
    lines.push(`  callers --> ${id("waf")}`);
    prev = "waf";
  }
  if (design.pattern === "batch_analytics") {
    for (const step of ["eventbridge", "step_functions", "aws_batch"].filter(has)) {
      lines.push(`  ${id(prev)} --> ${id(step)}`);
      prev = step;
    }
    if (has("s3_data")) lines.push(`  ${id(prev)} --> ${id("s3_data")}`);
    if (has("athena")) lines.push(`  ${id("s3_data")} --> ${id("athena")}`);
  } else {
    for (const step of path) {
      lines.push(`  ${id(prev)} --> ${id(step)}`);
      prev = step;
    }
  }
  const servingNode = path.at(-1) ?? prev;
  if (has("dynamodb")) lines.push(`  ${id(servingNode)} <--> ${id("dynamodb")}`);
  if (has("s3_models")) lines.push(`  ${id("s3_models")} -. model .-> ${id(servingNode)}`);
  if (has("firehose"))
    lines.push(
      `  ${id(path[0] ?? servingNode)} --> ${id("firehose")}`,
      has("s3_data") ? `  ${id("firehose")} --> ${id("s3_data")}` : "",
    );
  if (has("sagemaker_training")) {
    const registry = has("sagemaker_registry") ? "sagemaker_registry" : has("mlflow") ? "mlflow" : null;
    if (has("s3_data")) lines.push(`  ${id("s3_data")} -. training data .-> ${id("sagemaker_training")}`);
    if (registry !== null)
      lines.push(
        `  ${id("sagemaker_training")} --> ${id(registry)}`,
        `  ${id(registry)} -. approved .-> ${id("s3_models")}`,
      );
    else lines.push(`  ${id("sagemaker_training")} --> ${id("s3_models")}`);
  }
  if (has("cloudwatch")) lines.push(`  ${id(servingNode)} -. metrics .-> ${id("cloudwatch")}`);
  if (has("model_monitor")) lines.push(`  ${id("cloudwatch")} -.- ${id("model_monitor")}`);
  if (has("kms")) lines.push(`  ${id("kms")} -. encrypts .-> ${id("s3_models")}`);
  const dr = design.components.find((c) => c.region === "dr");
  if (dr !== undefined && design.regions.dr !== null) {
    lines.push(`  subgraph region_dr["${label(design.regions.dr)}"]`, `    ${node("dr", dr.name)}`, "  end");
    lines.push(`  ${id("s3_models")} == replication ==> dr`);
    if (has("route53_failover")) lines.push(`  callers -. failover .-> dr`);
  }
  return lines.filter((l) => l !== "").join("\n");
}
