/**
 * The catalogue per target: every role on every cloud with its product and a dated price
 * source, prices that are positive and within sane bounds, the self-hosted cost model
 * applied as stated, and designs that take their cloud's products and prices.
 */
import { describe, expect, it } from "vitest";
import {
  AWS_TABLE_SOURCE,
  catalogueFor,
  CLOUDS,
  component,
  evaluatePolicies,
  extractConstraints,
  HOURS_PER_MONTH,
  loadTable,
  MODEL_SIZES,
  PATTERNS,
  patternText,
  planDesign,
  priceSource,
  renderReport,
  resolveRequirements,
  ROLE_IDS,
  sizingFor,
  TABLES,
  unitMonthUsd,
  type Cloud,
  type Design,
  type Requirements,
} from "../../worker/expert";

/** Products that belong to AWS alone: a non-AWS design must name none of them. */
const AWS_WORDS = /\b(Amazon|AWS|SageMaker|Lambda|Fargate|DynamoDB|Kinesis|CloudWatch|CloudTrail|Route 53|Athena)\b/;

/** Requirements of a brief, moved to `cloud`. */
function requirementsOn(prompt: string, cloud: Cloud): Requirements {
  return { ...resolveRequirements(extractConstraints(prompt)), cloud };
}

const BRIEFS = [
  "Image classification for financial documents, high availability, PCI-DSS, budget $8,000/month, real-time API at 50 requests per second, p95 under 300 ms.",
  "Nightly batch scoring of customer churn with XGBoost on 200 GB of CSV files. Budget $300 per month, no real-time needs, a small team of 2 beginners.",
  "Real-time fraud detection on payment card events from Kafka, 5,000 events per second, p95 latency under 50 ms, PCI-DSS and SOX, 99.99% availability, multi-region DR, experienced platform team that runs Kubernetes.",
  "LLM chat assistant, a 7B model on GPUs, 20 requests per second, HIPAA, weekly retraining, a managed platform preferred.",
];

describe("the catalogue on every target", () => {
  it("gives every role a product on every cloud, with the role's category", () => {
    expect(ROLE_IDS.length).toBe(33);
    for (const cloud of CLOUDS) {
      const cat = catalogueFor(cloud);
      expect([...cat.components.keys()].toSorted()).toEqual([...ROLE_IDS].toSorted());
      for (const id of ROLE_IDS) {
        const c = component(id, cloud);
        expect(c.name.length, `${cloud} ${id}`).toBeGreaterThan(3);
        expect(c.service.length, `${cloud} ${id}`).toBeGreaterThan(2);
        expect(c.terraform.length, `${cloud} ${id}`).toBeGreaterThan(3);
        expect(c.category).toBe(component(id, "aws").category);
        expect(c.compliance.length).toBeGreaterThan(0);
      }
    }
  });

  it("names each cloud's own products and resources", () => {
    const prefix: Record<Exclude<Cloud, "self_hosted">, RegExp> = {
      aws: /^aws_/,
      gcp: /^(google_|none )/,
      azure: /^(azurerm_|azapi_resource )/,
    };
    for (const cloud of ["aws", "gcp", "azure"] as const)
      for (const id of ROLE_IDS) expect(component(id, cloud).terraform, `${cloud} ${id}`).toMatch(prefix[cloud]);
    for (const id of ROLE_IDS) {
      expect(component(id, "self_hosted").terraform, id).toMatch(/helm_release|kind |rke2/);
      for (const cloud of ["gcp", "azure", "self_hosted"] as const)
        expect(component(id, cloud).service, `${cloud} ${id}`).not.toMatch(AWS_WORDS);
    }
    expect(component("sagemaker_endpoint", "gcp")).toMatchObject({
      service: "Vertex AI",
      terraform: "google_vertex_ai_endpoint",
    });
    expect(component("sagemaker_endpoint", "azure").service).toBe("Azure Machine Learning");
    expect(component("sagemaker_endpoint", "self_hosted").service).toBe("KServe");
    // A role with no product of its own says what stands in for it.
    expect(component("msk", "azure").equivalent).toMatch(/Kafka protocol/);
    expect(component("vpc", "self_hosted").equivalent).toMatch(/No VPC/);
  });

  it("says where each cloud's prices come from, for which region and as of when", () => {
    for (const cloud of CLOUDS) {
      const p = priceSource(cloud);
      expect(p.as_of).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(Date.parse(p.as_of)).toBeLessThanOrEqual(Date.now());
      expect(p.basis).toMatch(/730 hours|36 months/);
      expect(p.region.length).toBeGreaterThan(3);
      if (cloud === "self_hosted") expect(p.cost_model).not.toBeNull();
      else expect(new URL(p.source).protocol).toBe("https:");
    }
    expect(priceSource("aws").region).toBe("us-east-1");
    expect(priceSource("gcp").region).toBe("us-central1");
    expect(priceSource("azure").region).toBe("eastus");
    expect(priceSource("self_hosted").source).toMatch(/cost model/i);
  });

  it("prices every role and size positive and within sane bounds", () => {
    for (const cloud of CLOUDS) {
      for (const id of ROLE_IDS) {
        const c = component(id, cloud);
        expect(c.fixed_usd).toBeGreaterThanOrEqual(0);
        expect(c.fixed_usd, `${cloud} ${id}`).toBeLessThan(2_500);
        expect(c.per_rps_usd).toBeGreaterThanOrEqual(0);
        expect(c.per_rps_usd, `${cloud} ${id}`).toBeLessThan(20);
        expect(c.availability).toBeGreaterThanOrEqual(99);
        expect(c.latency_ms).toBeLessThan(200);
      }
      const priced = ROLE_IDS.filter((id) => component(id, cloud).fixed_usd + component(id, cloud).per_rps_usd > 0);
      expect(priced.length, cloud).toBeGreaterThan(10);

      const s = sizingFor(cloud);
      for (const platform of ["containers", "kubernetes", "managed"] as const) {
        const sizes = MODEL_SIZES.map((m) => s.replicas[platform][m]).filter((r) => r !== null);
        expect(sizes.length).toBeGreaterThanOrEqual(2);
        for (const r of sizes) {
          expect(r.monthly_usd, `${cloud} ${platform} ${r.instance}`).toBeGreaterThan(1);
          expect(r.monthly_usd).toBeLessThan(10_000);
        }
        // A larger size never costs less a month than a smaller one.
        for (let i = 1; i < sizes.length; i += 1)
          expect(sizes[i]?.monthly_usd ?? 0).toBeGreaterThanOrEqual(sizes[i - 1]?.monthly_usd ?? 0);
      }
      expect(s.replicas.containers.large).toBeNull();
      expect(s.replicas.kubernetes.large?.gpu).toBe(true);
      for (const m of MODEL_SIZES) {
        const run = s.training[m];
        expect(run.usd_per_hour, `${cloud} ${m}`).toBeGreaterThan(0);
        expect(run.usd_per_hour).toBeLessThan(60);
      }
      expect(s.rates.storage_gb_month).toBeGreaterThan(0.001);
      expect(s.rates.storage_gb_month).toBeLessThan(0.1);
      expect(s.rates.batch_task_hour).toBeGreaterThan(0);
    }
  });

  it("prices self-hosted rows from the stated cost model", () => {
    const model = priceSource("self_hosted").cost_model;
    if (model === null) throw new Error("self-hosted has no cost model");
    const cpu = unitMonthUsd(model, "cpu_unit");
    const gpu = unitMonthUsd(model, "gpu_unit");
    // 16,000 / 36 months + 600 W at $0.12/kWh, PUE 1.5 + $150 rack, over 32 units.
    expect(cpu).toBeCloseTo((16_000 / 36 + 0.6 * HOURS_PER_MONTH * 0.12 * 1.5 + 150) / 32, 6);
    expect(gpu).toBeGreaterThan(cpu * 5);
    // The cluster: three control-plane units and twelve hours of platform operations.
    expect(component("eks", "self_hosted").fixed_usd).toBeCloseTo(3 * cpu + 12 * model.ops_usd_per_hour, 1);
    expect(sizingFor("self_hosted").replicas.kubernetes.large?.monthly_usd).toBeCloseTo(gpu, 1);
    expect(sizingFor("self_hosted").training.medium.usd_per_hour).toBeCloseTo(gpu / HOURS_PER_MONTH, 2);
  });

  it("refuses a table that lacks a role, names an unknown one, or counts units without a cost model", () => {
    const roles: Record<string, unknown> = { ...AWS_TABLE_SOURCE.roles };
    const { api_gateway, ...withoutGateway } = AWS_TABLE_SOURCE.roles;
    expect(() => loadTable({ ...AWS_TABLE_SOURCE, roles: withoutGateway })).toThrow(/lacks roles: api_gateway/);
    expect(() => loadTable({ ...AWS_TABLE_SOURCE, roles: { ...roles, teleporter: api_gateway } })).toThrow(
      /unknown roles: teleporter/,
    );
    expect(() =>
      loadTable({
        ...AWS_TABLE_SOURCE,
        roles: { ...roles, alb: { ...AWS_TABLE_SOURCE.roles.alb, fixed_usd: { cpu_units: 1 } } },
      }),
    ).toThrow(/cost_model/);
    expect(() => loadTable({ ...AWS_TABLE_SOURCE, as_of: "last spring" })).toThrow();
    expect(loadTable(AWS_TABLE_SOURCE).roles.size).toBe(33);
    expect(TABLES.gcp.cloud).toBe("gcp");
  });
});

describe("designs on each target", () => {
  /** Every catalogue component of a design, with the product the design gave it. */
  const catalogued = (d: Design) => d.components.filter((c) => c.region === "primary" && ROLE_IDS.includes(c.id));

  it("takes the cloud's products and prices, and costs other than on AWS", () => {
    for (const prompt of BRIEFS) {
      const aws = planDesign(requirementsOn(prompt, "aws")).design;
      for (const cloud of ["gcp", "azure", "self_hosted"] as const) {
        const { design, candidates } = planDesign(requirementsOn(prompt, cloud));
        expect(design.cloud).toBe(cloud);
        expect(design.pattern_name).toBe(patternText(design.pattern, cloud).name);
        const parts = catalogued(design);
        expect(parts.length).toBeGreaterThan(4);
        for (const c of parts) {
          const product = component(c.id, cloud);
          expect(c.service, `${cloud} ${c.id}`).toBe(product.service);
          expect(c.name).toBe(product.name);
          expect(c.service).not.toMatch(AWS_WORDS);
        }
        expect(design.serving?.platform ?? "").not.toMatch(AWS_WORDS);
        expect(JSON.stringify(design.summary)).not.toMatch(/\bS3\b|SageMaker|Lambda|Fargate/);
        // The same pattern on another cloud costs what that cloud charges.
        const same = candidates.find((c) => c.pattern === aws.pattern);
        const awsCandidates = planDesign(requirementsOn(prompt, "aws")).candidates;
        const awsSame = awsCandidates.find((c) => c.pattern === aws.pattern);
        expect(same?.monthly_usd, `${cloud}: ${prompt.slice(0, 30)}`).not.toBe(awsSame?.monthly_usd);
        expect(design.estimates.monthly_usd).toBeGreaterThan(0);
      }
    }
  });

  it("prices a GCP endpoint fleet at Vertex AI rates and a self-hosted one with its cluster", () => {
    const prompt = BRIEFS[3] ?? "";
    const gcp = planDesign(requirementsOn(prompt, "gcp"), undefined, 0, "managed_platform").design;
    const endpoint = gcp.components.find((c) => c.id === "sagemaker_endpoint");
    const spec = sizingFor("gcp").replicas.managed.large;
    expect(endpoint?.unit).toContain(spec?.instance ?? "?");
    expect(endpoint?.monthly_usd).toBeCloseTo((endpoint?.quantity ?? 0) * (spec?.monthly_usd ?? 0), 1);
    expect(gcp.serving?.platform).toBe("Vertex AI");

    const onPrem = planDesign(requirementsOn(prompt, "self_hosted"), undefined, 0, "managed_platform").design;
    const cluster = onPrem.components.find((c) => c.id === "eks");
    expect(cluster?.monthly_usd).toBeCloseTo(component("eks", "self_hosted").fixed_usd, 1);
    expect(onPrem.serving?.platform).toBe("KServe");
  });

  it("keeps every pattern buildable on every cloud", () => {
    for (const cloud of CLOUDS)
      for (const pattern of PATTERNS) {
        const { design } = planDesign(requirementsOn(BRIEFS[0] ?? "", cloud), undefined, 0, pattern);
        expect(Number.isFinite(design.estimates.monthly_usd)).toBe(true);
      }
  });

  it("reports the target and where its prices come from", () => {
    for (const cloud of ["gcp", "azure", "self_hosted"] as const) {
      const req = requirementsOn(BRIEFS[0] ?? "", cloud);
      const { design, candidates } = planDesign(req);
      const report = renderReport({
        design,
        req,
        constraints: extractConstraints(BRIEFS[0] ?? ""),
        candidates,
        findings: [],
        policy: evaluatePolicies(design, req),
        validation: null,
        approval: null,
        replans: 0,
      });
      const p = priceSource(cloud);
      expect(report).toContain(`on ${p.title}`);
      expect(report).toContain(`| Target | ${p.title} |`);
      expect(report).toContain(`Source: ${p.source} (as of ${p.as_of})`);
      if (cloud === "self_hosted")
        expect(report).toContain("Cost model: Hardware at list price amortised over 36 months");
      expect(report).not.toContain("us-east-1 on-demand");
    }
  });
});
