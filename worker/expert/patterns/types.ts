/**
 * One architecture pattern: its catalogue entry and the rules by which it assembles its
 * part of a design. The planner holds what every pattern shares (posture, storage,
 * training, DR, pricing); a pattern module states only where it departs from the
 * defaults below, and how it serves.
 */
import { PATTERN_CATALOGUE, type Pattern } from "../catalogue/patterns";
import type { DraftContext, ServingPlan } from "../planner/context";
import type { Deployment, PatternId, Requirements } from "../schema";

/** How a pattern builds: the planner calls these instead of switching on the id. */
export interface PatternRules {
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
  /** The cloud APIs' private endpoints sit on the request path. */
  privateLinkOnPath: boolean;
  /** The standing alternative a training decision turns down. */
  trainingAlternative: string;
  /** The part of the request path whose SLAs decide availability. */
  availabilityPath(path: string[]): string[];
  /** Adds the pattern's ingress and serving components to the draft. */
  serve(ctx: DraftContext): ServingPlan;
}

/** A pattern with its catalogue entry and its rules. */
export type PatternModule = Pattern & PatternRules;

/** An online service in a VPC that ships its image and registers models in SageMaker. */
const DEFAULTS: Omit<PatternRules, "platform" | "serve"> = {
  infeasible: () => null,
  hasEndpoint: () => true,
  online: () => true,
  needsVpc: true,
  dataLake: false,
  onlineFeatures: true,
  images: () => true,
  registry: "sagemaker_registry",
  privateLinkOnPath: true,
  trainingAlternative: "a standing training cluster",
  availabilityPath: (path) => path,
};

/** The pattern `id`: its catalogue entry, the defaults, and where it departs from them. */
export function definePattern(
  id: PatternId,
  rules: Partial<PatternRules> & Pick<PatternRules, "platform" | "serve">,
): PatternModule {
  return { ...PATTERN_CATALOGUE[id], ...DEFAULTS, ...rules };
}

/** Rules out models that need a GPU on a platform that has none. */
export function noGpu(req: Requirements): string | null {
  return req.model_size === "large" || req.model_size === "xlarge" ? `no GPU for a ${req.model_size} model` : null;
}
