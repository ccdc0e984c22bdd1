/**
 * The offline expert: extraction, coverage and questions, the pattern table (different
 * requests, different designs), the bounded policy loop, codegen, validators, the report
 * and the diff. Whole designs come from the graph's own loop (`designOffline`), so the
 * re-plan bound tested here is the one the product runs.
 */
import { describe, expect, it } from "vitest";
import type { FinalOutputs } from "../../worker/contract/events";
import {
  applyAnswers,
  architectureSummary,
  assessCoverage,
  buildQuestions,
  diffDesigns,
  extractConstraints,
  formatHcl,
  generateRepository,
  isSafePath,
  MAX_REPLANS,
  parseHcl,
  parseYaml,
  planDesign,
  resolveRequirements,
  sanitizePath,
  scanTypeScript,
  validateRepository,
  type BudgetBand,
  type Compliance,
  type GeneratedFile,
  type PatternId,
} from "../../worker/expert";
import { designOffline } from "./design-offline";

interface Row {
  prompt: string;
  pattern: PatternId;
  compliance: Compliance[];
  band: BudgetBand;
}

/** Distinct requests and the design each must produce (smart defaults taken for any question). */
const TABLE: Row[] = [
  {
    prompt:
      "Image classification for financial documents, high availability, PCI-DSS, budget $8,000/month, real-time API at 50 requests per second, p95 under 300 ms.",
    pattern: "containers",
    compliance: ["PCI-DSS"],
    band: "low",
  },
  {
    prompt:
      "Nightly batch scoring of customer churn with XGBoost on 200 GB of CSV files in S3. Budget $300 per month, no real-time needs, a small team of 2 beginners.",
    pattern: "batch_analytics",
    compliance: [],
    band: "minimal",
  },
  {
    prompt:
      "Real-time fraud detection on payment card events from Kafka, 5,000 events per second, p95 latency under 50 ms, PCI-DSS and SOX, 99.99% availability, multi-region DR, budget $40k/month, experienced platform team that runs Kubernetes.",
    pattern: "kubernetes",
    compliance: ["PCI-DSS", "SOX"],
    band: "high",
  },
  {
    prompt:
      "Serverless sentiment analysis API for a startup: 5 requests per second, budget $300 a month, public data, no compliance requirements.",
    pattern: "serverless",
    compliance: [],
    band: "minimal",
  },
  {
    prompt:
      "Clinical notes NLP API for a hospital in Germany under HIPAA and GDPR, 10 requests per second, patient data in eu-central-1, weekly retraining, fully managed services preferred, budget €6,000/month.",
    pattern: "managed_platform",
    compliance: ["GDPR", "HIPAA"],
    band: "low",
  },
  {
    prompt:
      "Self-hosted 70B parameter LLM chatbot with RAG over internal documents, 20 requests per second, p95 latency 2 s, team of 8 senior ML engineers on Kubernetes, budget $60,000 per month, SOC 2.",
    pattern: "kubernetes",
    compliance: ["SOC2"],
    band: "high",
  },
  {
    prompt:
      "Recommendation API in Docker containers, 300 requests per second, p95 100 ms, 99.9% uptime, GDPR, eu-west-1, budget $5,000/month.",
    pattern: "containers",
    compliance: ["GDPR"],
    band: "low",
  },
  {
    prompt:
      "IoT telemetry anomaly detection streaming from 10,000 sensors through Kinesis, 2,000 events per second, internal data, budget $4,000/month, 99.9% availability.",
    pattern: "streaming",
    compliance: [],
    band: "medium",
  },
  {
    prompt:
      "Quarterly sales forecasting with analytics dashboards in a data warehouse, daily batch scoring, budget 1500 USD/month, internal data, no compliance requirements.",
    pattern: "batch_analytics",
    compliance: [],
    band: "minimal",
  },
];

describe("the prompt table: different requirements give different designs", () => {
  it.each(TABLE)("$pattern / $band for: $prompt", async (row) => {
    const run = await designOffline(row.prompt);
    expect(run.design.pattern).toBe(row.pattern);
    expect(run.requirements.compliance.toSorted()).toEqual(row.compliance.toSorted());
    expect(run.design.estimates.band).toBe(row.band);
    // Every design in the table fits its budget and passes policy without a human override.
    expect(run.policy.violations).toEqual([]);
    // And the generated repository passes every static check.
    expect(run.validation.checks.filter((c) => c.status === "fail")).toEqual([]);
  });

  it("covers every pattern and more than one band", async () => {
    const runs = await Promise.all(TABLE.map((r) => designOffline(r.prompt)));
    expect(new Set(runs.map((r) => r.design.pattern)).size).toBe(6);
    expect(new Set(runs.map((r) => r.design.estimates.band)).size).toBeGreaterThanOrEqual(4);
    const fingerprints = runs.map(
      (r) => `${r.design.pattern}|${r.requirements.compliance.join(",")}|${r.design.estimates.band}`,
    );
    expect(new Set(fingerprints).size).toBe(fingerprints.length - 1); // the two batch rows share a fingerprint, not a design
    expect(runs[1]?.design.estimates.monthly_usd).not.toBe(runs[8]?.design.estimates.monthly_usd);
  });

  it("is deterministic: the same request gives the same design and report", async () => {
    const a = await designOffline(TABLE[0]?.prompt ?? "");
    const b = await designOffline(TABLE[0]?.prompt ?? "");
    expect(b.design).toEqual(a.design);
    expect(b.report).toBe(a.report);
    expect(b.files).toEqual(a.files);
  });
});

describe("extraction reads numbers, units, currencies and keywords", () => {
  it("reads budgets in any currency and period", () => {
    expect(extractConstraints("budget €6,000/month").budget_monthly_usd).toBe(6480);
    expect(extractConstraints("we can spend $40k/month").budget_monthly_usd).toBe(40_000);
    expect(extractConstraints("an annual budget of $120,000 per year").budget_monthly_usd).toBe(10_000);
    expect(extractConstraints("£2k a month").budget_monthly_usd).toBe(2540);
    expect(extractConstraints("budget 1500 USD/month").budget_band).toBe("low");
    expect(extractConstraints("on a tight budget").budget_band).toBe("low");
  });

  it("reads throughput, latency and availability with their units", () => {
    const c = extractConstraints("1.2M requests per day, p95 under 300 ms, 99.95% uptime");
    expect(c.throughput_rps).toBeCloseTo(13.89, 1);
    expect(c.latency_p95_ms).toBe(300);
    expect(c.availability_target).toBe(99.95);
    expect(extractConstraints("5,000 events per second with sub-second latency").throughput_rps).toBe(5000);
    expect(extractConstraints("respond within 2 s").latency_p95_ms).toBe(2000);
    expect(extractConstraints("four nines").availability_target).toBe(99.99);
  });

  it("reads compliance, classification, regions, DR, models, training and the team", () => {
    const c = extractConstraints(
      "Payment card data under PCI-DSS and GDPR in Frankfurt, warm standby DR, a 7B parameter model retrained weekly, a team of 4 experienced engineers, avoid kubernetes.",
    );
    expect(c.compliance).toEqual(["GDPR", "PCI-DSS"]);
    expect(c.data_classification).toBe("restricted");
    // No cloud named yet: the place itself, named on whichever target is chosen.
    expect(c.regions).toEqual(["frankfurt"]);
    expect(c.disaster_recovery).toBe("warm_standby");
    expect(c.model_size).toBe("large");
    expect(c.training_frequency).toBe("weekly");
    expect(c.team_size).toBe(4);
    expect(c.team_expertise).toBe("expert");
    expect(c.deployment_avoid).toEqual(["kubernetes"]);
    expect(extractConstraints("no compliance requirements").compliance).toEqual([]);
  });

  it("keeps the percentile a latency target is stated at", async () => {
    const p99 = extractConstraints("Card fraud scoring at 2,000 requests per second, p99 under 80 ms");
    expect([p99.latency_percentile, p99.latency_p95_ms]).toEqual(["p99", 80]);
    const median = extractConstraints("a median latency of 40 ms");
    expect([median.latency_percentile, median.latency_p95_ms]).toEqual(["p50", 40]);
    const plain = extractConstraints("respond within 300 ms");
    expect([plain.latency_percentile, plain.latency_p95_ms]).toEqual([null, 300]);
    const run = await designOffline(
      "Real-time card fraud scoring API, 2,000 requests per second, p99 latency under 80 ms",
    );
    expect(run.requirements.latency_percentile).toBe("p99");
    expect(run.report).toContain("p99 80 ms");
    const tf = run.files.find((f) => f.path.endsWith("monitoring.tf"))?.content ?? "";
    expect(tf).toContain('extended_statistic  = "p99"');
    expect(tf).not.toContain('extended_statistic  = "p95"');
  });

  it("reads the target from the cloud or its services, skipping the ones turned away", () => {
    const cloud = (text: string) => extractConstraints(text).cloud;
    expect(cloud("Our data is all in BigQuery and we train on Vertex AI")).toBe("gcp");
    expect(cloud("We run only on Azure, with our features in Cosmos DB")).toBe("azure");
    expect(cloud("Serve it from SageMaker with the data in S3")).toBe("aws");
    expect(cloud("A hospital: air-gapped, no public cloud allowed")).toBe("self_hosted");
    expect(cloud("It must run on-prem in our own data centre")).toBe("self_hosted");
    expect(cloud("We are moving off AWS to Google Cloud, BigQuery already holds the data")).toBe("gcp");
    expect(cloud("Not on AWS: the company runs on Azure")).toBe("azure");
    expect(cloud("Serve it from SageMaker with the data in S3 on AWS\n\nMove this to Azure.")).toBe("azure");
    expect(cloud("Fraud scoring on AWS SageMaker; switch it to GCP")).toBe("gcp");
    expect(cloud("A sentiment model for product reviews")).toBeNull();
  });
});

describe("coverage and questions", () => {
  it("asks only about the missing critical fields, each with a smart default", () => {
    const c = extractConstraints("A sentiment model for product reviews.");
    const coverage = assessCoverage(c);
    expect(coverage.sufficient).toBe(false);
    expect(coverage.score).toBeLessThan(coverage.threshold);
    const { questions, defaults } = buildQuestions(c);
    expect(questions.length).toBeGreaterThan(0);
    // Six at most, and the target on top when the request names none.
    expect(questions.filter((q) => q.id !== "cloud").length).toBeLessThanOrEqual(6);
    expect(questions.at(-1)?.id).toBe("cloud");
    expect(questions.map((q) => q.id)).toEqual(
      expect.arrayContaining(["workload_types", "budget_monthly_usd", "data_classification"]),
    );
    for (const q of questions) expect(defaults[q.id]).toEqual(q.default);
  });

  it("derives defaults from what is known: an EU region implies GDPR, PCI-DSS restricted data", () => {
    const { defaults } = buildQuestions(extractConstraints("A churn prediction API hosted in Frankfurt."));
    expect(defaults.compliance).toBe("GDPR");
    const c = applyAnswers(extractConstraints("A fraud model for card payments under PCI-DSS"), {}).constraints;
    expect(resolveRequirements(c).classification).toBe("restricted");
  });

  it("asks nothing when the request is complete", () => {
    const c = extractConstraints(TABLE[0]?.prompt ?? "");
    expect(buildQuestions(c).questions).toEqual([]);
  });

  it("answers change the design", () => {
    const base = extractConstraints("A sentiment model for product reviews.");
    const asApi = resolveRequirements(
      applyAnswers(base, { workload_types: "real-time API", budget_monthly_usd: 2000, data_classification: "internal" })
        .constraints,
    );
    const asBatch = resolveRequirements(
      applyAnswers(base, { workload_types: "batch scoring", budget_monthly_usd: 2000, data_classification: "internal" })
        .constraints,
    );
    expect(planDesign(asApi).design.pattern).not.toBe(planDesign(asBatch).design.pattern);
    expect(planDesign(asBatch).design.pattern).toBe("batch_analytics");
  });
});

describe("critics and the bounded policy loop", () => {
  it("re-plans on a violation at most MAX_REPLANS times, then flags it", async () => {
    const run = await designOffline(
      "Real-time fraud scoring API under PCI-DSS at 400 requests per second, 99.99% availability, budget $500/month.",
    );
    expect(run.replans).toBe(MAX_REPLANS);
    expect(run.policy.violations).toContain("POL-004");
    expect(run.findings.map((f) => f.id)).toContain("over-budget");
    expect(run.report).toContain("policy violation");
  });

  it("forces private endpoints when PCI-DSS meets a public API request", async () => {
    const run = await designOffline(
      "Customer-facing public API for card payment risk scores under PCI-DSS, 50 requests per second, p95 200 ms, budget $20,000/month.",
    );
    expect(run.replans).toBeGreaterThanOrEqual(1);
    expect(run.design.network.exposure).toBe("private");
    expect(run.policy.results.find((r) => r.id === "POL-003")?.status).toBe("pass");
  });

  it("finds single points of failure and a blown latency budget", async () => {
    const run = await designOffline(
      "Internal churn API, 2 requests per second, p95 under 20 ms, 99% availability is fine, budget $1,000/month, no compliance, internal data.",
    );
    const ids = run.findings.map((f) => f.id);
    expect(ids).toContain("latency-budget");
    expect(ids.some((id) => id.startsWith("spof-"))).toBe(true);
  });
});

describe("codegen and validators", () => {
  it("generates Terraform, a service with a Dockerfile, CI, README and DEPLOYMENT", async () => {
    const run = await designOffline(TABLE[4]?.prompt ?? "");
    const paths = run.files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "README.md",
        "DEPLOYMENT.md",
        ".github/workflows/ci.yml",
        "infra/terraform/serving.tf",
        "infra/terraform/variables.tf",
      ]),
    );
    expect(paths.some((p) => p.endsWith("/Dockerfile"))).toBe(true);
    const serving = run.files.find((f) => f.path === "infra/terraform/serving.tf")?.content ?? "";
    expect(serving).toContain('resource "aws_sagemaker_endpoint" "main"');
    const variables = run.files.find((f) => f.path === "infra/terraform/variables.tf")?.content ?? "";
    expect(variables).toContain('default     = "eu-central-1"');
  });

  it("sanitises every path, even from a hostile project name", async () => {
    const run = await designOffline(
      'A churn API called "../../../etc/passwd\\..\\boot.ini", batch scoring, budget $500/month, internal data, no compliance.',
    );
    for (const f of run.files) {
      expect(isSafePath(f.path)).toBe(true);
      expect(f.path).not.toMatch(/(^|\/)\.\.(\/|$)|^\/|\\/);
    }
    expect(sanitizePath("../../etc/passwd")).toBe("etc/passwd");
    expect(sanitizePath("/abs/../x\u0000y/./z")).toBe("abs/xy/z");
    expect(sanitizePath("C:\\Windows\\..\\system32")).toBe("Windows/system32");
    expect(sanitizePath("....//...")).toBe("file");
    expect(sanitizePath(".github/workflows/ci.yml")).toBe(".github/workflows/ci.yml");
  });

  it("catches a planted secret", async () => {
    const run = await designOffline(TABLE[6]?.prompt ?? "");
    const planted: GeneratedFile[] = run.files.map((f) =>
      f.path.endsWith("src/model.ts")
        ? { path: f.path, content: `${f.content}\nconst key = "AKIAIOSFODNN7EXAMPLE";\n` }
        : f,
    );
    const report = validateRepository(planted, { design: run.design, req: run.requirements });
    const secrets = report.checks.find((c) => c.id === "secrets");
    expect(secrets?.status).toBe("fail");
    expect(secrets?.details.join(" ")).toContain("AWS access key id");
    expect(secrets?.details.join(" ")).not.toContain("AKIAIOSFODNN7EXAMPLE");
  });

  it("fails broken HCL, unresolved references, public buckets under PCI, and bad YAML", async () => {
    const run = await designOffline(TABLE[0]?.prompt ?? "");
    const broken = run.files.map((f) => {
      if (f.path === "infra/terraform/outputs.tf")
        return { path: f.path, content: `${f.content}\noutput "x" {\n  value = aws_s3_bucket.nowhere.id\n}\n` };
      if (f.path === "infra/terraform/storage.tf")
        return {
          path: f.path,
          content: f.content.replace(/restrict_public_buckets = true/g, "restrict_public_buckets = false"),
        };
      if (f.path === ".github/workflows/ci.yml")
        return { path: f.path, content: f.content.replace("jobs:", "jobs:\n\t  bad: [unclosed") };
      return f;
    });
    broken.push({ path: "infra/terraform/extra.tf", content: 'resource "aws_s3_bucket" "x" {\n  bucket = "x"\n' });
    const report = validateRepository(broken, { design: run.design, req: run.requirements });
    const status = Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
    expect(status.hcl).toBe("fail");
    expect(status["terraform-references"]).toBe("fail");
    expect(status["policy-no-public-buckets"]).toBe("fail");
    expect(status.yaml).toBe("fail");
    expect(status.secrets).toBe("pass");
  });

  it("parses what it generates, and rejects what is broken", () => {
    expect(() => parseHcl('resource "a" "b" {\n  x = "${var.y}"\n  tags = {\n    A = 1\n  }\n}\n')).not.toThrow();
    expect(() => parseHcl('resource "a" "b" {\n  x = [1, 2\n}\n')).toThrow();
    expect(() => scanTypeScript("const a = `x ${[1, 2].map((n) => `${n}`).join()}`; const r = /[)]/g;")).not.toThrow();
    expect(() => scanTypeScript("function f() { return (1; }")).toThrow();
    expect(
      parseYaml(
        "on:\n  push:\n    branches: [main]\njobs:\n  a:\n    steps:\n      - uses: x@v1\n        with:\n          k: v\n      - run: |\n          echo hi\n",
      ),
    ).toEqual({
      on: { push: { branches: ["main"] } },
      jobs: { a: { steps: [{ uses: "x@v1", with: { k: "v" } }, { run: "echo hi\n" }] } },
    });
    expect(() => parseYaml("a: 1\na: 2\n")).toThrow();
  });

  it("formats Terraform the way terraform fmt does", () => {
    expect(formatHcl('  a = 1\n  long_name = "x"\n\n  b = {\n    c = 1\n  }')).toBe(
      '  a         = 1\n  long_name = "x"\n\n  b = {\n    c = 1\n  }',
    );
  });
});

describe("report and diff", () => {
  it("writes architecture, decisions with alternatives, cost, policy, risks and a Mermaid diagram", async () => {
    const { report } = await designOffline(TABLE[2]?.prompt ?? "");
    for (const heading of [
      "## Architecture",
      "## Decisions",
      "## Cost estimate",
      "## Policy results",
      "## Risks",
      "## Generated code checks",
    ])
      expect(report).toContain(heading);
    expect(report).toContain("```mermaid\nflowchart LR");
    expect(report).toContain("Alternatives considered:");
    expect(report).toMatch(/\| \*\*Total\*\* \| \| \*\*\$[\d,]+\*\* \|/);
  });

  it("says what changed against the previous design", async () => {
    const before = await designOffline(TABLE[6]?.prompt ?? "");
    const after = await designOffline(`${TABLE[6]?.prompt ?? ""} Add PCI-DSS: card data is in scope.`);
    const previous: FinalOutputs = {
      status: "completed",
      report_markdown: before.report,
      architecture: architectureSummary(before.design, before.requirements),
      cost_estimate: {},
      artifacts: [],
    };
    const diff = diffDesigns(previous, architectureSummary(after.design, after.requirements));
    expect(diff.previous_available).toBe(true);
    expect(diff.changes.map((c) => c.field)).toEqual(expect.arrayContaining(["Compliance", "Data classification"]));
    expect(diff.summary).toMatch(/change/);
    expect(diffDesigns(null, architectureSummary(after.design, after.requirements)).previous_available).toBe(false);
  });

  it("keeps generated files bounded and sorted", async () => {
    const run = await designOffline(TABLE[5]?.prompt ?? "");
    const files = generateRepository(run.design, run.requirements);
    expect(files.map((f) => f.path)).toEqual(files.map((f) => f.path).toSorted((a, b) => a.localeCompare(b)));
    expect(files.length).toBeLessThan(60);
  });
});
