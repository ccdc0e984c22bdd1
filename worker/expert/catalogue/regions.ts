/**
 * Regions as places: each location the catalogue knows, its name on every target, whether
 * it is in the EU/EEA (residency), and the location its disaster-recovery copy goes to on
 * the same continent (and, for the EU, inside the EU). A region named in any cloud's terms
 * ("eu-central-1", "europe-west3", "germanywestcentral", "Frankfurt") is the same place,
 * so a design moved from one cloud to another keeps its residency.
 *
 * Self-hosted sites are named after their metro ("dc-frankfurt"): the operator maps them to
 * their own data centres; the residency rule reads the place, not the name.
 */
import { z } from "zod";
import { Cloud } from "../schema";
import table from "./regions.json";

export interface Location {
  id: string;
  /** Place words a brief may use for it. */
  words: RegExp;
  /** Personal data under GDPR may stay here: the EU/EEA, or a country with an adequacy decision. */
  eu: boolean;
  /** The jurisdiction: an ISO country code ("EU" for the continent-wide entry). */
  country: string;
  country_name: string;
  /** Each target's region here; where a target has none (`absent`), its nearest region stands in. */
  names: Record<Cloud, string>;
  /** Targets with no region in this country: their `names` entry lies outside it. */
  absent: readonly Cloud[];
  /** A second region in the same country, per target that has one (for DR that stays in-country). */
  second: Partial<Record<Cloud, string>>;
  /** The location the DR copy goes to. */
  dr: string;
}

/** The locations (`regions.json`), in the order place words are read from a brief (a city before its continent). */
export const LOCATIONS: readonly Location[] = z
  .array(
    z
      .object({
        id: z.string().min(1),
        note: z.string().optional(),
        words: z.string().min(1),
        ignore_case: z.boolean(),
        eu: z.boolean(),
        country: z.string().regex(/^[A-Z]{2}$/),
        country_name: z.string().min(1),
        names: z.record(Cloud, z.string().min(1)),
        absent: z.array(Cloud).default([]),
        second: z.partialRecord(Cloud, z.string().min(1)).default({}),
        dr: z.string().min(1),
      })
      .strict(),
  )
  .parse(table)
  .map((l) => ({ ...l, words: new RegExp(l.words, l.ignore_case ? "i" : "") }));

const BY_ID = new Map(LOCATIONS.map((l) => [l.id, l]));
for (const l of LOCATIONS) if (!BY_ID.has(l.dr)) throw new Error(`regions.json: ${l.id} fails over to unknown ${l.dr}`);
const BY_NAME = new Map<string, Location>();
// A region belongs to the place it is in: a stand-in where a target has no region (AWS has no
// Amsterdam region, so the Netherlands' AWS name is Frankfurt's eu-central-1) claims nothing.
for (const l of LOCATIONS)
  for (const [cloud, name] of [...Object.entries(l.names), ...Object.entries(l.second)])
    if (!l.absent.some((a) => a === cloud) && !BY_NAME.has(name)) BY_NAME.set(name, l);

/** A region code of any target, as written in a brief. */
export const REGION_CODE = new RegExp(
  [
    String.raw`\b(?:us|eu|ap|ca|sa|me|af|il|mx|cn)-(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-\d\b`,
    String.raw`\b(?:us|europe|asia|australia|southamerica|northamerica|me|africa)-[a-z]+\d{1,2}\b`,
    String.raw`\b(?:${[...BY_NAME.keys()].filter((n) => /^[a-z]+\d?$/.test(n)).join("|")})\b`,
    String.raw`\bdc-[a-z-]+\b`,
  ].join("|"),
  "gi",
);

/** The location a region code or a place word names, if the catalogue knows it. */
export function locationOf(region: string): Location | null {
  const code = region.trim().toLowerCase();
  return BY_NAME.get(code) ?? LOCATIONS.find((l) => l.id === code || l.words.test(region)) ?? null;
}

/** The place words of a text, as locations in the order the table lists them. */
export function locationsIn(text: string): Location[] {
  return LOCATIONS.filter((l) => l.words.test(text));
}

/** GDPR residency: the region's place is in the EU (or adequate), or its code says so on any cloud. */
export function isEuRegion(region: string): boolean {
  const l = locationOf(region);
  if (l !== null) return l.eu;
  return /^(?:eu-|europe-)/.test(region.toLowerCase());
}

/** The region on `cloud` for the place `region` names in any cloud's terms; unknown codes stay as given. */
export function regionOn(cloud: Cloud, region: string): string {
  return locationOf(region)?.names[cloud] ?? region;
}

/**
 * The region on `cloud` a primary region's DR copy goes to: the same continent, the EU for
 * the EU. Under a residency `jurisdiction` it stays there: the target's second region in
 * the country, else the paired location when it lies inside; null when the target has only
 * the one region there, so the copy goes across that region's zones instead.
 */
export function drRegionOf(cloud: Cloud, primary: string, jurisdiction: string | null = null): string | null {
  const l = locationOf(primary) ?? (isEuRegion(primary) ? BY_ID.get("frankfurt") : BY_ID.get("virginia"));
  const dr = BY_ID.get(l?.dr ?? "oregon");
  const paired = dr?.names[cloud] ?? primary;
  if (jurisdiction === null) return paired;
  const candidates = [l?.second[cloud], paired, ...regionsIn(cloud, jurisdiction)];
  return candidates.find((r) => r !== undefined && r !== primary && inJurisdiction(r, jurisdiction)) ?? null;
}

/** Whether `region` (any target's name) lies in `jurisdiction`: a country code, or "EU" for EU/EEA and adequate places. */
export function inJurisdiction(region: string, jurisdiction: string): boolean {
  const l = locationOf(region);
  if (l === null) return jurisdiction === "EU" && isEuRegion(region);
  return jurisdiction === "EU" ? l.eu : l.country === jurisdiction;
}

/** The regions `cloud` has in `jurisdiction`, the first the one a design is placed in. */
export function regionsIn(cloud: Cloud, jurisdiction: string): string[] {
  const out: string[] = [];
  for (const l of LOCATIONS) {
    if (!(jurisdiction === "EU" ? l.eu : l.country === jurisdiction)) continue;
    if (!l.absent.includes(cloud)) out.push(l.names[cloud]);
    const second = l.second[cloud];
    if (second !== undefined) out.push(second);
  }
  return [...new Set(out)];
}

/** The place a jurisdiction code names, as a person says it. */
export function jurisdictionName(jurisdiction: string): string {
  return LOCATIONS.find((x) => x.country === jurisdiction)?.country_name ?? jurisdiction;
}

/** The default region on `cloud`: Frankfurt where data must stay in the EU, else northern Virginia. */
export function defaultRegion(cloud: Cloud, eu: boolean): string {
  const l = BY_ID.get(eu ? "frankfurt" : "virginia");
  if (l === undefined) throw new Error("regions.json lacks its default locations");
  return l.names[cloud];
}

/** The cloud whose own naming a region code is written in (only where no other cloud uses it). */
export function cloudOfRegion(region: string): Cloud | null {
  const code = region.toLowerCase();
  const owners = new Set<Cloud>();
  for (const l of LOCATIONS)
    for (const [cloud, name] of [...Object.entries(l.names), ...Object.entries(l.second)])
      if (name === code) owners.add(Cloud.parse(cloud));
  return owners.size === 1 ? ([...owners][0] ?? null) : null;
}
