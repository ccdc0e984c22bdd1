/**
 * Policy checked in the generated Terraform itself, in the terms of the design's target:
 * no public buckets (and none at all under PCI-DSS), no internet-facing endpoint under
 * PCI-DSS, customer-managed keys where data is restricted or the design asks for them, EU
 * regions under GDPR, and an audit trail where the design keeps one. Each target says what
 * counts as evidence (`EVIDENCE`); the checks are the same on every target.
 */
import { isEuRegion } from "./catalogue/regions";
import { result, type ValidationContext } from "./check-result";
import type { Cloud, GeneratedFile, ValidationCheck } from "./schema";
import { blocksOf, type HclBlock, type HclBody } from "./syntax/hcl";

type Bodies = Map<string, HclBody>;
interface Found {
  block: HclBlock;
  path: string;
}

function resources(bodies: Bodies, type: string): Found[] {
  const out: Found[] = [];
  for (const [path, body] of bodies)
    for (const b of blocksOf(body, "resource")) if (b.labels[0] === type) out.push({ block: b, path });
  return out;
}

function attr(block: HclBlock, name: string): string | undefined {
  return block.body.attributes.get(name)?.expr;
}

function nested(block: HclBlock, type: string): HclBlock[] {
  const out: HclBlock[] = [];
  const walk = (b: HclBlock) => {
    for (const c of b.body.blocks) {
      if (c.type === type) out.push(c);
      walk(c);
    }
  };
  walk(block);
  return out;
}

const name = (r: Found) => r.block.labels[1] ?? "";
const INTERNET = /0\.0\.0\.0\/0|::\/0|"\*"|"Internet"/;

/** What counts as evidence of each rule on one target. */
interface Evidence {
  /** Public-access problems of the target's buckets. */
  publicBuckets(bodies: Bodies): string[];
  /** Buckets not encrypted with the design's own key. */
  unencryptedBuckets(bodies: Bodies): string[];
  /** Resource types (or chart names, self-hosted) that hold a customer-managed key. */
  keys: string[];
  /** Endpoints reachable from the internet. */
  publicEndpoints(bodies: Bodies, files: GeneratedFile[]): string[];
  /** Resource types (or charts) that keep the audit trail, and what each must have. */
  audit(bodies: Bodies): string[];
}

/** Releases of a chart, self-hosted: the chart name is the evidence. */
function releases(bodies: Bodies, chart: RegExp): Found[] {
  return resources(bodies, "helm_release").filter((r) => chart.test(attr(r.block, "chart") ?? ""));
}

const AWS: Evidence = {
  publicBuckets(bodies) {
    const issues: string[] = [];
    const blocks = resources(bodies, "aws_s3_bucket_public_access_block");
    for (const bucket of resources(bodies, "aws_s3_bucket").map(name)) {
      const pab = blocks.find((b) => (attr(b.block, "bucket") ?? "").includes(`aws_s3_bucket.${bucket}.`));
      if (pab === undefined) issues.push(`bucket ${bucket} has no public access block`);
      else
        for (const key of ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"])
          if (attr(pab.block, key) !== "true") issues.push(`bucket ${bucket}: ${key} is not true`);
    }
    for (const r of resources(bodies, "aws_s3_bucket_acl"))
      if (/public-read/.test(attr(r.block, "acl") ?? "")) issues.push(`${r.path}: a public ACL`);
    return issues;
  },
  unencryptedBuckets(bodies) {
    const issues: string[] = [];
    const sse = resources(bodies, "aws_s3_bucket_server_side_encryption_configuration");
    for (const r of sse) {
      const algos = nested(r.block, "apply_server_side_encryption_by_default").map(
        (b) => attr(b, "sse_algorithm") ?? "",
      );
      if (!algos.some((a) => a.includes("aws:kms"))) issues.push(`${r.path}: ${name(r)} is not encrypted with KMS`);
    }
    const targets = sse.map((r) => attr(r.block, "bucket") ?? "");
    for (const bucket of resources(bodies, "aws_s3_bucket").map(name))
      if (!targets.some((t) => t.includes(`aws_s3_bucket.${bucket}.`)))
        issues.push(`bucket ${bucket} has no encryption configuration`);
    return issues;
  },
  keys: ["aws_kms_key"],
  publicEndpoints(bodies, files) {
    const issues: string[] = [];
    for (const r of resources(bodies, "aws_security_group"))
      for (const ing of nested(r.block, "ingress"))
        if (INTERNET.test(`${attr(ing, "cidr_blocks") ?? ""} ${attr(ing, "ipv6_cidr_blocks") ?? ""}`))
          issues.push(`${r.path}: security group ${name(r)} admits the internet`);
    for (const r of resources(bodies, "aws_lb"))
      if (attr(r.block, "internal") !== "true") issues.push(`${r.path}: load balancer ${name(r)} is internet-facing`);
    for (const r of resources(bodies, "aws_api_gateway_rest_api")) {
      const types = nested(r.block, "endpoint_configuration").map((e) => attr(e, "types") ?? "");
      if (!types.some((t) => t.includes("PRIVATE"))) issues.push(`${r.path}: API ${name(r)} is not PRIVATE`);
    }
    for (const r of resources(bodies, "aws_eks_cluster"))
      for (const v of nested(r.block, "vpc_config"))
        if (attr(v, "endpoint_public_access") !== "false") issues.push(`${r.path}: the EKS API endpoint is public`);
    for (const f of files.filter((x) => x.path.startsWith("k8s/")))
      if (/scheme:\s*internet-facing/.test(f.content)) issues.push(`${f.path}: internet-facing ingress`);
    return issues;
  },
  audit(bodies) {
    const trails = resources(bodies, "aws_cloudtrail");
    if (trails.length === 0) return ["no CloudTrail trail"];
    return trails
      .filter((t) => attr(t.block, "enable_log_file_validation") !== "true")
      .map((t) => `${t.path}: log file validation is off`);
  },
};

const GCP: Evidence = {
  publicBuckets(bodies) {
    const issues = resources(bodies, "google_storage_bucket")
      .filter((r) => attr(r.block, "public_access_prevention") !== '"enforced"')
      .map((r) => `bucket ${name(r)}: public access prevention is not enforced`);
    for (const type of ["google_storage_bucket_iam_member", "google_storage_bucket_iam_binding"])
      for (const r of resources(bodies, type))
        if (/allUsers|allAuthenticatedUsers/.test(`${attr(r.block, "member") ?? ""}${attr(r.block, "members") ?? ""}`))
          issues.push(`${r.path}: ${name(r)} grants the public`);
    return issues;
  },
  unencryptedBuckets: (bodies) =>
    resources(bodies, "google_storage_bucket")
      .filter((r) => !nested(r.block, "encryption").some((e) => attr(e, "default_kms_key_name") !== undefined))
      .map((r) => `bucket ${name(r)} has no customer-managed key`),
  keys: ["google_kms_crypto_key"],
  publicEndpoints(bodies) {
    const issues: string[] = [];
    for (const r of resources(bodies, "google_cloud_run_v2_service"))
      if (/INGRESS_TRAFFIC_ALL/.test(attr(r.block, "ingress") ?? "INGRESS_TRAFFIC_ALL"))
        issues.push(`${r.path}: Cloud Run service ${name(r)} takes traffic from the internet`);
    // A Private Service Connect rule for Google's APIs (target all-apis or vpc-sc) is inside the VPC.
    for (const r of resources(bodies, "google_compute_global_forwarding_rule"))
      if (
        !/INTERNAL|all-apis|vpc-sc/.test(
          `${attr(r.block, "load_balancing_scheme") ?? ""} ${attr(r.block, "target") ?? ""}`,
        )
      )
        issues.push(`${r.path}: forwarding rule ${name(r)} is internet-facing`);
    for (const r of resources(bodies, "google_container_cluster"))
      for (const p of nested(r.block, "private_cluster_config"))
        if (attr(p, "enable_private_endpoint") !== "true") issues.push(`${r.path}: the GKE API endpoint is public`);
    return issues;
  },
  audit(bodies) {
    const issues: string[] = [];
    if (resources(bodies, "google_project_iam_audit_config").length === 0) issues.push("no audit log configuration");
    if (resources(bodies, "google_logging_project_sink").length === 0)
      issues.push("audit logs are not routed to a kept bucket");
    return issues;
  },
};

const AZURE: Evidence = {
  publicBuckets: (bodies) =>
    resources(bodies, "azurerm_storage_account")
      .filter((r) => attr(r.block, "allow_nested_items_to_be_public") !== "false")
      .map((r) => `storage account ${name(r)} allows public containers`),
  unencryptedBuckets(bodies) {
    const cmk = resources(bodies, "azurerm_storage_account_customer_managed_key").map(
      (r) => attr(r.block, "storage_account_id") ?? "",
    );
    return resources(bodies, "azurerm_storage_account")
      .filter((r) => nested(r.block, "customer_managed_key").length === 0)
      .filter((r) => !cmk.some((c) => c.includes(`azurerm_storage_account.${name(r)}.`)))
      .map((r) => `storage account ${name(r)} has no customer-managed key`);
  },
  keys: ["azurerm_key_vault_key"],
  publicEndpoints(bodies) {
    const issues: string[] = [];
    // A gateway is internet-facing when a listener uses a frontend with a public IP (v2 always has one).
    for (const r of resources(bodies, "azurerm_application_gateway")) {
      const publicFrontends = new Set(
        nested(r.block, "frontend_ip_configuration")
          .filter((f) => attr(f, "public_ip_address_id") !== undefined)
          .map((f) => (attr(f, "name") ?? "").replace(/"/g, "")),
      );
      for (const l of nested(r.block, "http_listener"))
        if (publicFrontends.has((attr(l, "frontend_ip_configuration_name") ?? "").replace(/"/g, "")))
          issues.push(`${r.path}: application gateway ${name(r)} listens on a public IP`);
    }
    // External ingress is internet-facing unless its environment sits on an internal load balancer.
    const internalEnvs = resources(bodies, "azurerm_container_app_environment")
      .filter((e) => attr(e.block, "internal_load_balancer_enabled") === "true")
      .map((e) => `azurerm_container_app_environment.${name(e)}.`);
    for (const r of resources(bodies, "azurerm_container_app")) {
      const env = attr(r.block, "container_app_environment_id") ?? "";
      if (internalEnvs.some((e) => env.includes(e))) continue;
      for (const i of nested(r.block, "ingress"))
        if (attr(i, "external_enabled") === "true") issues.push(`${r.path}: container app ${name(r)} is external`);
    }
    for (const r of resources(bodies, "azurerm_kubernetes_cluster"))
      if (attr(r.block, "private_cluster_enabled") !== "true") issues.push(`${r.path}: the AKS API endpoint is public`);
    for (const r of resources(bodies, "azurerm_network_security_rule"))
      if (/Inbound/.test(attr(r.block, "direction") ?? "") && /Allow/.test(attr(r.block, "access") ?? ""))
        if (INTERNET.test(attr(r.block, "source_address_prefix") ?? ""))
          issues.push(`${r.path}: rule ${name(r)} admits the internet`);
    return issues;
  },
  audit: (bodies) =>
    resources(bodies, "azurerm_monitor_diagnostic_setting").length === 0 ? ["no activity log export"] : [],
};

const SELF_HOSTED: Evidence = {
  // Buckets are claims on the site's own object store, never reachable from outside it.
  publicBuckets: () => [],
  unencryptedBuckets: () => [],
  keys: ["openbao", "vault"],
  publicEndpoints(bodies) {
    const issues: string[] = [];
    for (const r of resources(bodies, "kubernetes_service_v1"))
      for (const spec of nested(r.block, "spec"))
        if (/LoadBalancer/.test(attr(spec, "type") ?? ""))
          issues.push(`${r.path}: service ${name(r)} takes a site-wide load balancer address`);
    return issues;
  },
  audit: (bodies) => (releases(bodies, /fluent-bit/).length === 0 ? ["no audit log shipper (fluent-bit)"] : []),
};

const EVIDENCE: Record<Cloud, Evidence> = { aws: AWS, gcp: GCP, azure: AZURE, self_hosted: SELF_HOSTED };

function hasKey(bodies: Bodies, cloud: Cloud, e: Evidence): boolean {
  if (cloud === "self_hosted") return e.keys.some((k) => releases(bodies, new RegExp(k)).length > 0);
  return e.keys.some((k) => resources(bodies, k).length > 0);
}

/** The policy checks for the repository, on the design's target (AWS when no design is given). */
export function policyChecks(files: GeneratedFile[], bodies: Bodies, ctx: ValidationContext): ValidationCheck[] {
  const { req, design } = ctx;
  const cloud = design?.cloud ?? "aws";
  const e = EVIDENCE[cloud];
  const checks: ValidationCheck[] = [];
  const pci = req?.compliance.includes("PCI-DSS") === true;

  const buckets = e.publicBuckets(bodies);
  checks.push(
    pci
      ? result("policy-no-public-buckets", "PCI-DSS: no public buckets", buckets)
      : result("policy-no-public-buckets", "No public buckets", [], buckets),
  );
  if (pci)
    checks.push(
      result(
        "policy-no-public-endpoints",
        "PCI-DSS: no public endpoints",
        e.publicEndpoints(bodies, files),
        [],
        "every endpoint is private",
      ),
    );
  if (req?.classification === "restricted" || design?.encryption.at_rest_kms === true) {
    const issues = e.unencryptedBuckets(bodies);
    if (!hasKey(bodies, cloud, e)) issues.push("no customer-managed key");
    checks.push(result("policy-kms", "Data at rest encrypted with customer-managed keys", issues));
  }
  if (req !== undefined && req.compliance.includes("GDPR") && req.classification !== "public") {
    const issues: string[] = [];
    for (const body of bodies.values())
      for (const v of blocksOf(body, "variable"))
        if (v.labels[0] === "region" || v.labels[0] === "dr_region") {
          const def = (attr(v, "default") ?? "").replace(/"/g, "");
          if (!isEuRegion(def)) issues.push(`variable ${v.labels[0]} defaults to ${def || "nothing"}`);
        }
    checks.push(result("policy-gdpr-regions", "GDPR: regions are in the EU", issues));
  }
  if (design?.audit_logging === true) checks.push(result("policy-audit-trail", "Audit trail kept", e.audit(bodies)));
  return checks;
}
