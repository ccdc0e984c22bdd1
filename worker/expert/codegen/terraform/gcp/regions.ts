/**
 * Region names on Google Cloud. The planner's regions may still be written in another
 * cloud's naming (a brief that said "Frankfurt" resolves to `eu-central-1`); the nearest
 * Google Cloud region is used then, and a name already in Google's form is kept as given.
 */
const NEAREST: Record<string, string> = {
  "us-east-1": "us-east4",
  "us-east-2": "us-east5",
  "us-west-1": "us-west2",
  "us-west-2": "us-west1",
  "ca-central-1": "northamerica-northeast1",
  "sa-east-1": "southamerica-east1",
  "eu-central-1": "europe-west3",
  "eu-central-2": "europe-west6",
  "eu-west-1": "europe-west1",
  "eu-west-2": "europe-west2",
  "eu-west-3": "europe-west9",
  "eu-north-1": "europe-north1",
  "eu-south-1": "europe-west8",
  "eu-south-2": "europe-southwest1",
  "ap-south-1": "asia-south1",
  "ap-southeast-1": "asia-southeast1",
  "ap-southeast-2": "australia-southeast1",
  "ap-northeast-1": "asia-northeast1",
  "ap-northeast-2": "asia-northeast3",
  "ap-east-1": "asia-east2",
  "me-central-1": "me-central1",
  "af-south-1": "africa-south1",
};

/** The design's region in Google Cloud naming. */
export function gcpRegion(name: string): string {
  return NEAREST[name] ?? name;
}

/** The prefix every Google Cloud region in the EU starts with. */
export const EU_PREFIX = "europe-";
