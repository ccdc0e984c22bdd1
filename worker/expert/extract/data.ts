/** The data and its rules: compliance regimes, classification, sources, regions, exposure, cloud, name. */
import { locationsIn, REGION_CODE } from "../catalogue/regions";
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

/**
 * Regions named by code (in any cloud's naming) or by place: a place in `cloud`'s names, or
 * as the place itself ("netherlands") while the cloud is not known, so that the target
 * chosen later names it exactly.
 */
export function regionsOf(text: string, cloud: Cloud | null): string[] | null {
  const found: string[] = [];
  for (const m of text.matchAll(REGION_CODE)) found.push(m[0].toLowerCase());
  // A code's own words ("europe" in europe-west4) are not a place named.
  for (const l of locationsIn(text.replace(REGION_CODE, " "))) found.push(cloud === null ? l.id : l.names[cloud]);
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

/** A target that allows no public cloud: on-prem, air-gapped, its own data centre. */
const SELF_HOSTED =
  /\b(?:on[- ]prem(?:ise|ises)?|air[- ]?gapped|self[- ]hosted (?:kubernetes|cluster)|(?:our|own|their) (?:data ?cent(?:er|re)s?|hardware|racks?|servers)|bare[- ]metal|openshift|no (?:public )?cloud|not (?:in|on) (?:the|a|any) (?:public )?cloud|private cloud)\b/;

/** The names each public cloud and its services go by. */
const CLOUD_NAMES: Record<Exclude<Cloud, "self_hosted">, RegExp> = {
  aws: /\b(?:aws|amazon web services|sagemaker|lambda|eks|ecs|fargate|s3|dynamodb|kinesis|redshift|cloudwatch)\b/g,
  gcp: /\b(?:gcp|google cloud|vertex(?: ai)?|bigquery|gke|cloud run|pub\/sub|dataflow|gcs|cloud storage|firestore)\b/g,
  azure: /\b(?:azure|aks|cosmos ?db|synapse|event hubs?|blob storage|microsoft cloud)\b/g,
};

/** Words that turn a cloud's mention away from it: "not on AWS", "move off AWS". */
const NEGATION =
  /(?:\bnot (?:on |in |use |using )?|\bno |\bwithout |\boff |\baway from |\binstead of |\bexcept |\bavoid(?:ing)? |\bleav(?:e|ing) |\bmigrat(?:e|ing) from |\bmov(?:e|ing) (?:it |this |everything )?(?:off|from|out of) )(?:of )?(?:the )?$/;

/** Words that move a design to a cloud: "move this to Azure", "switch to GCP". */
const MOVE_TO =
  /\b(?:move|moving|migrate|migrating|switch|switching|port|re-?plan|redo|put)(?: (?:it|this|everything|the design|the platform|all of it))?(?: over)? (?:to|onto|on) $/;

/**
 * The cloud the text names. A request and its follow-ups come as paragraphs: the last one
 * that names a target decides, so "move this to Azure" after a brief about AWS moves it.
 * Within one: self-hosted when it rules out public clouds; otherwise the cloud its names
 * and services are mentioned most, a mention after "not", "off" or "away from" counting
 * against it and one after "move to" for it; null when it names none.
 */
export function cloudOf(lower: string): Cloud | null {
  const paragraphs = lower.split(/\n\s*\n/);
  for (let i = paragraphs.length - 1; i >= 0; i--) {
    const cloud = cloudOfParagraph(paragraphs[i] ?? "");
    if (cloud !== null) return cloud;
  }
  return null;
}

function cloudOfParagraph(lower: string): Cloud | null {
  if (SELF_HOSTED.test(lower)) return "self_hosted";
  let best: Cloud | null = null;
  let bestScore = 0;
  for (const [cloud, names] of Object.entries(CLOUD_NAMES) as [Cloud, RegExp][]) {
    let score = 0;
    for (const m of lower.matchAll(names)) {
      const before = lower.slice(Math.max(0, m.index - 24), m.index);
      score += NEGATION.test(before) ? -2 : MOVE_TO.test(before) ? 3 : 1;
    }
    if (score > bestScore) [best, bestScore] = [cloud, score];
  }
  return best;
}

/** A name the text gives the project, quoted or "called X". */
export function projectName(text: string): string | null {
  const m = /\b(?:called|named|codename|project name(?: is)?:?)\s+["“'`]?([^"”'`\n,.;]{2,60})["”'`]?/i.exec(text);
  const name = m?.[1]?.trim();
  return name === undefined || name === "" ? null : name.slice(0, 80);
}
