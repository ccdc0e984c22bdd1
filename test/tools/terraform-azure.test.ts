/**
 * The Azure Terraform target: for a design of each pattern on Azure, every file parses with
 * HashiCorp's parser, the validator's HCL, reference and target checks pass, the pattern's
 * serving resources are there and no AWS resource is, every azurerm/azapi reference names a
 * declared resource, the Key Vault key is used when the design encrypts with its own key,
 * DR resources exist only with a DR region, and GDPR keeps the region in the EU.
 */
import { parse as parseHcl2 } from "@cdktf/hcl2json";
import { describe, expect, test } from "vitest";
import { generateRepository, PATTERNS, validateRepository, type Compliance, type PatternId } from "../../worker/expert";
import { designOn } from "./designs";

function designFor(pattern: PatternId, strict = false) {
  const compliance: Compliance[] = ["GDPR", "HIPAA"];
  return designOn("azure", pattern, strict ? { compliance, data_classification: "restricted" } : {});
}

function terraform(pattern: PatternId, strict = false) {
  const { design, req } = designFor(pattern, strict);
  const files = generateRepository(design, req);
  const tf = files.filter((f) => f.path.startsWith("infra/terraform/") && f.path.endsWith(".tf"));
  const all = tf.map((f) => f.content).join("\n");
  const declared = new Set([...all.matchAll(/^resource "(\w+)" "(\w+)"/gm)].map((m) => `${m[1]}.${m[2]}`));
  const types = new Set([...declared].map((d) => d.split(".")[0] ?? ""));
  return { design, req, files, tf, all, declared, types };
}

/** The serving resources each pattern must have on Azure. */
const SERVING: Record<PatternId, string[]> = {
  serverless: ["azurerm_function_app_flex_consumption", "azurerm_api_management"],
  containers: ["azurerm_container_app", "azurerm_container_app_environment", "azurerm_application_gateway"],
  kubernetes: ["azurerm_kubernetes_cluster", "azurerm_kubernetes_cluster_node_pool"],
  managed_platform: ["azapi_resource", "azurerm_machine_learning_workspace"],
  batch_analytics: ["azurerm_batch_pool", "azurerm_data_factory_pipeline"],
  streaming: ["azurerm_eventhub", "azurerm_container_app"],
};

describe.each([false, true])("Azure Terraform (strict policy: %s)", (strict) => {
  test.each(PATTERNS)(
    "%s: parses as HCL, declares every resource it references and the pattern's serving ones",
    async (pattern) => {
      const { design, req, files, tf, all, declared, types } = terraform(pattern, strict);
      expect(design.cloud).toBe("azure");
      expect(design.pattern).toBe(pattern);
      for (const f of tf) expect(typeof (await parseHcl2(f.path, f.content)), f.path).toBe("object");
      const report = validateRepository(files, { design, req });
      for (const id of ["hcl", "terraform-references", "terraform-target"])
        expect(report.checks.find((c) => c.id === id)?.status, id).not.toBe("fail");
      const refs0 = report.checks.find((c) => c.id === "terraform-references");
      expect(refs0?.details.filter((d) => d.includes("never used"))).toEqual([]);

      for (const t of SERVING[pattern]) expect(types, t).toContain(t);
      expect([...types].filter((t) => t.startsWith("aws_"))).toEqual([]);
      expect(all).toMatch(/backend "azurerm"/);
      expect(all).toMatch(/source\s+= "hashicorp\/azurerm"\s+version\s+= "~> 4\.\d+"/);

      // Every reference to an azurerm/azapi resource names one that is declared.
      const refs = [...all.matchAll(/(?<![\w."])((?:azurerm|azapi)_[a-z0-9_]+)\.([a-z_][a-z0-9_]*)/g)].map(
        (m) => `${m[1]}.${m[2]}`,
      );
      expect(refs.length).toBeGreaterThan(5);
      expect(refs.filter((r) => !declared.has(r))).toEqual([]);

      // The contract's outputs.
      expect(all).toMatch(/output "model_bucket"/);
      if (design.components.some((c) => c.id === "ecr")) expect(all).toMatch(/output "image_repository"/);
      if (pattern === "kubernetes") expect(all).toMatch(/output "cluster_name"/);
      if (pattern === "containers") expect(all).toMatch(/output "service_url"/);

      // The customer-managed key exists and encrypts storage when the design asks for it.
      if (design.encryption.at_rest_kms) {
        expect(types).toContain("azurerm_key_vault_key");
        expect(all).toMatch(
          /customer_managed_key \{\s+key_vault_key_id\s+= azurerm_key_vault_key\.main\.versionless_id/,
        );
      } else expect(types).not.toContain("azurerm_key_vault_key");
      if (design.network.private_networking) expect(types).toContain("azurerm_private_endpoint");
      if (design.network.waf) expect(types).toContain("azurerm_web_application_firewall_policy");
      if (design.audit_logging) expect(all).toMatch(/data\.azurerm_subscription\.current\.id/);

      // DR only with a DR region.
      const drFile = tf.some((f) => f.path.endsWith("/dr.tf"));
      expect(drFile).toBe(design.dr !== "none" && design.regions.dr !== null);
      if (drFile) expect(all).toMatch(/location\s+= var\.dr_region/);
      else expect(all).not.toMatch(/var\.dr_region/);

      // Latency alerts at the requested percentile, to the alert email.
      expect(all).toMatch(/email_address\s+= var\.alert_email/);
      if (req.latency_p95_ms !== null && (pattern === "containers" || pattern === "serverless"))
        expect(all).toContain(`percentile(`);
    },
  );
});

describe("Azure Terraform policy in detail", () => {
  test("GDPR on personal data: the region variables only take EU regions, and the defaults are in the EU", () => {
    const { all, req } = terraform("containers", true);
    expect(req.compliance).toContain("GDPR");
    const region = /variable "region" \{[\s\S]*?\n\}/.exec(all)?.[0] ?? "";
    expect(region).toMatch(/condition\s+= contains\(\[[^\]]*"westeurope"[^\]]*\], var\.region\)/);
    expect(region).not.toMatch(/"eastus"/);
    const fallback = /default\s+= "(\w+)"/.exec(region)?.[1] ?? "";
    expect(region).toContain(`"${fallback}", `);
  });

  test("without GDPR the region has no validation", () => {
    const { all } = terraform("containers");
    const region = /variable "region" \{[\s\S]*?\n\}/.exec(all)?.[0] ?? "";
    expect(region).not.toContain("validation");
  });

  test("the latency alert watches the percentile the target was stated at", () => {
    const { design, req } = designFor("serverless");
    const files = generateRepository(design, { ...req, latency_percentile: "p99" });
    const monitoring = files.find((f) => f.path === "infra/terraform/monitoring.tf")?.content ?? "";
    expect(monitoring).toContain("percentile(TotalTime, 99)");
    expect(monitoring).toMatch(new RegExp(`threshold\\s+= ${req.latency_p95_ms ?? 0}\\b`));
  });

  test("the managed endpoint is an azapi resource of the online-endpoint type", () => {
    const { all } = terraform("managed_platform");
    expect(all).toMatch(/type\s+= "Microsoft\.MachineLearningServices\/workspaces\/onlineEndpoints@\d{4}-\d{2}-\d{2}"/);
    expect(all).toMatch(/source\s+= "azure\/azapi"/);
  });
});
