/**
 * Data residency: the jurisdiction a brief says its data must stay in. It is stated, not
 * inferred from a region alone: residency words ("must stay in", "resident", "sovereign")
 * followed closely by a place, or GDPR with residency words and no place (the EU). A
 * region named without them is a preference for latency, and the DR copy may leave it.
 */
import { locationOf, locationsIn, REGION_CODE } from "../catalogue/regions";
import type { Compliance } from "../schema";

const RESIDENCY_WORDS =
  /\b(?:stays?|remains?|kept|keep|resid(?:e|es|ent|ency)|sovereign(?:ty)?|never leaves?|not leave|only in|in-country|locali[sz]ation|hosted in|inside|within)\b/gi;
/** How far after the residency words the place may be named. */
const REACH_CHARS = 60;

/** The jurisdiction `text` keeps its data in (a country code, or "EU"), and the words that say so. */
export function residencyOf(
  text: string,
  compliance: readonly Compliance[],
): { jurisdiction: string; words: string } | null {
  let said = false;
  for (const m of text.matchAll(RESIDENCY_WORDS)) {
    said = true;
    const after = text.slice(m.index, m.index + m[0].length + REACH_CHARS);
    const code = [...after.matchAll(REGION_CODE)].map((c) => locationOf(c[0])).find((l) => l !== null);
    const place = locationsIn(after.replace(REGION_CODE, " "))[0] ?? code;
    if (place !== undefined) return { jurisdiction: place.country, words: after.split(/[.;\n]/)[0]?.trim() ?? m[0] };
  }
  if (said && compliance.includes("GDPR")) return { jurisdiction: "EU", words: "GDPR" };
  return null;
}
