/** The shape of the workload: deployment preference, workloads, model types and size, retraining. */
import { cadenceOf } from "./cadence";
import type { Deployment, ModelSize, ModelType, PatternId, TrainingFrequency, Workload } from "../schema";
import { mentions, negated, scale, unique } from "../text";

/** The deployment style the text prefers and the patterns it rules out. */
export function deploymentOf(lower: string): { preference: Deployment | null; avoid: PatternId[] } {
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

/** The kinds of work the platform must do: online, batch, streaming, training, analytics. */
export function workloadsOf(lower: string): Workload[] | null {
  const found: Workload[] = [];
  if (
    mentions(
      lower,
      /real[- ]?time|online (?:inference|prediction|scoring)|low[- ]latency|\bapi\b|endpoint|interactive|on[- ]demand predictions?|chatbot|per request|\brps\b|requests? (?:per|an?|each) (?:second|minute|hour)|\bp9[59]\b/,
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
  // Volumes by the day or month with nobody waiting are batch; a continuous stream is streaming.
  const cadence = cadenceOf(lower);
  if (cadence?.shape === "batch" && !found.includes("batch_inference")) found.push("batch_inference");
  if (cadence?.shape === "streaming" && !found.includes("streaming")) found.push("streaming");
  if (mentions(lower, /\b(re)?train(?:ing|ed)?\b|fine[- ]?tun/)) found.push("training");
  if (mentions(lower, /analytics|dashboards?|reporting|\bbi\b|data warehouse|ad[- ]hoc (?:sql|queries)/))
    found.push("analytics");
  return found.length === 0 ? null : unique(found);
}

/** The kinds of model the text names. */
export function modelTypesOf(lower: string): ModelType[] | null {
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

/** The model's size, from parameter counts or the kind of model. */
export function modelSizeOf(lower: string, types: ModelType[]): ModelSize | null {
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
  if (/\b(large|big|huge) (?:[\w-]+ ){0,3}models?\b|\bgpus?\b/.test(lower)) return "large";
  if (types.includes("llm") && /self[- ]hosted|open[- ]source|own (?:model|llm)|fine[- ]?tun/.test(lower))
    return "large";
  return null;
}

/** How often the model is retrained. */
export function trainingOf(lower: string): TrainingFrequency | null {
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
