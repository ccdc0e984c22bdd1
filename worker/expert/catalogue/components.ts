/**
 * The building blocks of a design, per target. A component id is a cloud-neutral role
 * (`sagemaker_endpoint` is "the managed model endpoint"); each target's table gives the
 * role its product there: name, service, monthly cost model, request-path latency,
 * availability SLA, compliance eligibility and the Terraform resource (self-hosted: the
 * Helm chart or Kubernetes kind). A role a target has no product for gets the closest
 * equivalent, and its row says so in `equivalent`.
 *
 * Prices are rounded list prices of one region, 730 hours a month, as of the table's date,
 * from the page it names; fixed on purpose so that a design is reproducible. Per-rps
 * figures are for one request per second sustained for a month (2.63 M requests).
 */
import type { Cloud } from "../schema";
import { ROLES, TABLES, type PriceSource, type ResolvedRow } from "./tables";

export type { PriceSource } from "./tables";

/** One building block on one target: what it costs, adds to latency, guarantees and is eligible for. */
export type CatalogueComponent = ResolvedRow;

/** One target's catalogue: every role's product, and where the prices come from. */
export interface CloudCatalogue extends PriceSource {
  components: ReadonlyMap<string, CatalogueComponent>;
  /** Roles every design on this target carries whatever its pattern. */
  always: readonly string[];
}

/** The role ids, the same on every target. */
export const ROLE_IDS: readonly string[] = Object.keys(ROLES);

/** The catalogue of `cloud`. */
export function catalogueFor(cloud: Cloud): CloudCatalogue {
  const t = TABLES[cloud];
  return { ...priceSource(cloud), components: t.roles, always: t.always };
}

/** Where the prices of `cloud` come from. */
export function priceSource(cloud: Cloud): PriceSource {
  const { title, source, as_of, region, basis, cost_model } = TABLES[cloud];
  return { cloud, title, source, as_of, region, basis, cost_model };
}

/** The role `id` on `cloud`; the catalogue is closed, so an unknown id is a programming error. */
export function component(id: string, cloud: Cloud): CatalogueComponent {
  const found = TABLES[cloud].roles.get(id);
  if (found === undefined) throw new Error(`unknown catalogue component ${id}`);
  return found;
}

/** True when `id` is a role of the catalogue. */
export function isRole(id: string): boolean {
  return id in ROLES;
}
