/** Region names on Google Cloud, read from the catalogue's table of places. */
import { regionOn } from "../../../catalogue/regions";

/** The design's region in Google Cloud naming (a name in another cloud's terms is the same place). */
export function gcpRegion(name: string): string {
  return regionOn("gcp", name);
}

/** The prefix every Google Cloud region in the EU/EEA (and adequacy countries) starts with. */
export const EU_PREFIX = "europe-";
