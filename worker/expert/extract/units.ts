/** Numbers with units: throughput, latency, availability, DR, data volume and the team. */
import type { DrTier, Expertise, LatencyPercentile } from "../schema";
import { parseNumber, scale } from "../text";

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

/** The percentile a latency target names: "p99", "99th percentile"; null when none. */
export function percentileOf(lower: string): LatencyPercentile | null {
  const m = /\bp(50|90|95|99)\b|\b(50|90|95|99)(?:th)? percentile\b/.exec(lower);
  const n = m?.[1] ?? m?.[2];
  if (n !== undefined) return `p${n}` as LatencyPercentile;
  return /\bmedian (?:latency|response)/.test(lower) ? "p50" : null;
}

/** A latency target in milliseconds (at the percentile `percentileOf` reads). */
export function latencyOf(lower: string): number | null {
  const unit = (value: number, u: string | undefined) => (u?.startsWith("s") === true ? value * 1000 : value);
  const patterns = [
    /(?:p(?:50|90|95|99)|(?:50|90|95|99)(?:th)? percentile|median|latency|response time|respond)[^.\d]{0,40}?(?:under|below|<|less than|within|of|at most|max(?:imum)?|≤|<=)?\s*(\d+(?:\.\d+)?)\s?(ms|milliseconds?|s|sec(?:onds?)?)\b/,
    /(?:under|below|<|less than|within|≤|<=)\s*(\d+(?:\.\d+)?)\s?(ms|milliseconds?|s|sec(?:onds?)?)\b(?=[^.]{0,30}(?:latency|response|p(?:50|90|95|99)))/,
    /sub[- ]?(\d+(?:\.\d+)?)\s?(ms|milliseconds?|s|seconds?)\b/,
    /(\d+(?:\.\d+)?)\s?(ms|milliseconds?)\s+(?:p(?:50|90|95|99)|latency|response)/,
  ];
  for (const re of patterns) {
    const m = re.exec(lower);
    if (m?.[1] !== undefined) return unit(Number(m[1]), m[2]);
  }
  if (/sub[- ]second/.test(lower)) return 1000;
  return null;
}

/** An availability target in percent. */
export function availabilityOf(lower: string): number | null {
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

/** The disaster-recovery tier the text asks for. */
export function drOf(lower: string): DrTier | null {
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

/** The data volume in GB, from sizes in any unit. */
export function dataVolumeOf(lower: string): number | null {
  const m = /(\d[\d,]*(?:\.\d+)?)\s?(gb|tb|pb)\b/.exec(lower);
  if (m?.[1] === undefined) return null;
  const value = parseNumber(m[1]);
  if (value === null) return null;
  return m[2] === "tb" ? value * 1024 : m[2] === "pb" ? value * 1024 * 1024 : value;
}

/** How many people run the platform. */
export function teamSizeOf(lower: string): number | null {
  if (/\b(solo|just me|one[- ]person|single (?:engineer|developer))\b/.test(lower)) return 1;
  const m =
    /team of (\d+)|(\d+)[- ](?:person|people|member)|(\d+)\s+(?:\w+\s+){0,2}(?:engineers|developers|data scientists|people|devs)\b/.exec(
      lower,
    );
  const raw = m?.[1] ?? m?.[2] ?? m?.[3];
  const n = raw === undefined ? null : Number(raw);
  return n !== null && n > 0 && n < 10_000 ? n : null;
}

/** The team's operational experience. */
export function expertiseOf(lower: string): Expertise | null {
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

/** The GPUs a brief says its training runs on ("on 8 GPUs", "8x A100"); null when it names no count. */
export function gpusOf(lower: string): number | null {
  const m =
    /\b(\d{1,4})\s?(?:x|×)?\s?(?:nvidia\s+)?(?:(?:a100|h100|h200|v100|l4|t4|a10g?)s?\b\s*)?gpus?\b|\b(\d{1,4})\s?(?:x|×)\s?(?:nvidia\s+)?(?:a100|h100|h200|v100|l4|t4|a10g?)\b/.exec(
      lower,
    );
  const n = Number(m?.[1] ?? m?.[2] ?? Number.NaN);
  return Number.isInteger(n) && n > 0 ? n : null;
}
