/** The data and its rules: compliance regimes, classification, sources, regions, exposure, cloud, name. */
import type { Classification, Cloud, Compliance, Exposure } from "../schema";
import { mentions, unique } from "../text";

/** Compliance regimes named in the text ([] when the text says there are none). */
export function complianceOf(text: string): Compliance[] | null {
  const lower = text.toLowerCase();
  const rules: [Compliance, RegExp][] = [
    ["GDPR", /\bgdpr\b|general data protection/],
    ["HIPAA", /\bhipaa\b|\bphi\b|protected health/],
    ["PCI-DSS", /\bpci(?:[- ]?dss)?\b|cardholder|payment card/],
    ["SOX", /\bsox\b|sarbanes/],
    ["SOC2", /\bsoc ?2\b|soc[- ]ii\b/],
    ["ISO27001", /iso[- ]?27001/],
    ["CCPA", /\bccpa\b|california consumer privacy/],
    ["FedRAMP", /fedramp/],
  ];
  const found = rules.filter(([, re]) => mentions(lower, re)).map(([name]) => name);
  if (found.length > 0) return found;
  if (
    /no (?:specific |special |particular )?(?:compliance|regulatory)|not regulated|no regulations?|compliance: none/.test(
      lower,
    )
  )
    return [];
  return null;
}

/** The data classification the text states, or the one its compliance regimes imply. */
export function classificationOf(lower: string, compliance: Compliance[]): Classification | null {
  if (
    /\brestricted\b|highly sensitive|top secret|cardholder|\bphi\b|patient data|health records|medical records/.test(
      lower,
    )
  )
    return "restricted";
  if (compliance.includes("PCI-DSS") || compliance.includes("HIPAA")) return "restricted";
  if (/confidential|\bpii\b|personal data|personally identifiable|customer data|financial|sensitive/.test(lower))
    return "confidential";
  if (compliance.includes("GDPR") || compliance.includes("SOX")) return "confidential";
  if (/internal (?:data|use|only)|internal users|company data/.test(lower)) return "internal";
  if (/public (?:data|dataset)|open data|publicly available/.test(lower)) return "public";
  return null;
}

/** Where the data comes from (object stores, warehouses, streams, devices). */
export function dataSourcesOf(lower: string): string[] | null {
  const rules: [string, RegExp][] = [
    ["object_storage", /\bs3\b|object storage|data lake|blob storage|gcs\b/],
    ["relational_db", /postgres|mysql|\brds\b|sql server|oracle|relational database|\bsql database/],
    ["kafka", /kafka|\bmsk\b/],
    ["kinesis", /kinesis/],
    ["warehouse", /warehouse|snowflake|redshift|bigquery|databricks/],
    ["api", /third[- ]party api|rest api|webhooks?/],
    ["documents", /documents?|pdfs?\b|scanned/],
    ["images", /images?|photos?|video/],
    ["iot", /\biot\b|sensors?|devices? telemetry/],
    ["logs", /\blogs?\b|clickstream/],
    ["files", /\bcsv\b|parquet|spreadsheets?/],
  ];
  const found = rules.filter(([, re]) => mentions(lower, re)).map(([name]) => name);
  return found.length === 0 ? null : found;
}

const REGION_CODE =
  /\b(us|eu|ap|ca|sa|me|af|il)-(north|south|east|west|central|northeast|southeast|northwest|southwest)-\d\b/gi;
const REGION_WORDS: [RegExp, string][] = [
  [/\b(frankfurt|germany|german)\b/i, "eu-central-1"],
  [/\b(ireland|dublin)\b/i, "eu-west-1"],
  [/\b(london|united kingdom|uk)\b/i, "eu-west-2"],
  [/\b(paris|france)\b/i, "eu-west-3"],
  [/\b(stockholm|sweden|nordics?)\b/i, "eu-north-1"],
  [/\b(europe|european|EU)\b/, "eu-central-1"],
  [/\b(oregon|us[- ]west)\b/i, "us-west-2"],
  [/\b(virginia|us[- ]east|united states|USA|U\.S\.|US|north america)\b/, "us-east-1"],
  [/\b(canada|toronto|montreal)\b/i, "ca-central-1"],
  [/\b(tokyo|japan)\b/i, "ap-northeast-1"],
  [/\b(singapore|southeast asia)\b/i, "ap-southeast-1"],
  [/\b(sydney|australia)\b/i, "ap-southeast-2"],
  [/\b(mumbai|india)\b/i, "ap-south-1"],
  [/\b(brazil|s[ãa]o paulo)\b/i, "sa-east-1"],
];

/** Cloud regions named by code or by place. */
export function regionsOf(text: string): string[] | null {
  const found: string[] = [];
  for (const m of text.matchAll(REGION_CODE)) found.push(m[0].toLowerCase());
  for (const [re, region] of REGION_WORDS) if (re.test(text)) found.push(region);
  return found.length === 0 ? null : unique(found);
}

/** Whether callers reach the service from the internet or only privately. */
export function exposureOf(lower: string): Exposure | null {
  if (
    mentions(
      lower,
      /public(?:ly)?[- ](?:facing|api|endpoint|internet)|customer[- ]facing|internet[- ]facing|mobile app|third[- ]party (?:clients|developers)|open api/,
    )
  )
    return "public";
  if (
    /internal (?:tool|users|only|service|api)|private (?:network|endpoint|api)|back[- ]office|intranet|no public endpoints?/.test(
      lower,
    )
  )
    return "private";
  return null;
}

/** The cloud the text names. */
export function cloudOf(lower: string): Cloud | null {
  if (/\b(aws|amazon web services|sagemaker|lambda|eks|ecs|s3)\b/.test(lower)) return "aws";
  if (/\b(gcp|google cloud|vertex|bigquery|gke)\b/.test(lower)) return "gcp";
  if (/\b(azure|aks)\b/.test(lower)) return "azure";
  return null;
}

/** A name the text gives the project, quoted or "called X". */
export function projectName(text: string): string | null {
  const m = /\b(?:called|named|codename|project name(?: is)?:?)\s+["“'`]?([^"”'`\n,.;]{2,60})["”'`]?/i.exec(text);
  const name = m?.[1]?.trim();
  return name === undefined || name === "" ? null : name.slice(0, 80);
}
