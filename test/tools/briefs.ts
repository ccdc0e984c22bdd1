/**
 * Generated briefs: a fast-check arbitrary over workload, scale, data volume, budget ($20
 * to $1M), team, compliance, jurisdiction, named target, latency percentile, availability,
 * GPUs and phrasing. Each brief carries what it states, so a test checks the design
 * against the truth it was written from, not against the designer's own reading.
 */
import fc from "fast-check";
import { LOCATIONS, type Cloud, type Compliance, type LatencyPercentile } from "../../worker/expert";

export type BriefShape = "realtime" | "batch" | "streaming" | "serverless";

/** What a generated brief states. */
export interface BriefTruth {
  shape: BriefShape;
  budget: number | null;
  compliance: Compliance[];
  /** The country code the data must stay in, when the brief says so. */
  jurisdiction: string | null;
  cloud: Cloud | null;
  percentile: LatencyPercentile | null;
  availability: number | null;
  gpus: number | null;
}

export interface Brief {
  text: string;
  truth: BriefTruth;
}

const CLOUD_WORDS: Record<Cloud, string[]> = {
  aws: ["on AWS", "in our AWS account"],
  gcp: ["on Google Cloud", "on GCP"],
  azure: ["on Azure", "in our Azure subscription"],
  self_hosted: ["on-premises in our own data centre", "air-gapped, on our own Kubernetes cluster"],
};
/** One country per jurisdiction, by the name a person writes ("Switzerland", not "zurich"). */
const COUNTRIES = [...new Map(LOCATIONS.filter((l) => l.country !== "EU").map((l) => [l.country, l])).values()];

const shapeText = (shape: BriefShape, n: number, percentile: LatencyPercentile, ms: number): string =>
  ({
    realtime: `A fraud scoring API at ${n} requests per second, ${percentile} latency under ${ms} ms.`,
    serverless: `Serverless please, ${n} requests a minute for a sentiment model.`,
    batch: `We score ${n * 1000} call recordings a month for churn risk.`,
    streaming: `A continuous stream of ${n * 10} sensor events per second; anomalies must be flagged within seconds.`,
  })[shape];

/** The generated briefs. */
export const briefArb: fc.Arbitrary<Brief> = fc
  .record({
    shape: fc.constantFrom<BriefShape>("realtime", "batch", "streaming", "serverless"),
    scale: fc.integer({ min: 1, max: 2000 }),
    volumeGb: fc.integer({ min: 1, max: 50_000 }),
    budget: fc.option(fc.integer({ min: 20, max: 1_000_000 }), { nil: null }),
    team: fc.integer({ min: 1, max: 40 }),
    compliance: fc.subarray<Compliance>(["GDPR", "HIPAA", "PCI-DSS", "SOC2"], { maxLength: 2 }),
    country: fc.option(fc.constantFrom(...COUNTRIES), { nil: null, freq: 2 }),
    cloud: fc.option(fc.constantFrom<Cloud>("aws", "gcp", "azure", "self_hosted"), { nil: null }),
    cloudPhrase: fc.nat({ max: 1 }),
    percentile: fc.constantFrom<LatencyPercentile>("p50", "p90", "p95", "p99"),
    ms: fc.integer({ min: 10, max: 2000 }),
    availability: fc.option(fc.constantFrom(99, 99.5, 99.9, 99.95, 99.99), { nil: null }),
    gpus: fc.option(fc.integer({ min: 1, max: 16 }), { nil: null, freq: 4 }),
    shuffle: fc.boolean(),
  })
  .map((r): Brief => {
    const online = r.shape === "realtime";
    const parts = [
      shapeText(r.shape, r.scale, r.percentile, r.ms),
      `About ${r.volumeGb} GB of data.`,
      `A team of ${r.team}.`,
      r.budget === null ? "" : `Budget: $${r.budget.toLocaleString("en-US")} a month.`,
      r.compliance.length === 0 ? "No compliance regime applies." : `It must meet ${r.compliance.join(" and ")}.`,
      r.country === null ? "" : `The data must stay in ${r.country.country_name.replace(/^the /, "")}.`,
      r.cloud === null ? "" : `Run it ${CLOUD_WORDS[r.cloud][r.cloudPhrase] ?? ""}.`,
      r.availability === null ? "" : `${r.availability}% availability.`,
      r.gpus === null ? "" : `A weekly fine-tune on ${r.gpus} GPUs.`,
    ].filter((p) => p !== "");
    const text = (r.shuffle ? [parts[0] ?? "", ...parts.slice(1).toReversed()] : parts).join(" ");
    return {
      text,
      truth: {
        shape: r.shape,
        budget: r.budget,
        compliance: r.compliance,
        jurisdiction: r.country?.country ?? null,
        cloud: r.cloud,
        percentile: online ? r.percentile : null,
        availability: r.availability,
        gpus: r.gpus,
      },
    };
  });
