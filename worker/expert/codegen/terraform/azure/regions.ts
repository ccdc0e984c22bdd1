/** Azure region names: the design's regions as Azure spells them, and the EU ones GDPR allows. */
import { regionOn } from "../../../catalogue/regions";

/** Azure regions where GDPR lets personal data stay: the EU, and the UK under its adequacy decision. */
export const EU_REGIONS = [
  "uksouth",
  "ukwest",
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

/** The region as Azure names it: a name in another cloud's terms is the same place. */
export function azureRegion(region: string): string {
  return regionOn("azure", region);
}
