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
  names: Record<Cloud, string>;
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
        names: z.record(Cloud, z.string().min(1)),
        dr: z.string().min(1),
      })
      .strict(),
  )
  .parse(table)
  .map((l) => ({ ...l, words: new RegExp(l.words, l.ignore_case ? "i" : "") }));

const BY_ID = new Map(LOCATIONS.map((l) => [l.id, l]));
for (const l of LOCATIONS) if (!BY_ID.has(l.dr)) throw new Error(`regions.json: ${l.id} fails over to unknown ${l.dr}`);
const BY_NAME = new Map<string, Location>();
// The first location to claim a name keeps it (AWS has no Amsterdam region: eu-central-1 is Frankfurt's).
for (const l of LOCATIONS) for (const name of Object.values(l.names)) if (!BY_NAME.has(name)) BY_NAME.set(name, l);

/** A region code of any target, as written in a brief. */
export const REGION_CODE = new RegExp(
  [
    String.raw`\b(?:us|eu|ap|ca|sa|me|af|il)-(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-\d\b`,
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

/** The region on `cloud` a primary region's DR copy goes to: the same continent, the EU for the EU. */
export function drRegionOf(cloud: Cloud, primary: string): string {
  const l = locationOf(primary) ?? (isEuRegion(primary) ? BY_ID.get("frankfurt") : BY_ID.get("virginia"));
  const dr = BY_ID.get(l?.dr ?? "oregon");
  return dr?.names[cloud] ?? primary;
}

/** The default region on `cloud`: Frankfurt where data must stay in the EU, else northern Virginia. */
export function defaultRegion(cloud: Cloud, eu: boolean): string {
  return (BY_ID.get(eu ? "frankfurt" : "virginia") as Location).names[cloud];
}

/** The cloud whose own naming a region code is written in (only where no other cloud uses it). */
export function cloudOfRegion(region: string): Cloud | null {
  const code = region.toLowerCase();
  const owners = new Set<Cloud>();
  for (const l of LOCATIONS)
    for (const [cloud, name] of Object.entries(l.names) as [Cloud, string][]) if (name === code) owners.add(cloud);
  return owners.size === 1 ? ([...owners][0] ?? null) : null;
}
