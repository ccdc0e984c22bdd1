/**
 * One architecture pattern: its catalogue entry (fit per workload, operational weight,
 * strengths and weaknesses) and the rules by which it assembles its part of a design.
 * The planner holds what every pattern shares (posture, storage, training, DR, pricing);
 * a pattern module holds only what differs.
 */
import type { DraftContext, ServingPlan } from "../planner/context";
import type { Deployment, PatternId, Requirements, Workload } from "../schema";

/** How a pattern fits a kind of workload, 0..1, and what it takes to run it. */
export interface Pattern {
  id: PatternId;
  name: string;
  summary: string;
  fit: Record<Workload, number>;
  /** Operational complexity 1 (hands-off) .. 4 (a platform team's job). */
  ops_complexity: number;
  strengths: string[];
  weaknesses: string[];
}

/** A pattern and how it builds: the planner calls these instead of switching on the id. */
export interface PatternModule extends Pattern {
  /** The deployment preference this pattern satisfies. */
  platform: Exclude<Deployment, "no_preference">;
  /** Why the pattern cannot serve these requirements at all, or null. */
  infeasible(req: Requirements): string | null;
  /** Callers reach an endpoint of this design (so exposure, WAF and PrivateLink apply). */
  hasEndpoint(req: Requirements): boolean;
  /** The design answers requests online, so it has a request latency. */
  online(req: Requirements): boolean;
  /** Runs in a VPC even when the data does not ask for private networking. */
  needsVpc: boolean;
  /** Keeps a data lake whatever the workloads. */
  dataLake: boolean;
  /** Serves online features from a table when the model needs them. */
  onlineFeatures: boolean;
  /** Ships its own images (a container registry is needed). */
  images(req: Requirements): boolean;
  /** Where model versions are registered. */
  registry: "mlflow" | "sagemaker_registry";
  /** The AWS API endpoints sit on the request path. */
  privateLinkOnPath: boolean;
  /** The standing alternative a training decision turns down. */
  trainingAlternative: string;
  /** The part of the request path whose SLAs decide availability. */
  availabilityPath(path: string[]): string[];
  /** Adds the pattern's ingress and serving components to the draft. */
  serve(ctx: DraftContext): ServingPlan;
}
