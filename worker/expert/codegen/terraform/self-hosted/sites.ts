/** Where a site is: the EU/EEA country codes GDPR allows, and the country a site name implies. */

/** ISO 3166-1 alpha-2 codes of the EU member states and the other EEA countries. */
export const EU_EEA = [
  "AT",
  "BE",
  "BG",
  "HR",
  "CY",
  "CZ",
  "DK",
  "EE",
  "FI",
  "FR",
  "DE",
  "GR",
  "HU",
  "IE",
  "IT",
  "LV",
  "LT",
  "LU",
  "MT",
  "NL",
  "PL",
  "PT",
  "RO",
  "SK",
  "SI",
  "ES",
  "SE",
  "IS",
  "LI",
  "NO",
] as const;

/** Site-name hints (city, country or a cloud region name reused as the site name) and their country. */
const HINTS: [RegExp, string][] = [
  [/frankfurt|germany|deutschland|berlin|munich|eu-central-1|germanywestcentral|europe-west3/i, "DE"],
  [/dublin|ireland|eu-west-1|northeurope|europe-west1\b/i, "IE"],
  [/paris|france|eu-west-3|francecentral|europe-west9/i, "FR"],
  [/amsterdam|netherlands|westeurope|europe-west4/i, "NL"],
  [/milan|italy|eu-south-1|italynorth|europe-west8/i, "IT"],
  [/madrid|spain|eu-south-2|spaincentral|europe-southwest1/i, "ES"],
  [/stockholm|sweden|eu-north-1|swedencentral/i, "SE"],
  [/warsaw|poland|polandcentral|europe-central2/i, "PL"],
  [/vienna|austria/i, "AT"],
  [/brussels|belgium/i, "BE"],
  [/helsinki|finland|europe-north1/i, "FI"],
  [/oslo|norway|norwayeast/i, "NO"],
];

/** The EU/EEA country a site name points at, or null when it does not say. */
export function countryOfSite(site: string): string | null {
  return HINTS.find(([re]) => re.test(site))?.[1] ?? null;
}
