/**
 * Terraform for a self-hosted design, per pattern: HashiCorp's parser reads every file, the
 * validator's checks pass, each pattern gets its serving resources on the Kubernetes and Helm
 * providers (no cloud resource), every resource reference resolves, the OpenBao key is
 * present and used under at-rest encryption, and GDPR pins the site to an EU/EEA country.
 */
import { parse as parseHcl2 } from "@cdktf/hcl2json";
import { describe, expect, test } from "vitest";
import {
  extractConstraints,
  generateRepository,
  PATTERNS,
  planDesign,
  resolveRequirements,
  validateRepository,
  type GeneratedFile,
  type PatternId,
} from "../../worker/expert";

const STRICT =
  "Self-hosted on-premises fraud scoring on personal data of EU customers in Germany, GDPR and PCI-DSS, restricted data, private only, 1000 requests per second, p99 150 ms.";
const PLAIN = "On-premises fraud scoring, public data.";

function designFor(pattern: PatternId, text: string) {
  const c = extractConstraints(`${text} ${pattern}.`);
  const req = { ...resolveRequirements({ ...c, project_name: `fraud-${pattern}` }), cloud: "self_hosted" as const };
  const { design } = planDesign(req, undefined, 0, pattern);
  return { design, req, files: generateRepository(design, req) };
}

const tfOf = (files: GeneratedFile[]) => files.filter((f) => f.path.endsWith(".tf"));
const allTf = (files: GeneratedFile[]) =>
  tfOf(files)
    .map((f) => f.content)
    .join("\n");

/** Resource types declared, and "type.name" addresses. */
function declared(files: GeneratedFile[]): { types: Set<string>; addresses: Set<string> } {
  const types = new Set<string>();
  const addresses = new Set<string>();
  for (const m of allTf(files).matchAll(/^(resource|data) "([a-z0-9_]+)" "([A-Za-z0-9_-]+)"/gm)) {
    types.add(m[2] ?? "");
    addresses.add(`${m[1] === "data" ? "data." : ""}${m[2] ?? ""}.${m[3] ?? ""}`);
  }
  return { types, addresses };
}

/** References to Kubernetes, Helm and Vault resources (the validator checks var/local/data/aws_). */
function providerRefs(files: GeneratedFile[]): string[] {
  const refs = [
    ...allTf(files).matchAll(/(?<![\w."])(data\.)?((?:kubernetes|helm|vault)_[a-z0-9_]+)\.([a-z_][a-z0-9_]*)/g),
  ];
  return refs.map((m) => `${m[1] ?? ""}${m[2] ?? ""}.${m[3] ?? ""}`);
}

/** A value inside parsed JSON, by keys and indexes; undefined where the path breaks. */
function at(v: unknown, ...path: (string | number)[]): unknown {
  let cur: unknown = v;
  for (const k of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = Reflect.get(cur, k) as unknown;
  }
  return cur;
}

/** Custom resources by kind. */
const kinds = (files: GeneratedFile[]) =>
  new Set([...allTf(files).matchAll(/\bkind\s*=\s*"([A-Za-z]+)"/g)].map((m) => m[1]));

const EXPECTED: Record<PatternId, { types: string[]; kinds: string[] }> = {
  serverless: {
    types: ["helm_release", "kubernetes_manifest", "kubernetes_ingress_v1"],
    kinds: ["Service", "KnativeServing"],
  },
  containers: {
    types: [
      "kubernetes_deployment_v1",
      "kubernetes_service_v1",
      "kubernetes_horizontal_pod_autoscaler_v2",
      "kubernetes_pod_disruption_budget_v1",
    ],
    kinds: ["Gateway", "HTTPRoute"],
  },
  kubernetes: { types: ["kubernetes_namespace_v1", "kubernetes_resource_quota_v1"], kinds: ["Gateway", "HTTPRoute"] },
  managed_platform: { types: ["helm_release", "kubernetes_ingress_v1"], kinds: ["InferenceService"] },
  batch_analytics: { types: ["kubernetes_manifest"], kinds: ["ObjectBucketClaim"] },
  streaming: {
    types: ["kubernetes_deployment_v1", "kubernetes_pod_disruption_budget_v1"],
    kinds: ["Kafka", "KafkaTopic", "ScaledObject"],
  },
};

const PATTERN_IDS = PATTERNS;

describe.each([
  ["strict", STRICT],
  ["plain", PLAIN],
])("self-hosted Terraform (%s requirements)", (_label, text) => {
  test.each(PATTERN_IDS)("%s: parses, validates and has its resources", async (pattern) => {
    const { design, req, files } = designFor(pattern, text);
    expect(design.cloud).toBe("self_hosted");
    // Strict requirements can move batch analytics to streaming; the checks follow the planned pattern.
    if (text === PLAIN) expect(design.pattern).toBe(pattern);
    for (const f of tfOf(files)) expect(typeof (await parseHcl2(f.path, f.content)), f.path).toBe("object");
    const report = validateRepository(files, { design, req });
    for (const id of ["hcl", "terraform-references", "terraform-target"])
      expect(report.checks.find((c) => c.id === id)?.status, id).not.toBe("fail");
    const { types, addresses } = declared(files);
    expect([...types].filter((t) => /^(aws|google|azurerm|azapi)_/.test(t))).toEqual([]);
    const unresolved = providerRefs(files).filter((r) => !addresses.has(r));
    expect(unresolved).toEqual([]);
    const expected = EXPECTED[design.pattern];
    for (const t of expected.types) expect(types, t).toContain(t);
    for (const k of expected.kinds) expect(kinds(files), k).toContain(k);
    const all = allTf(files);
    expect(all).toContain('backend "kubernetes"');
    expect(all).toMatch(/source\s+= "hashicorp\/helm"\s+version\s+= "~> /);
    // Every chart is pinned and pulled from the mirror variable.
    const releases = [...all.matchAll(/resource "helm_release" "\w+" \{([\s\S]*?)\n\}/g)].map((m) => m[1] ?? "");
    expect(releases.length).toBeGreaterThan(0);
    for (const r of releases) {
      expect(r).toMatch(/repository\s+= var\.chart_repository/);
      expect(r).toMatch(/version\s+= "v?\d+\.\d+\.\d+"/);
    }
    expect(all).toMatch(/output "model_bucket"[\s\S]*?kubernetes_manifest\.model_bucket\.manifest\.spec\.bucketName/);
    if (design.components.some((c) => c.id === "ecr"))
      expect(all).toMatch(/output "image_repository"[\s\S]*?var\.image_registry/);
    // DR: the second site's providers exist only with a DR site.
    expect(all.includes('alias          = "dr"')).toBe(design.regions.dr !== null);
  });
});

describe("policy in self-hosted terms", () => {
  test("at-rest encryption: an OpenBao transit key the object store and the service use", () => {
    const { design, files } = designFor("containers", STRICT);
    expect(design.encryption.at_rest_kms).toBe(true);
    const all = allTf(files);
    expect(all).toContain('resource "vault_transit_secret_backend_key" "storage"');
    expect(all).toMatch(/VAULT_BACKEND_PATH\s+= vault_mount\.transit\.path/);
    expect(all).toMatch(/value = vault_transit_secret_backend_key\.storage\.name/);
    expect(all).toMatch(/encrypted\s+= "true"/);
  });

  test("no at-rest encryption: no OpenBao, no Vault provider", () => {
    const { design, files } = designFor("containers", PLAIN);
    expect(design.encryption.at_rest_kms).toBe(false);
    expect(allTf(files)).not.toContain("vault_");
    expect(allTf(files)).not.toContain("hashicorp/vault");
  });

  test("private networking: default-deny NetworkPolicy in the app namespace", () => {
    const { design, files } = designFor("containers", STRICT);
    expect(design.network.private_networking).toBe(true);
    expect(allTf(files)).toMatch(
      /resource "kubernetes_network_policy_v1" "default_deny"[\s\S]*?policy_types = \["Ingress", "Egress"\]/,
    );
    expect(allTf(designFor("containers", PLAIN).files)).not.toContain("kubernetes_network_policy_v1");
  });

  test("audit logging: the API audit policy and Fluent Bit to an object-locked bucket", () => {
    const { design, files } = designFor("containers", STRICT);
    expect(design.audit_logging).toBe(true);
    const all = allTf(files);
    expect(all).toContain('"audit.k8s.io/v1"');
    expect(all).toContain("--object-lock-enabled-for-bucket");
    expect(all).toMatch(/resource "helm_release" "fluent_bit"/);
  });

  test("the latency alert watches the requested percentile and mails the alert address", () => {
    const { req, files } = designFor("containers", STRICT);
    expect(req.latency_percentile).toBe("p99");
    const all = allTf(files);
    expect(all).toContain(`histogram_quantile(0.99, `);
    expect(all).toContain(`> ${req.latency_p95_ms ?? 0}`);
    expect(all).toMatch(/to\s+= var\.alert_email/);
  });

  test("GDPR on personal data: the site must be in an EU/EEA country", async () => {
    const { design, req, files } = designFor("containers", STRICT);
    expect(req.compliance).toContain("GDPR");
    const vars = files.find((f) => f.path === "infra/terraform/variables.tf");
    const json: unknown = await parseHcl2("variables.tf", vars?.content ?? "");
    expect(at(json, "variable", "site_country", 0, "default")).toBe("DE");
    const condition = String(at(json, "variable", "site_country", 0, "validation", 0, "condition"));
    expect(condition).toMatch(/contains\(\[.*"DE".*"NO".*\], upper\(/);
    expect(condition).not.toContain('"GB"');
    expect(at(json, "variable", "region", 0, "default")).toBe(design.regions.primary);
    const plain = designFor("containers", PLAIN).files.find((f) => f.path === "infra/terraform/variables.tf");
    expect(plain?.content).not.toContain("site_country");
  });
});
