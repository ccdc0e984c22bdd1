/** Small text helpers for the rule-based extractor: numbers with units, currencies, slugs. */

/** Fixed conversion rates to USD. Approximate on purpose: designs must not move with the market. */
export const FX_TO_USD: Record<string, number> = { usd: 1, eur: 1.08, gbp: 1.27 };

const MULTIPLIERS: Record<string, number> = {
  k: 1_000,
  thousand: 1_000,
  m: 1_000_000,
  mm: 1_000_000,
  million: 1_000_000,
  b: 1_000_000_000,
  bn: 1_000_000_000,
  billion: 1_000_000_000,
};

/** Parses "1,500", "2.5", "12 000" into a number, or null. */
export function parseNumber(raw: string): number | null {
  const cleaned = raw.replace(/[,\s_](?=\d{3}\b)/g, "").replace(/,/g, "");
  const value = Number(cleaned);
  return Number.isFinite(value) ? value : null;
}

/** Applies a suffix such as "k" or "million" to a parsed number. */
export function scale(value: number, suffix: string | undefined): number {
  if (suffix === undefined || suffix === "") return value;
  return value * (MULTIPLIERS[suffix.toLowerCase()] ?? 1);
}

/** Maps a currency mark or word to its code. */
export function currencyCode(mark: string | undefined): keyof typeof FX_TO_USD | null {
  if (mark === undefined) return null;
  const m = mark.toLowerCase();
  if (m === "$" || m === "usd" || m === "us$" || m.startsWith("dollar")) return "usd";
  if (m === "€" || m === "eur" || m.startsWith("euro")) return "eur";
  if (m === "£" || m === "gbp" || m.startsWith("pound")) return "gbp";
  return null;
}

/** Rounds to a "nice" figure for defaults people read: 1,250 → 1,500; 7,300 → 7,500. */
export function niceRound(value: number): number {
  if (value <= 0) return 0;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const steps = [1, 1.5, 2, 2.5, 3, 4, 5, 7.5, 10];
  for (const step of steps) {
    if (value <= step * magnitude) return step * magnitude;
  }
  return 10 * magnitude;
}

/** Formats dollars for cards and reports: $1,234. */
export function usd(value: number): string {
  return `$${Math.round(value).toLocaleString("en-US")}`;
}

/** A lower-case slug of letters, digits and dashes: safe in a path, a resource name, a tag. */
export function slugify(text: string, fallback = "ml-service", maxLength = 40): string {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, maxLength)
    .replace(/-+$/g, "");
  return /^[a-z]/.test(slug) ? slug : slug === "" ? fallback : `ml-${slug}`.slice(0, maxLength);
}

/** True when `pattern` occurs in `text` and is not negated just before ("no", "without", "avoid" …). */
export function mentions(text: string, pattern: RegExp): boolean {
  const flags = pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`;
  const re = new RegExp(pattern.source, flags);
  for (const match of text.matchAll(re)) {
    if (!negatedAt(text, match.index)) return true;
  }
  return false;
}

/** True when `pattern` occurs in `text` right after a negation ("no kubernetes", "avoid k8s"). */
export function negated(text: string, pattern: RegExp): boolean {
  const flags = pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`;
  const re = new RegExp(pattern.source, flags);
  for (const match of text.matchAll(re)) {
    if (negatedAt(text, match.index)) return true;
  }
  return false;
}

function negatedAt(text: string, index: number): boolean {
  const before = text.slice(Math.max(0, index - 24), index).toLowerCase();
  // Up to two words between: "no real-time API", "without a public endpoint".
  return /\b(no|not|without|avoid|avoiding|don't want|do not want|never|non)[\s-]+(?:\w+[\s-]+){0,2}$/.test(before);
}

/** Unique values in first-seen order. */
export function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
