/**
 * Terraform for Google Cloud: for a design of each pattern on gcp, every file parses with
 * HashiCorp's parser, the validator's Terraform checks pass, the pattern's serving resources
 * are there and nothing is on another cloud; the design's policy (customer-managed keys,
 * private networking, WAF, audit logs, DR, the latency percentile) shows up as resources.
 */
import { parse as parseHcl2 } from "@cdktf/hcl2json";
import { describe, expect, test } from "vitest";
import {
  generateRepository,
  PATTERNS,
  requiredVariables,
  validateRepository,
  type Constraints,
  type GeneratedFile,
  type PatternId,
} from "../../worker/expert";
import { designOn } from "./designs";

/** A design of `pattern` on Google Cloud, with `extra` constraints on top of the brief's. */
function designFor(pattern: PatternId, extra: Partial<Constraints> = {}) {
  return designOn("gcp", pattern, extra);
}

type Parsed = Record<string, Record<string, unknown> | undefined>;

/** The names of a parsed block map (an object, or hcl2json's list of objects). */
function keysOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.flatMap(keysOf);
  return v !== null && typeof v === "object" ? Object.keys(v) : [];
}

/** Every .tf file parsed by hcl2json, by path. */
async function parseAll(files: GeneratedFile[]): Promise<Map<string, Parsed>> {
  const out = new Map<string, Parsed>();
  for (const f of files.filter((x) => x.path.endsWith(".tf")))
    out.set(f.path, (await parseHcl2(f.path, f.content)) as Parsed);
  return out;
}

/** The resource types of the parsed module, with the count of each. */
function resourceTypes(parsed: Map<string, Parsed>): Map<string, number> {
  const types = new Map<string, number>();
  for (const body of parsed.values())
    for (const [type, named] of Object.entries(body.resource ?? {}))
      types.set(type, (types.get(type) ?? 0) + keysOf(named).length);
  return types;
}

/**
 * Every google_* resource and data reference resolves to a declared block, every local and
 * variable too (the shared validator resolves aws_* addresses only).
 */
function unresolved(parsed: Map<string, Parsed>, text: string): string[] {
  const declared = new Set<string>();
  for (const body of parsed.values()) {
    for (const [type, named] of Object.entries(body.resource ?? {}))
      for (const name of keysOf(named)) declared.add(`${type}.${name}`);
    for (const [type, named] of Object.entries(body.data ?? {}))
      for (const name of keysOf(named)) declared.add(`data.${type}.${name}`);
    for (const name of Object.keys(body.variable ?? {})) declared.add(`var.${name}`);
    for (const name of keysOf(body.locals)) declared.add(`local.${name}`);
  }
  const refs = new Set<string>();
  for (const m of text.matchAll(/(?<![.\w"-])(google_[a-z0-9_]+)\.([A-Za-z_][\w-]*)/g)) refs.add(`${m[1]}.${m[2]}`);
  for (const m of text.matchAll(/\bdata\.(google_[a-z0-9_]+)\.([A-Za-z_][\w-]*)/g)) refs.add(`data.${m[1]}.${m[2]}`);
  for (const m of text.matchAll(/\b(var|local)\.([A-Za-z_][\w]*)/g)) refs.add(`${m[1]}.${m[2]}`);
  return [...refs].filter((r) => !declared.has(r));
}

function tfText(files: GeneratedFile[]): string {
  return files
    .filter((f) => f.path.endsWith(".tf"))
    .map((f) => f.content)
    .join("\n");
}

const SERVING: Record<PatternId, string[]> = {
  serverless: ["google_cloud_run_v2_service", "google_api_gateway_gateway", "google_api_gateway_api_config"],
  containers: [
    "google_cloud_run_v2_service",
    "google_compute_backend_service",
    "google_compute_region_network_endpoint_group",
  ],
  kubernetes: ["google_container_cluster", "google_container_node_pool"],
  managed_platform: ["google_vertex_ai_endpoint"],
  batch_analytics: ["google_workflows_workflow", "google_cloud_scheduler_job", "google_bigquery_dataset"],
  streaming: [
    "google_pubsub_topic",
    "google_pubsub_subscription",
    "google_cloud_run_v2_service",
    "google_firestore_database",
  ],
};

describe.each(PATTERNS)("Terraform on gcp, %s", (pattern) => {
  test("parses, passes the Terraform checks and builds the pattern on Google Cloud only", async () => {
    const { design, req } = designFor(pattern);
    expect(design.cloud).toBe("gcp");
    expect(design.pattern).toBe(pattern);
    const files = generateRepository(design, req);
    const parsed = await parseAll(files);
    expect(parsed.size).toBeGreaterThanOrEqual(6);
    const report = validateRepository(files, { design, req });
    for (const id of ["hcl", "terraform-references", "terraform-target"]) {
      const check = report.checks.find((c) => c.id === id);
      expect(check, id).toBeDefined();
      expect(check?.status, `${id}: ${check?.details.join("; ")}`).not.toBe("fail");
    }
    // Every declared variable is used.
    const references = report.checks.find((c) => c.id === "terraform-references");
    expect(references?.details.filter((d) => d.includes("never used"))).toEqual([]);
    const types = resourceTypes(parsed);
    for (const t of [...SERVING[pattern], "google_storage_bucket", "google_monitoring_alert_policy"])
      expect(types.has(t), t).toBe(true);
    expect([...types.keys()].filter((t) => !t.startsWith("google_"))).toEqual([]);
    const text = tfText(files);
    expect(unresolved(parsed, text)).toEqual([]);
    // No reference was escaped into a literal "$${…}" by mistake.
    expect(text).not.toMatch(/\$\$\{(data|var|local|google_)/);
    expect(text).not.toMatch(/\baws_/);
    expect(text).toContain('backend "gcs"');
    expect(text).toMatch(/source\s+= "hashicorp\/google"\s+version\s+= "~> \d+\.\d+"/);
    const outputs = text.match(/^output "(\w+)"/gm)?.map((o) => o.slice(8, -1)) ?? [];
    expect(outputs).toContain("model_bucket");
    if (design.components.some((c) => c.id === "ecr")) expect(outputs).toContain("image_repository");
    if (pattern === "containers") expect(outputs).toContain("service_url");
    if (pattern === "kubernetes") expect(outputs).toContain("cluster_name");
    if (design.components.some((c) => c.id === "api_gateway")) expect(outputs).toContain("api_url");
    if (design.components.some((c) => c.id === "kinesis")) expect(outputs).toContain("stream_name");
    if (design.components.some((c) => c.id === "sagemaker_endpoint")) expect(outputs).toContain("endpoint_name");
    // The alerts go to the alert email.
    expect(types.get("google_monitoring_notification_channel")).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/email_address = var\.alert_email/);
    // WAF in this cloud's terms.
    if (design.network.waf) expect(types.has("google_compute_security_policy")).toBe(true);
    // A DR tier lands in the DR region, and only when there is one.
    const dr = design.dr !== "none" && design.regions.dr !== null;
    expect(files.some((f) => f.path === "infra/terraform/dr.tf")).toBe(dr);
    if (dr) expect(text).toMatch(/provider\s+= google\.dr/);
  });
});

describe("policy on gcp", () => {
  const regulated: Partial<Constraints> = {
    compliance: ["GDPR", "HIPAA"],
    data_classification: "restricted",
    exposure: "private",
    latency_p95_ms: 120,
    latency_percentile: "p99",
  };

  test.each(["containers", "kubernetes", "streaming"] as const)(
    "%s with personal data under GDPR: EU region check, own key used, private networking, audit logs",
    async (pattern) => {
      const { design, req } = designFor(pattern, regulated);
      const files = generateRepository(design, req);
      const parsed = await parseAll(files);
      const report = validateRepository(files, { design, req });
      for (const id of ["hcl", "terraform-references", "terraform-target", "policy-gdpr-regions"])
        expect(report.checks.find((c) => c.id === id)?.status, id).not.toBe("fail");
      const references = report.checks.find((c) => c.id === "terraform-references");
      expect(references?.details.filter((d) => d.includes("never used"))).toEqual([]);
      const text = tfText(files);
      expect(unresolved(parsed, text)).toEqual([]);
      const variables = files.find((f) => f.path === "infra/terraform/variables.tf")?.content ?? "";
      expect(variables).toMatch(
        /variable "region" \{[\s\S]*?validation \{[\s\S]*?startswith\(var\.region, "europe-"\)/,
      );
      const region = /variable "region" \{[\s\S]*?default\s+= "([^"]+)"/.exec(variables)?.[1] ?? "";
      expect(region.startsWith("europe-"), region).toBe(true);
      const types = resourceTypes(parsed);
      expect(design.encryption.at_rest_kms).toBe(true);
      expect(types.has("google_kms_crypto_key")).toBe(true);
      expect(types.has("google_kms_key_ring")).toBe(true);
      expect(text).toMatch(/default_kms_key_name\s+= google_kms_crypto_key\.main\.id/);
      const uses = text.match(/google_kms_crypto_key\.main\.id/g)?.length ?? 0;
      expect(uses).toBeGreaterThanOrEqual(3);
      if (design.audit_logging) {
        expect(types.has("google_logging_project_sink")).toBe(true);
        expect(types.has("google_project_iam_audit_config")).toBe(true);
      }
      if (design.network.private_networking) {
        expect(text).toMatch(/private_ip_google_access\s+= true/);
        expect(types.has("google_compute_global_forwarding_rule")).toBe(true);
      }
      // The DR replica is encrypted with a key in the DR region.
      if (design.dr !== "none" && design.regions.dr !== null) {
        const drTf = files.find((f) => f.path === "infra/terraform/dr.tf")?.content ?? "";
        expect(drTf).toMatch(/default_kms_key_name\s+= google_kms_crypto_key\.dr\.id/);
        expect(drTf).toMatch(/location\s+= var\.dr_region/);
      }
      // Cloud Run encrypts with the key only once its service agent may use it.
      if (types.has("google_cloud_run_v2_service")) expect(text).toContain("@serverless-robot-prod.iam");
      // Latency alerts watch the stated percentile and target (a stream has no request path: it alerts on backlog).
      if (pattern === "streaming") expect(text).toContain("subscription_oldest_unacked_message_age");
      else expect(text).toMatch(/histogram_quantile\(0\.99, [^\n]*\) > 120"/);
    },
  );

  test.each(PATTERNS)("%s: the required variables are exactly the ones without a default", async (pattern) => {
    const { design, req } = designFor(pattern);
    const files = generateRepository(design, req);
    const parsed = await parseAll(files);
    const body = parsed.get("infra/terraform/variables.tf") ?? {};
    const withoutDefault = Object.entries(body.variable ?? {})
      .filter(([, v]) => !JSON.stringify(v).includes('"default"'))
      .map(([name]) => name);
    const has = (id: string) => design.components.some((c) => c.id === id);
    expect(withoutDefault.toSorted()).toEqual(requiredVariables("gcp", has, design.pattern).toSorted());
    expect(withoutDefault).toContain("alert_email");
  });

  test("a GPU design gets GPU nodes of the planned machine type", async () => {
    const { design, req } = designFor("kubernetes", { model_size: "large" });
    expect(design.serving?.gpu).toBe(true);
    const serving = generateRepository(design, req).find((f) => f.path === "infra/terraform/serving.tf")?.content ?? "";
    const machine = /^[a-z]\d-[a-z]+-\d+/.exec(design.serving?.instance ?? "")?.[0] ?? "none";
    expect(serving).toContain(`machine_type    = "${machine}"`);
    expect(serving).toMatch(/guest_accelerator \{\s+type\s+= "nvidia-[a-z0-9-]+"\s+count = [1-9]/);
  });

  test("without a customer-managed key nothing references one", async () => {
    const { design, req } = designFor("serverless");
    expect(design.encryption.at_rest_kms).toBe(false);
    const text = tfText(generateRepository(design, req));
    expect(text).not.toContain("google_kms_crypto_key");
    const variables = /variable "region" \{[\s\S]*?\n\}/.exec(text)?.[0] ?? "";
    expect(variables).not.toContain("validation");
  });

  test("no DR region, no dr.tf and no DR provider", async () => {
    const { design, req } = designFor("containers", { disaster_recovery: "none" });
    expect(design.dr).toBe("none");
    const files = generateRepository(design, req);
    expect(files.some((f) => f.path === "infra/terraform/dr.tf")).toBe(false);
    if (design.regions.dr === null) expect(tfText(files)).not.toContain("google.dr");
  });
});
