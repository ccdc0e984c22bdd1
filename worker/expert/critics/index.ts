/** The two critics, built by one factory, and the plain functions the callers use. */
import type { Candidate, Design, Finding, Requirements } from "../schema";
import { costCritic } from "./cost";
import { techCritic } from "./tech";

export { costCritic } from "./cost";
export { defineCritic, mergeFindings, type Critic, type CriticCard, type CriticInput, type Rule } from "./factory";
export { techCritic } from "./tech";

/** Reviews the design's technical risks. */
export function critiqueTech(design: Design, req: Requirements): Finding[] {
  return techCritic.review({ design, req, candidates: [] });
}

/** Reviews the design's cost against the budget and the alternatives the planner weighed. */
export function critiqueCost(design: Design, req: Requirements, candidates: Candidate[]): Finding[] {
  return costCritic.review({ design, req, candidates });
}
