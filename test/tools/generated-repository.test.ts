/**
 * The generated repository checked by the real tools: every Terraform file parsed by
 * HashiCorp's HCL parser (the WASM build of hcl2json), every YAML file by a YAML 1.2
 * parser, every Dockerfile by dockerfile-utils' validator, for one design of each pattern
 * on each target. The project's own checkers (repository-checks.ts) must agree with them.
 */
import { parse as parseHcl2 } from "@cdktf/hcl2json";
import { validate as validateDockerfile } from "dockerfile-utils";
import { describe, expect, test } from "vitest";
import { parseDocument } from "yaml";
import {
  CLOUDS,
  generateRepository,
  PATTERNS,
  validateRepository,
  type Cloud,
  type Compliance,
  type PatternId,
} from "../../worker/expert";
import { designOn } from "./designs";

/** The Language Server Protocol's DiagnosticSeverity.Error, which dockerfile-utils reports. */
const LSP_ERROR = 1;

/** Restricted card data under PCI-DSS, GDPR and SOX, in Frankfurt, with an active second region. */
const STRICT = {
  compliance: ["PCI-DSS", "GDPR", "SOX"] as Compliance[],
  data_classification: "restricted" as const,
  disaster_recovery: "multi_region_active" as const,
  regions: ["frankfurt"],
};

function designFor(cloud: Cloud, pattern: PatternId, strict = false) {
  return designOn(cloud, pattern, strict ? STRICT : {});
}

describe.each(CLOUDS)("generated repository on %s", (cloud) => {
  test.each(PATTERNS)("%s: HCL, YAML and Dockerfiles pass the real parsers", async (pattern) => {
    const { design, req } = designFor(cloud, pattern);
    expect(design.pattern).toBe(pattern);
    const files = generateRepository(design, req);
    const tf = files.filter((f) => f.path.endsWith(".tf"));
    const yaml = files.filter((f) => /\.ya?ml$/.test(f.path));
    const docker = files.filter((f) => f.path.endsWith("Dockerfile"));
    expect(tf.length + yaml.length + docker.length).toBeGreaterThan(3);
    for (const f of tf) {
      const parsed = await parseHcl2(f.path, f.content);
      expect(typeof parsed, f.path).toBe("object");
    }
    for (const f of yaml) {
      const doc = parseDocument(f.content);
      expect(doc.errors.map((e) => `${f.path}: ${e.message}`)).toEqual([]);
      expect(doc.warnings.map((e) => `${f.path}: ${e.message}`)).toEqual([]);
    }
    for (const f of docker) {
      const errors = validateDockerfile(f.content).filter((d) => d.severity === LSP_ERROR);
      expect(
        errors.map(
          (d) => `${f.path}:${d.range.start.line + 1}: ${typeof d.message === "string" ? d.message : d.message.value}`,
        ),
      ).toEqual([]);
    }
    const report = validateRepository(files, { design, req });
    for (const id of ["hcl", "yaml", "dockerfile", "terraform-references", "terraform-target"]) {
      expect(report.checks.find((c) => c.id === id)?.status, id).not.toBe("fail");
    }
  });

  test.each(PATTERNS)("%s under PCI-DSS, GDPR and SOX: every check passes in the target's terms", (pattern) => {
    const { design, req } = designFor(cloud, pattern, true);
    const report = validateRepository(generateRepository(design, req), { design, req });
    const ids = report.checks.map((c) => c.id);
    for (const id of ["policy-no-public-endpoints", "policy-kms", "policy-gdpr-regions", "policy-audit-trail"])
      expect(ids, id).toContain(id);
    expect(report.checks.filter((c) => c.status === "fail").map((c) => `${c.id}: ${c.details.join("; ")}`)).toEqual([]);
  });
});

describe.each([
  [
    "gcp",
    /public_access_prevention\s*=\s*"enforced"/g,
    'public_access_prevention = "inherited"',
    "policy-no-public-buckets",
  ],
  [
    "azure",
    /allow_nested_items_to_be_public\s*=\s*false/g,
    "allow_nested_items_to_be_public = true",
    "policy-no-public-buckets",
  ],
  ["aws", /internal\s*=\s*true/g, "internal = false", "policy-no-public-endpoints"],
  ["self_hosted", /chart\s*=\s*"fluent-bit"/g, 'chart = "vector"', "policy-audit-trail"],
] as const)("a policy fault on %s", (cloud, find, replace, check) => {
  test(`is reported by ${check}`, () => {
    const { design, req } = designFor(cloud, "containers", true);
    const files = generateRepository(design, req);
    const own = validateRepository(files, { design, req }).checks.find((c) => c.id === check);
    expect(own?.status).toBe("pass");
    const broken = files.map((f) => (f.path.endsWith(".tf") ? { ...f, content: f.content.replace(find, replace) } : f));
    expect(broken.some((f, i) => f.content !== files[i]?.content)).toBe(true);
    const report = validateRepository(broken, { design, req });
    expect(report.checks.find((c) => c.id === check)?.status).toBe("fail");
  });
});

describe("the real parsers find faults the validator also reports", () => {
  test("a broken Terraform file fails hcl2json and the validator's hcl check", async () => {
    const { design, req } = designFor("aws", "containers");
    const files = generateRepository(design, req);
    const broken = files.map((f) =>
      f.path.endsWith("/serving.tf") ? { ...f, content: `${f.content}\nresource "aws_s3_bucket" "x" {\n` } : f,
    );
    const target = broken.find((f) => f.path.endsWith("/serving.tf"));
    expect(target).toBeDefined();
    await expect(parseHcl2("serving.tf", target?.content ?? "")).rejects.toBeDefined();
    const report = validateRepository(broken, { design, req });
    const hcl = report.checks.find((c) => c.id === "hcl");
    expect(hcl?.status).toBe("fail");
    expect(hcl?.details.join("\n")).toContain("serving.tf");
  });

  test("a broken YAML file fails the yaml parser and the validator's yaml check", () => {
    const { design, req } = designFor("aws", "kubernetes");
    const files = generateRepository(design, req);
    const broken = files.map((f) =>
      f.path === ".github/workflows/ci.yml" ? { ...f, content: `${f.content}\n  bad: [unclosed\n` } : f,
    );
    const ci = broken.find((f) => f.path === ".github/workflows/ci.yml");
    expect(parseDocument(ci?.content ?? "").errors.length).toBeGreaterThan(0);
    const report = validateRepository(broken, { design, req });
    expect(report.checks.find((c) => c.id === "yaml")?.status).toBe("fail");
  });

  test("Terraform for another cloud than the design's is reported by the target check", () => {
    const { design, req } = designFor("aws", "containers");
    const files = generateRepository(design, req);
    const own = validateRepository(files, { design, req }).checks.find((c) => c.id === "terraform-target");
    expect(own?.status).toBe("pass");
    const other = validateRepository(files, { design: { ...design, cloud: "gcp" }, req });
    const target = other.checks.find((c) => c.id === "terraform-target");
    expect(target?.status).toBe("fail");
    expect(target?.details.join("\n")).toMatch(/aws_\w+ \(\d+\) is not a gcp resource/);
  });
});

describe("the roles the Terraform builds", () => {
  test("a design whose every role is written passes; a role the writers do not build yet is named", () => {
    const aws = designFor("aws", "containers");
    const built = validateRepository(generateRepository(aws.design, aws.req), aws).checks.find(
      (c) => c.id === "terraform-roles",
    );
    expect(built?.status).toBe("pass");
    expect(built?.details.join(" ")).toMatch(/^\d+ roles built$/);
    const azure = designFor("azure", "batch_analytics");
    const gap = validateRepository(generateRepository(azure.design, azure.req), azure).checks.find(
      (c) => c.id === "terraform-roles",
    );
    expect(gap?.status).toBe("warn");
    expect(gap?.details.join("\n")).toContain(
      "Synapse serverless SQL pool over the data lake: no azurerm_synapse_workspace",
    );
  });
});
