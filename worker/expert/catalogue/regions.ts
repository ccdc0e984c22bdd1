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
import type { Cloud } from "../schema";

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

const site = (metro: string) => `dc-${metro}`;

/** The locations, in the order place words are read from a brief (a city before its continent). */
export const LOCATIONS: readonly Location[] = [
  {
    id: "frankfurt",
    words: /\b(?:frankfurt|germany|german)\b/i,
    eu: true,
    names: { aws: "eu-central-1", gcp: "europe-west3", azure: "germanywestcentral", self_hosted: site("frankfurt") },
    dr: "ireland",
  },
  {
    id: "ireland",
    words: /\b(?:ireland|dublin)\b/i,
    eu: true,
    names: { aws: "eu-west-1", gcp: "europe-west1", azure: "northeurope", self_hosted: site("dublin") },
    dr: "frankfurt",
  },
  {
    // Outside the EU, but GDPR's residency rule accepts it under the UK adequacy decision.
    id: "london",
    words: /\b(?:london|united kingdom|uk)\b/i,
    eu: true,
    names: { aws: "eu-west-2", gcp: "europe-west2", azure: "uksouth", self_hosted: site("london") },
    dr: "ireland",
  },
  {
    id: "paris",
    words: /\b(?:paris|france)\b/i,
    eu: true,
    names: { aws: "eu-west-3", gcp: "europe-west9", azure: "francecentral", self_hosted: site("paris") },
    dr: "frankfurt",
  },
  {
    id: "stockholm",
    words: /\b(?:stockholm|sweden|nordics?)\b/i,
    eu: true,
    names: { aws: "eu-north-1", gcp: "europe-north1", azure: "swedencentral", self_hosted: site("stockholm") },
    dr: "frankfurt",
  },
  {
    // "Europe" or "the EU" without a city: Frankfurt, where every target has a region.
    id: "europe",
    words: /\b(?:europe|european|EU)\b/,
    eu: true,
    names: { aws: "eu-central-1", gcp: "europe-west3", azure: "germanywestcentral", self_hosted: site("frankfurt") },
    dr: "ireland",
  },
  {
    id: "oregon",
    words: /\b(?:oregon|us[- ]west)\b/i,
    eu: false,
    names: { aws: "us-west-2", gcp: "us-west1", azure: "westus2", self_hosted: site("oregon") },
    dr: "virginia",
  },
  {
    id: "virginia",
    words: /\b(?:virginia|us[- ]east|united states|USA|U\.S\.|US|north america)\b/,
    eu: false,
    names: { aws: "us-east-1", gcp: "us-east4", azure: "eastus", self_hosted: site("virginia") },
    dr: "oregon",
  },
  {
    id: "canada",
    words: /\b(?:canada|toronto|montreal)\b/i,
    eu: false,
    names: {
      aws: "ca-central-1",
      gcp: "northamerica-northeast1",
      azure: "canadacentral",
      self_hosted: site("montreal"),
    },
    dr: "virginia",
  },
  {
    id: "tokyo",
    words: /\b(?:tokyo|japan)\b/i,
    eu: false,
    names: { aws: "ap-northeast-1", gcp: "asia-northeast1", azure: "japaneast", self_hosted: site("tokyo") },
    dr: "osaka",
  },
  {
    id: "singapore",
    words: /\b(?:singapore|southeast asia)\b/i,
    eu: false,
    names: { aws: "ap-southeast-1", gcp: "asia-southeast1", azure: "southeastasia", self_hosted: site("singapore") },
    dr: "sydney",
  },
  {
    id: "sydney",
    words: /\b(?:sydney|australia)\b/i,
    eu: false,
    names: { aws: "ap-southeast-2", gcp: "australia-southeast1", azure: "australiaeast", self_hosted: site("sydney") },
    dr: "singapore",
  },
  {
    id: "mumbai",
    words: /\b(?:mumbai|india)\b/i,
    eu: false,
    names: { aws: "ap-south-1", gcp: "asia-south1", azure: "centralindia", self_hosted: site("mumbai") },
    dr: "singapore",
  },
  {
    id: "sao-paulo",
    words: /\b(?:brazil|s[ãa]o paulo)\b/i,
    eu: false,
    names: { aws: "sa-east-1", gcp: "southamerica-east1", azure: "brazilsouth", self_hosted: site("sao-paulo") },
    dr: "virginia",
  },
  {
    id: "netherlands",
    words: /\b(?:netherlands|amsterdam|dutch)\b/i,
    eu: true,
    names: { aws: "eu-central-1", gcp: "europe-west4", azure: "westeurope", self_hosted: site("amsterdam") },
    dr: "ireland",
  },
  {
    id: "osaka",
    words: /\bosaka\b/i,
    eu: false,
    names: { aws: "ap-northeast-3", gcp: "asia-northeast2", azure: "japanwest", self_hosted: site("osaka") },
    dr: "tokyo",
  },
];

const BY_ID = new Map(LOCATIONS.map((l) => [l.id, l]));
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
