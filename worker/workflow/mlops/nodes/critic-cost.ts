/** critic_cost: budget fit, dominant cost drivers, idle GPUs and cheaper alternatives. */
import { costCritic } from "../../../expert";
import type { NodeDeps } from "../deps";
import { NODE_TITLES } from "../plan";
import type { MlopsUpdate } from "../state";
import { criticNode } from "./critic";

/** Builds the cost critic. */
export function criticCostNode(deps: NodeDeps) {
  return criticNode(deps, "critic_cost", NODE_TITLES.critic_cost, costCritic, (findings): MlopsUpdate => ({
    cost_findings: findings,
  }));
}
