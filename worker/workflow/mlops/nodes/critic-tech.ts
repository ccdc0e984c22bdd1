/** critic_tech: single points of failure, the latency budget, availability, fit for the team. */
import { techCritic } from "../../../expert";
import type { NodeDeps } from "../deps";
import { NODE_TITLES } from "../plan";
import type { MlopsUpdate } from "../state";
import { criticNode } from "./critic";

/** Builds the technical critic. */
export function criticTechNode(deps: NodeDeps) {
  return criticNode(deps, "critic_tech", NODE_TITLES.critic_tech, techCritic, (findings): MlopsUpdate => ({
    tech_findings: findings,
  }));
}
