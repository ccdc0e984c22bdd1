/** Regions as places: one location named on every target, residency and DR pairs kept across clouds. */
import { describe, expect, test } from "vitest";
import {
  CLOUDS,
  drRegionOf,
  extractConstraints,
  inJurisdiction,
  isEuRegion,
  LOCATIONS,
  planDesign,
  regionOn,
  regionsIn,
  resolveRequirements,
} from "../../worker/expert";

describe("regions", () => {
  test("Frankfurt is eu-central-1, europe-west3 and germanywestcentral, whichever name is given", () => {
    for (const name of ["eu-central-1", "europe-west3", "germanywestcentral", "Frankfurt"]) {
      expect(regionOn("aws", name)).toBe("eu-central-1");
      expect(regionOn("gcp", name)).toBe("europe-west3");
      expect(regionOn("azure", name)).toBe("germanywestcentral");
      expect(regionOn("self_hosted", name)).toBe("dc-frankfurt");
    }
  });

  test("every EU location fails over inside the EU, on every target", () => {
    for (const l of LOCATIONS.filter((x) => x.eu))
      for (const cloud of CLOUDS) {
        const dr = drRegionOf(cloud, l.names[cloud]);
        expect(isEuRegion(dr ?? ""), `${l.id} on ${cloud} -> ${dr}`).toBe(true);
        expect(dr).not.toBe(l.names[cloud]);
      }
  });

  test("residency reads the place: EU names of every cloud are in, the US ones are out", () => {
    expect(["eu-west-1", "europe-west4", "westeurope", "swedencentral", "dc-paris"].every(isEuRegion)).toBe(true);
    expect(["us-east-1", "us-east4", "eastus", "dc-virginia", "asia-northeast1"].some(isEuRegion)).toBe(false);
  });

  test("a brief's region code of any cloud is read, and a place is named on the brief's cloud", () => {
    expect(extractConstraints("Serve it from europe-west4 on GCP.").regions).toEqual(["europe-west4"]);
    expect(extractConstraints("Runs on Azure in westeurope.").regions).toEqual(["westeurope"]);
    expect(extractConstraints("A Google Cloud API for customers in Frankfurt.").regions).toEqual(["europe-west3"]);
    expect(extractConstraints("An Azure API for customers in Tokyo.").regions).toEqual(["japaneast"]);
  });

  test("a GDPR design on each cloud is placed, and fails over, in that cloud's EU regions", () => {
    for (const cloud of CLOUDS) {
      const c = extractConstraints(
        "A fraud scoring API for EU card holders under GDPR, 99.99% availability, 200 requests per second, p95 150 ms.",
      );
      const req = resolveRequirements({ ...c, cloud });
      const { design } = planDesign(req);
      expect(design.regions.primary, cloud).toBe(regionOn(cloud, "frankfurt"));
      expect(design.regions.dr, cloud).not.toBeNull();
      expect(isEuRegion(design.regions.dr ?? ""), `${cloud} ${design.regions.dr}`).toBe(true);
    }
  });

  test("covers the largest economies, each region named where it is and stand-ins never claiming a place", () => {
    const countries = new Set(LOCATIONS.map((l) => l.country));
    expect(countries.size).toBeGreaterThanOrEqual(30);
    for (const l of LOCATIONS)
      for (const cloud of CLOUDS) {
        const own = [l.absent.includes(cloud) ? null : l.names[cloud], l.second[cloud] ?? null];
        for (const r of own) if (r !== null) expect(inJurisdiction(r, l.country), `${l.id} ${cloud} ${r}`).toBe(true);
        if (l.absent.includes(cloud) && l.country !== "EU")
          expect(inJurisdiction(l.names[cloud], l.country), `${l.id} ${cloud} stand-in`).toBe(false);
      }
  });

  test("keeps DR in the country under residency: a second region, else the zones of the one", () => {
    expect(drRegionOf("aws", "ca-central-1", "CA")).toBe("ca-west-1");
    expect(drRegionOf("aws", "ap-southeast-2", "AU")).toBe("ap-southeast-4");
    expect(drRegionOf("azure", "switzerlandnorth", "CH")).toBe("switzerlandwest");
    expect(drRegionOf("aws", "eu-central-2", "CH")).toBeNull();
    expect(regionsIn("aws", "TR")).toEqual([]);
  });
});
