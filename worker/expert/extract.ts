/**
 * Rule-based constraint extraction: numbers with their units, currencies and keywords read
 * from the user's text. Plain rules, so a fresh machine designs without a model and tests
 * are exact. Answers to the clarifying questions go through `applyAnswers`, which reuses
 * the same rules on free-text answers.
 */
import type { AnswerValue } from "../contract/events";
import {
  CLASSIFICATIONS,
  DEPLOYMENTS,
  DR_TIERS,
  EXPERTISE,
  MODEL_SIZES,
  TRAINING_FREQUENCIES,
  type BudgetBand,
  type Classification,
  type Cloud,
  type Compliance,
  type Constraints,
  type Deployment,
  type DrTier,
  type Expertise,
  type Exposure,
  type ModelSize,
  type ModelType,
  type PatternId,
  type Provenance,
  type TrainingFrequency,
  type Workload,
} from "./schema";
import { FX_TO_USD, currencyCode, mentions, negated, parseNumber, scale, unique } from "./text";

/** Upper bounds of the budget bands, in USD a month (the last band is open). */
export const BAND_LIMITS_USD: Record<Exclude<BudgetBand, "enterprise">, number> = {
  minimal: 500,
  low: 2_000,
  medium: 10_000,
  high: 50_000,
};

/** The band a monthly figure falls in. */
export function bandOf(monthlyUsd: number): BudgetBand {
  if (monthlyUsd < BAND_LIMITS_USD.minimal) return "minimal";
  if (monthlyUsd < BAND_LIMITS_USD.low) return "low";
  if (monthlyUsd < BAND_LIMITS_USD.medium) return "medium";
  if (monthlyUsd < BAND_LIMITS_USD.high) return "high";
  return "enterprise";
}

/** A constraint set that knows nothing yet. */
export function emptyConstraints(description = ""): Constraints {
  return {
    project_name: null,
    project_description: description.slice(0, 8000),
    budget_band: null,
    budget_monthly_usd: null,
    deployment_preference: null,
    deployment_avoid: [],
    workload_types: null,
    throughput_rps: null,
    latency_p95_ms: null,
    data_classification: null,
    data_sources: null,
    data_volume_gb: null,
    compliance: null,
    regions: null,
    availability_target: null,
    disaster_recovery: null,
    model_types: null,
    model_size: null,
    training_frequency: null,
    team_size: null,
    team_expertise: null,
    exposure: null,
    cloud: null,
    provenance: {},
  };
}

/** Reads every constraint the text states or clearly implies. Unknown stays null. */
export function extractConstraints(text: string): Constraints {
  const c = emptyConstraints(text.trim());
  const lower = text.toLowerCase();
  const set = <K extends keyof Constraints>(key: K, value: Constraints[K] | null | undefined) => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value) && value.length === 0 && key !== "compliance" && key !== "deployment_avoid") return;
    c[key] = value;
    if (key !== "deployment_avoid") c.provenance[key] = "text";
  };
  set("project_name", projectName(text));
  const budget = budgetOf(text);
  set("budget_monthly_usd", budget.usd);
  set("budget_band", budget.band);
  const deployment = deploymentOf(lower);
  set("deployment_preference", deployment.preference);
  set("deployment_avoid", deployment.avoid);
  const modelTypes = modelTypesOf(lower);
  set("model_types", modelTypes);
  set("workload_types", workloadsOf(lower));
  set("throughput_rps", throughputOf(lower));
  set("latency_p95_ms", latencyOf(lower));
  set("compliance", complianceOf(text));
  set("data_classification", classificationOf(lower, c.compliance ?? []));
  set("data_sources", dataSourcesOf(lower));
  set("data_volume_gb", dataVolumeOf(lower));
  set("regions", regionsOf(text));
  set("availability_target", availabilityOf(lower));
  set("disaster_recovery", drOf(lower));
  set("model_size", modelSizeOf(lower, modelTypes ?? []));
  set("training_frequency", trainingOf(lower));
  set("team_size", teamSizeOf(lower));
  set("team_expertise", expertiseOf(lower));
  set("exposure", exposureOf(lower));
  set("cloud", cloudOf(lower));
  return c;
}

// ------------------------------------------------------------------ budget

const CURRENCY = String.raw`(\$|us\$|usd|€|eur|£|gbp)`;
const AMOUNT = String.raw`(\d[\d,]*(?:\.\d+)?)\s?(k|m|thousand|million)?\b`;
const CURRENCY_WORD = String.raw`(usd|dollars?|eur|euros?|€|gbp|pounds?)`;
const PERIOD = String.raw`\s*(?:(?:per|a|\/|each)\s*(month|mo|year|yr|annum|week)|(monthly|annually|yearly|weekly))?`;

/** A monthly budget in USD and its band, from amounts with a currency or near the word budget. */
export function budgetOf(text: string): { usd: number | null; band: BudgetBand | null } {
  const lower = text.toLowerCase();
  const amounts: { usd: number; index: number; near: boolean }[] = [];
  const patterns = [
    new RegExp(`${CURRENCY}\\s?${AMOUNT}${PERIOD}`, "gi"),
    new RegExp(`${AMOUNT}\\s?${CURRENCY_WORD}${PERIOD}`, "gi"),
  ];
  for (const [i, re] of patterns.entries()) {
    for (const m of lower.matchAll(re)) {
      const [currency, amount, suffix, period, periodWord] =
        i === 0 ? [m[1], m[2], m[3], m[4], m[5]] : [m[3], m[1], m[2], m[4], m[5]];
      const value = amount === undefined ? null : parseNumber(amount);
      const code = currencyCode(currency);
      if (value === null || code === null) continue;
      const monthly = perMonth(scale(value, suffix), period ?? periodWord);
      const context = lower.slice(Math.max(0, m.index - 60), m.index + m[0].length + 30);
      amounts.push({
        usd: monthly * (FX_TO_USD[code] ?? 1),
        index: m.index,
        near: /budget|spend|cost|cap|max|up to|under|within|afford/.test(context),
      });
    }
  }
  // "budget of 5000 per month" without a currency: dollars are assumed.
  for (const m of lower.matchAll(
    new RegExp(
      `budget(?:\\s+(?:of|is|around|about|under|up to|max(?:imum)?|cap(?:ped)? at|:))*\\s+${AMOUNT}${PERIOD}`,
      "gi",
    ),
  )) {
    const value = m[1] === undefined ? null : parseNumber(m[1]);
    if (value === null) continue;
    amounts.push({ usd: perMonth(scale(value, m[2]), m[3] ?? m[4]), index: m.index, near: true });
  }
  const best = amounts.find((a) => a.near) ?? amounts[0];
  if (best !== undefined && best.usd > 0) {
    const rounded = Math.round(best.usd);
    return { usd: rounded, band: bandOf(rounded) };
  }
  return { usd: null, band: budgetBandWords(lower) };
}

function perMonth(value: number, period: string | undefined): number {
  if (period === undefined) return value;
  if (/^(year|yr|annum|annually|yearly)/.test(period)) return value / 12;
  if (period.startsWith("week")) return value * 4.33;
  return value;
}

function budgetBandWords(lower: string): BudgetBand | null {
  if (/shoestring|minimal budget|tiny budget|as cheap as possible|hobby|side project/.test(lower)) return "minimal";
  if (/tight budget|low budget|limited budget|low[- ]cost|cost[- ]sensitive|cheap|startup budget/.test(lower))
    return "low";
  if (/moderate budget|mid[- ]range|reasonable budget|medium budget/.test(lower)) return "medium";
  if (/large budget|generous budget|well[- ]funded|high budget/.test(lower)) return "high";
  if (/enterprise budget|no budget (?:constraint|limit)|budget is not a concern|unlimited budget/.test(lower))
    return "enterprise";
  return null;
}

// ------------------------------------------------------------------ workloads and shape

function deploymentOf(lower: string): { preference: Deployment | null; avoid: PatternId[] } {
  const rules: [Deployment, PatternId, RegExp][] = [
    ["kubernetes", "kubernetes", /\b(kubernetes|k8s|eks|gke|aks|kserve|kubeflow)\b/],
    ["serverless", "serverless", /\b(serverless|lambda|cloud functions?|azure functions)\b/],
    ["containers", "containers", /\b(containers?|containeri[sz]ed|docker|ecs|fargate|cloud run|app runner)\b/],
    [
      "managed",
      "managed_platform",
      /\b(sagemaker|vertex ai|azure ml|managed (?:ml )?(?:platform|services?)|fully managed|low[- ]ops|no ops)\b/,
    ],
  ];
  const avoid: PatternId[] = [];
  let preference: Deployment | null = null;
  for (const [pref, pattern, re] of rules) {
    if (negated(lower, re)) avoid.push(pattern);
    else if (preference === null && mentions(lower, re)) preference = pref;
  }
  if (/no (?:deployment )?preference|any platform|open to (?:any|suggestions)/.test(lower))
    preference = "no_preference";
  return { preference, avoid };
}

function workloadsOf(lower: string): Workload[] | null {
  const found: Workload[] = [];
  if (
    mentions(
      lower,
      /real[- ]?time|online (?:inference|prediction|scoring)|low[- ]latency|\bapi\b|endpoint|interactive|on[- ]demand predictions?|chatbot|per request|\brps\b|requests? per second|\bp9[59]\b/,
    )
  ) {
    found.push("realtime_inference");
  }
  if (
    mentions(
      lower,
      /\bbatch\b|nightly|offline scoring|bulk scoring|daily scoring|scheduled (?:scoring|jobs?|predictions?)|every night/,
    )
  ) {
    found.push("batch_inference");
  }
  if (
    mentions(
      lower,
      /stream(?:ing|s)?\b|kafka|kinesis|event[- ]driven|clickstream|telemetry|\bevents? per second|events\/s|\beps\b|sensor|\biot\b/,
    )
  ) {
    found.push("streaming");
  }
  if (mentions(lower, /\b(re)?train(?:ing|ed)?\b|fine[- ]?tun/)) found.push("training");
  if (mentions(lower, /analytics|dashboards?|reporting|\bbi\b|data warehouse|ad[- ]hoc (?:sql|queries)/))
    found.push("analytics");
  return found.length === 0 ? null : unique(found);
}

function modelTypesOf(lower: string): ModelType[] | null {
  const rules: [ModelType, RegExp][] = [
    [
      "llm",
      /\bllms?\b|large language model|\bgpt|generative|chatbot|\brag\b|llama|mistral|\d+\s?b(?:illion)?[- ]param/,
    ],
    ["computer_vision", /image|vision|video|\bocr\b|object detection|scanned|photos?\b|x[- ]?ray/],
    ["nlp", /\bnlp\b|\btext\b|sentiment|language|documents?|clinical notes|named entit|transcri/],
    ["recommendation", /recommend/],
    ["forecasting", /forecast|time[- ]series|demand prediction/],
    ["anomaly_detection", /anomal|fraud|outlier|intrusion/],
    ["classification", /classif|categori[sz]|churn|detect/],
    ["regression", /regression|price prediction|predict (?:the )?(?:price|value)/],
    ["tabular", /tabular|xgboost|lightgbm|gradient boost|random forest|logistic regression/],
  ];
  const found = rules.filter(([, re]) => mentions(lower, re)).map(([t]) => t);
  return found.length === 0 ? null : found;
}

function modelSizeOf(lower: string, types: ModelType[]): ModelSize | null {
  const params =
    /(\d+(?:\.\d+)?)\s?(m|b|million|billion)[- ]?(?:param(?:eter)?s?)?\b(?=[^.]{0,30}(?:model|llm|param))/.exec(lower);
  if (params?.[1] !== undefined) {
    const value = scale(Number(params[1]), params[2]);
    if (value >= 1e6) return value < 1e8 ? "small" : value < 1e9 ? "medium" : value < 2e10 ? "large" : "xlarge";
  }
  const bytes = /(\d+(?:\.\d+)?)\s?(mb|gb)\s+(?:model|weights)/.exec(lower);
  if (bytes?.[1] !== undefined) {
    const gb = Number(bytes[1]) / (bytes[2] === "mb" ? 1024 : 1);
    return gb < 0.5 ? "small" : gb < 4 ? "medium" : gb < 40 ? "large" : "xlarge";
  }
  if (/\b(small|tiny|lightweight) models?\b|xgboost|lightgbm|logistic regression|scikit/.test(lower)) return "small";
  if (/\b(bert|resnet|transformer|distil|medium[- ]sized? model)/.test(lower)) return "medium";
  if (/\b(large|big|huge) models?\b|\bgpu\b/.test(lower)) return "large";
  if (types.includes("llm") && /self[- ]hosted|open[- ]source|own (?:model|llm)|fine[- ]?tun/.test(lower))
    return "large";
  return null;
}

function trainingOf(lower: string): TrainingFrequency | null {
  if (/no (?:re)?training|pre[- ]?trained only|off[- ]the[- ]shelf|never retrain/.test(lower)) return "none";
  const near = (word: string) =>
    new RegExp(`(?:(?:re)?train\\w*|fine[- ]?tun\\w*)[^.]{0,30}\\b${word}|\\b${word}[^.]{0,20}(?:re)?train`).test(
      lower,
    );
  if (/continuous(?:ly)? (?:re)?train|online learning/.test(lower)) return "continuous";
  if (near("(?:daily|every day|nightly)")) return "daily";
  if (near("(?:weekly|every week)")) return "weekly";
  if (near("(?:monthly|every month)")) return "monthly";
  if (near("(?:quarterly|every quarter|yearly)")) return "monthly";
  return null;
}

// ------------------------------------------------------------------ numbers with units

const RATE_UNITS: [RegExp, number][] = [
  [
    /^(?:rps|req\/s|reqs?\/s|requests?\s*(?:per|\/|a)\s*s(?:ec(?:ond)?)?|qps|tps|queries per second|transactions per second|events?\s*(?:per|\/)\s*s(?:ec(?:ond)?)?|eps|predictions?\s*(?:per|\/)\s*s(?:ec(?:ond)?)?|messages?\s*(?:per|\/)\s*s(?:ec(?:ond)?)?|inferences?\s*(?:per|\/)\s*s(?:ec(?:ond)?)?)/,
    1,
  ],
  [
    /^(?:rpm|requests?\s*(?:per|\/|a)\s*min(?:ute)?|events?\s*(?:per|\/)\s*min(?:ute)?|predictions?\s*(?:per|\/)\s*min(?:ute)?)/,
    1 / 60,
  ],
  [
    /^(?:requests?|events?|predictions?|transactions?|inferences?|messages?|calls?|documents?|images?)\s*(?:per|\/|a)\s*hour/,
    1 / 3600,
  ],
  [
    /^(?:requests?|events?|predictions?|transactions?|inferences?|messages?|calls?|documents?|images?|records?)\s*(?:per|\/|a|each)\s*day|^daily (?:requests|predictions|events)/,
    1 / 86_400,
  ],
];

/** Sustained requests (or events) per second, from rates in any unit or concurrent users. */
export function throughputOf(lower: string): number | null {
  let best: number | null = null;
  for (const m of lower.matchAll(/(\d[\d,]*(?:\.\d+)?)\s?(k|m|thousand|million)?\s*/g)) {
    const value = m[1] === undefined ? null : parseNumber(m[1]);
    if (value === null) continue;
    const rest = lower.slice(m.index + m[0].length, m.index + m[0].length + 40);
    for (const [unit, factor] of RATE_UNITS) {
      if (unit.test(rest)) {
        const rps = scale(value, m[2]) * factor;
        best = Math.max(best ?? 0, rps);
        break;
      }
    }
    // Concurrent users: a rule of thumb of one request every ten seconds each.
    if (/^(?:concurrent|active|simultaneous) users/.test(rest)) best = Math.max(best ?? 0, scale(value, m[2]) / 10);
  }
  return best === null ? null : Math.round(best * 100) / 100;
}

/** A p95 latency target in milliseconds. */
function latencyOf(lower: string): number | null {
  const unit = (value: number, u: string | undefined) => (u?.startsWith("s") === true ? value * 1000 : value);
  const patterns = [
    /(?:p9[59]|latency|response time|respond)[^.\d]{0,40}?(?:under|below|<|less than|within|of|at most|max(?:imum)?|≤|<=)?\s*(\d+(?:\.\d+)?)\s?(ms|milliseconds?|s|sec(?:onds?)?)\b/,
    /(?:under|below|<|less than|within|≤|<=)\s*(\d+(?:\.\d+)?)\s?(ms|milliseconds?|s|sec(?:onds?)?)\b(?=[^.]{0,30}(?:latency|response|p9[59]))/,
    /sub[- ]?(\d+(?:\.\d+)?)\s?(ms|milliseconds?|s|seconds?)\b/,
    /(\d+(?:\.\d+)?)\s?(ms|milliseconds?)\s+(?:p9[59]|latency|response)/,
  ];
  for (const re of patterns) {
    const m = re.exec(lower);
    if (m?.[1] !== undefined) return unit(Number(m[1]), m[2]);
  }
  if (/sub[- ]second/.test(lower)) return 1000;
  return null;
}

/** An availability target in percent. */
function availabilityOf(lower: string): number | null {
  const m =
    /(9\d(?:\.\d+)?)\s?%[^.]{0,25}?(?:uptime|availability|sla|available)|(?:uptime|availability|sla)[^.\d]{0,25}(9\d(?:\.\d+)?)\s?%/.exec(
      lower,
    );
  const raw = m?.[1] ?? m?.[2];
  if (raw !== undefined) return Math.min(99.9999, Number(raw));
  if (/five nines/.test(lower)) return 99.999;
  if (/four nines|mission[- ]critical/.test(lower)) return 99.99;
  if (/three nines/.test(lower)) return 99.9;
  if (/highly available|high availability|\bha\b|always[- ]on|24\/7/.test(lower)) return 99.95;
  if (/best[- ]effort|downtime is (?:ok|acceptable|fine)/.test(lower)) return 99;
  return null;
}

function drOf(lower: string): DrTier | null {
  if (/no (?:dr|disaster recovery)\b|dr (?:is )?not (?:needed|required)/.test(lower)) return "none";
  if (/active[- ]active|multi[- ]region (?:active|deployment|failover)|multi[- ]region/.test(lower))
    return "multi_region_active";
  if (/warm standby/.test(lower)) return "warm_standby";
  if (/pilot light/.test(lower)) return "pilot_light";
  const rto = /rto (?:of |under |below |<\s?)?(\d+)\s?(min(?:utes?)?|h(?:ours?)?|s(?:ec(?:onds?)?)?)/.exec(lower);
  if (rto?.[1] !== undefined) {
    const n = Number(rto[1]);
    const minutes = rto[2]?.startsWith("h") ? n * 60 : rto[2]?.startsWith("s") ? n / 60 : n;
    if (minutes <= 5) return "multi_region_active";
    if (minutes <= 60) return "warm_standby";
    if (minutes <= 240) return "pilot_light";
    return "backup_restore";
  }
  if (/disaster recovery|\bdr\b|failover|second region/.test(lower)) return "warm_standby";
  if (/backups?\b/.test(lower)) return "backup_restore";
  return null;
}

function dataVolumeOf(lower: string): number | null {
  const m = /(\d[\d,]*(?:\.\d+)?)\s?(gb|tb|pb)\b/.exec(lower);
  if (m?.[1] === undefined) return null;
  const value = parseNumber(m[1]);
  if (value === null) return null;
  return m[2] === "tb" ? value * 1024 : m[2] === "pb" ? value * 1024 * 1024 : value;
}

function teamSizeOf(lower: string): number | null {
  if (/\b(solo|just me|one[- ]person|single (?:engineer|developer))\b/.test(lower)) return 1;
  const m =
    /team of (\d+)|(\d+)[- ](?:person|people|member)|(\d+)\s+(?:\w+\s+){0,2}(?:engineers|developers|data scientists|people|devs)\b/.exec(
      lower,
    );
  const raw = m?.[1] ?? m?.[2] ?? m?.[3];
  const n = raw === undefined ? null : Number(raw);
  return n !== null && n > 0 && n < 10_000 ? n : null;
}

function expertiseOf(lower: string): Expertise | null {
  if (
    /beginners?|junior|new to (?:ml|mlops|the cloud|cloud|devops)|no (?:devops|ops|platform) (?:team|experience)|limited (?:experience|ops)|first ml/.test(
      lower,
    )
  )
    return "beginner";
  if (/\bexpert|senior|experienced|strong (?:devops|platform|sre)|platform team|sre team|seasoned/.test(lower))
    return "expert";
  if (/intermediate|some experience|familiar with/.test(lower)) return "intermediate";
  return null;
}

// ------------------------------------------------------------------ data and compliance

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

function classificationOf(lower: string, compliance: Compliance[]): Classification | null {
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

function dataSourcesOf(lower: string): string[] | null {
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

function exposureOf(lower: string): Exposure | null {
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

function cloudOf(lower: string): Cloud | null {
  if (/\b(aws|amazon web services|sagemaker|lambda|eks|ecs|s3)\b/.test(lower)) return "aws";
  if (/\b(gcp|google cloud|vertex|bigquery|gke)\b/.test(lower)) return "gcp";
  if (/\b(azure|aks)\b/.test(lower)) return "azure";
  return null;
}

function projectName(text: string): string | null {
  const m = /\b(?:called|named|codename|project name(?: is)?:?)\s+["“'`]?([^"”'`\n,.;]{2,60})["”'`]?/i.exec(text);
  const name = m?.[1]?.trim();
  return name === undefined || name === "" ? null : name.slice(0, 80);
}

// ------------------------------------------------------------------ answers

/** What applying answers did: which fields changed, and which answers could not be read. */
export interface AnswerEffect {
  constraints: Constraints;
  applied: string[];
  ignored: string[];
}

/**
 * Folds the answers to the clarifying questions into the constraints. Question ids are
 * constraint field names; answers always win over the text (the person was asked).
 */
export function applyAnswers(base: Constraints, answers: Record<string, AnswerValue>): AnswerEffect {
  const c: Constraints = { ...base, provenance: { ...base.provenance } };
  const applied: string[] = [];
  const ignored: string[] = [];
  const put = <K extends keyof Constraints>(key: K, value: Constraints[K] | null) => {
    if (value === null) {
      ignored.push(key);
      return;
    }
    c[key] = value;
    c.provenance[key] = "answer";
    applied.push(key);
  };
  for (const [id, raw] of Object.entries(answers)) {
    const text = String(raw).trim();
    const lower = text.toLowerCase();
    switch (id) {
      case "budget_monthly_usd": {
        const n =
          typeof raw === "number" ? raw : (budgetOf(/[$€£]|usd|eur|gbp/i.test(text) ? text : `$${text}`).usd ?? null);
        put("budget_monthly_usd", n !== null && n >= 0 ? n : null);
        if (n !== null && n >= 0) {
          c.budget_band = bandOf(n);
          c.provenance.budget_band = "answer";
        }
        break;
      }
      case "workload_types":
        put("workload_types", workloadsOf(lower.replace(/_/g, " ").replace(/realtime inference/g, "real-time api")));
        break;
      case "throughput_rps": {
        const n = typeof raw === "number" ? raw : (throughputOf(`${lower} rps`) ?? parseNumber(lower));
        put("throughput_rps", n !== null && n >= 0 ? n : null);
        break;
      }
      case "latency_p95_ms": {
        const n =
          typeof raw === "number"
            ? raw
            : (latencyOf(`latency ${/\d\s*(ms|s)\b/.test(lower) ? lower : `${lower} ms`}`) ?? null);
        put("latency_p95_ms", n !== null && n > 0 ? n : null);
        break;
      }
      case "availability_target": {
        const n = typeof raw === "number" ? raw : Number(lower.replace(/%/g, ""));
        put("availability_target", Number.isFinite(n) && n >= 90 && n < 100 ? n : null);
        break;
      }
      case "data_classification":
        put("data_classification", oneOf(CLASSIFICATIONS, lower) ?? classificationOf(lower, []));
        break;
      case "compliance":
        put("compliance", /^(none|no|n\/a|-)?$/.test(lower) ? [] : complianceOf(text));
        break;
      case "deployment_preference":
        put("deployment_preference", oneOf(DEPLOYMENTS, lower.replace(/ /g, "_")) ?? deploymentOf(lower).preference);
        break;
      case "regions":
        put("regions", regionsOf(text));
        break;
      case "disaster_recovery":
        put("disaster_recovery", oneOf(DR_TIERS, lower.replace(/[ -]/g, "_")) ?? drOf(lower));
        break;
      case "model_size":
        put("model_size", oneOf(MODEL_SIZES, lower) ?? modelSizeOf(lower, []));
        break;
      case "model_types":
        put("model_types", modelTypesOf(lower));
        break;
      case "training_frequency":
        put("training_frequency", oneOf(TRAINING_FREQUENCIES, lower) ?? trainingOf(`retrain ${lower}`));
        break;
      case "team_expertise":
        put("team_expertise", oneOf(EXPERTISE, lower) ?? expertiseOf(lower));
        break;
      case "team_size": {
        const n = typeof raw === "number" ? raw : parseNumber(lower);
        put("team_size", n !== null && Number.isInteger(n) && n > 0 ? n : null);
        break;
      }
      case "data_sources":
        put("data_sources", dataSourcesOf(lower));
        break;
      default:
        ignored.push(id);
    }
  }
  return { constraints: c, applied, ignored };
}

function oneOf<T extends string>(values: readonly T[], text: string): T | null {
  return values.find((v) => v === text) ?? null;
}

/** Merges constraints from another thinker (the LLM) under the rules' own: null never overwrites. */
export function mergeConstraints(base: Constraints, extra: Partial<Constraints>, source: Provenance): Constraints {
  const out: Constraints = { ...base, provenance: { ...base.provenance } };
  for (const key of Object.keys(extra) as (keyof Constraints)[]) {
    if (key === "provenance" || key === "project_description") continue;
    const value = extra[key];
    if (value === null || value === undefined) continue;
    if (Array.isArray(value) && value.length === 0 && key !== "compliance") continue;
    // A field the text stated outright keeps its rule-read value; the other thinker fills gaps.
    if (out[key] !== null && base.provenance[key] === "text") continue;
    Object.assign(out, { [key]: value });
    out.provenance[key] = source;
  }
  return out;
}
