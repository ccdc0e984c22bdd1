/** Budgets: amounts in any currency and period, or the words people use for a budget. */
import type { BudgetBand } from "../schema";
import { FX_TO_USD, currencyCode, parseNumber, scale } from "../text";

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
