/** Azure region names: the design's regions as Azure spells them, and the EU ones GDPR allows. */

/** Azure regions inside the European Union. */
export const EU_REGIONS = [
  "westeurope",
  "northeurope",
  "francecentral",
  "francesouth",
  "germanywestcentral",
  "germanynorth",
  "swedencentral",
  "swedensouth",
  "italynorth",
  "polandcentral",
  "spaincentral",
  "austriaeast",
  "belgiumcentral",
];

/** The nearest Azure region for a region written in another cloud's naming. */
const NEAREST: Record<string, string> = {
  "us-east-1": "eastus",
  "us-east-2": "eastus2",
  "us-west-1": "westus",
  "us-west-2": "westus2",
  "ca-central-1": "canadacentral",
  "eu-west-1": "northeurope",
  "eu-west-2": "uksouth",
  "eu-west-3": "francecentral",
  "eu-central-1": "germanywestcentral",
  "eu-central-2": "switzerlandnorth",
  "eu-north-1": "swedencentral",
  "eu-south-1": "italynorth",
  "eu-south-2": "spaincentral",
  "ap-southeast-1": "southeastasia",
  "ap-southeast-2": "australiaeast",
  "ap-northeast-1": "japaneast",
  "ap-south-1": "centralindia",
  "sa-east-1": "brazilsouth",
};

/**
 * The region as Azure names it. Azure names have no dashes; a name in another cloud's
 * naming (the planner may still carry one) maps to the nearest Azure region, so the
 * default always satisfies the region validation.
 */
export function azureRegion(region: string): string {
  if (/^[a-z][a-z0-9]*$/.test(region)) return region;
  const known = NEAREST[region];
  if (known !== undefined) return known;
  return region.startsWith("eu") ? "westeurope" : "eastus";
}
