/**
 * Sizing per target: replica sizes per serving platform and model size, function and
 * training prices, and the rates the patterns price storage, streams, batch and queries
 * with (all in the target's table, `clouds/*.json`), plus the cloud-neutral factors the
 * planner prices streams, retraining and DR with.
 */
import type { Cloud, ModelSize } from "../schema";
import {
  TABLES,
  type BySize,
  type FunctionSpec,
  type ReplicaSpec,
  type ResolvedTable,
  type TrainingRun,
} from "./tables";

export type { FunctionSpec, ReplicaSpec, TrainingRun } from "./tables";

/** What a target's patterns are sized and priced with. */
export interface Sizing {
  /**
   * Replica sizes per serving platform (serverless containers, Kubernetes nodes, the managed
   * ML endpoint) and model size; `null` = that platform cannot serve that model (no GPU).
   */
  replicas: ResolvedTable["replicas"];
  /** Function compute per sustained rps by model size, or null when functions cannot host it. */
  functions: BySize<FunctionSpec | null>;
  /** One training run per model size: instance, hours and on-demand price per hour. */
  training: BySize<TrainingRun>;
  rates: ResolvedTable["rates"];
  /** Two always-on system nodes for a cluster's add-ons, per month. */
  system_nodes_usd: number;
  /** A consumer that only relays events to a GPU endpoint: small, and busy on I/O, not on the model. */
  relay: ReplicaSpec;
}

/** The sizing of `cloud`. */
export function sizingFor(cloud: Cloud): Sizing {
  const t = TABLES[cloud];
  const small = t.replicas.containers.small;
  const node = t.replicas.kubernetes.small;
  if (small === null || node === null) throw new Error(`${cloud} has no small container or node size`);
  return {
    replicas: t.replicas,
    functions: t.functions,
    training: t.training,
    rates: t.rates,
    system_nodes_usd: 2 * node.monthly_usd,
    relay: { ...small, capacity_rps: 500, inference_ms: 0 },
  };
}

/** A training run of a `size` model on `cloud`. */
export function trainingRun(cloud: Cloud, size: ModelSize): TrainingRun {
  return TABLES[cloud].training[size];
}

/** The AWS training runs, which the SageMaker pipeline definition is written with. */
export const TRAINING_RUN: BySize<TrainingRun> = TABLES.aws.training;

/** Stream consumers batch records, so one replica scores this many times its request capacity. */
export const STREAM_BATCH_FACTOR = 4;

/** Training runs a month per frequency. */
export const RUNS_PER_MONTH = { none: 0, monthly: 1, weekly: 4.3, daily: 30, continuous: 120 } as const;

/** Share of the primary's serving and data cost a DR tier adds in the second region. */
export const DR_COST_SHARE = {
  none: 0,
  backup_restore: 0.05,
  pilot_light: 0.2,
  warm_standby: 0.5,
  multi_region_active: 1,
} as const;

/** Below this monthly budget a design is small: a NAT gateway, a WAF or DR must be asked for. */
export const SMALL_BUDGET_USD = 1_000;

/**
 * GPUs in the largest training node of every target's table (8×A100 or 8×L4). A brief that
 * names a GPU count is priced by the GPU-hour of that node, whole nodes for each eight.
 */
export const GPUS_PER_TRAINING_NODE = 8;
