/**
 * Sizing tables: replica sizes per serving platform and model size, Lambda and training
 * prices, and the factors the planner prices streams, retraining and DR with. Fixed list
 * prices (us-east-1, 730 hours a month) so that a design is reproducible.
 */
import type { ModelSize } from "../schema";

/** One serving replica: the instance, its monthly price and the sustained rps it handles. */
export interface ReplicaSpec {
  instance: string;
  monthly_usd: number;
  capacity_rps: number;
  gpu: boolean;
  /** Model inference time at p95 on this hardware, ms. */
  inference_ms: number;
}

/**
 * Replica sizes per serving platform and model size; `null` = that platform cannot serve
 * that model (no GPU on Fargate or Lambda, Lambda's 10 GB image limit).
 */
export const REPLICAS: Record<"fargate" | "eks" | "sagemaker", Record<ModelSize, ReplicaSpec | null>> = {
  fargate: {
    small: { instance: "1 vCPU / 2 GB task", monthly_usd: 36, capacity_rps: 100, gpu: false, inference_ms: 15 },
    medium: { instance: "4 vCPU / 8 GB task", monthly_usd: 144, capacity_rps: 40, gpu: false, inference_ms: 60 },
    large: null,
    xlarge: null,
  },
  eks: {
    small: { instance: "m6i.large node", monthly_usd: 70, capacity_rps: 120, gpu: false, inference_ms: 15 },
    medium: { instance: "m6i.xlarge node", monthly_usd: 140, capacity_rps: 50, gpu: false, inference_ms: 55 },
    large: { instance: "g5.xlarge GPU node", monthly_usd: 734, capacity_rps: 12, gpu: true, inference_ms: 220 },
    xlarge: { instance: "g5.12xlarge GPU node", monthly_usd: 4_140, capacity_rps: 3, gpu: true, inference_ms: 1_200 },
  },
  sagemaker: {
    small: { instance: "ml.m5.large", monthly_usd: 84, capacity_rps: 100, gpu: false, inference_ms: 15 },
    medium: { instance: "ml.m5.xlarge", monthly_usd: 168, capacity_rps: 45, gpu: false, inference_ms: 55 },
    large: { instance: "ml.g5.xlarge", monthly_usd: 1_030, capacity_rps: 12, gpu: true, inference_ms: 220 },
    xlarge: { instance: "ml.g5.12xlarge", monthly_usd: 5_190, capacity_rps: 3, gpu: true, inference_ms: 1_200 },
  },
};

/** Lambda per-rps compute by model size (memory × duration), or null when Lambda cannot host it. */
export const LAMBDA: Record<ModelSize, { per_rps_usd: number; inference_ms: number; cold_start_ms: number } | null> = {
  small: { per_rps_usd: 2.7, inference_ms: 20, cold_start_ms: 400 },
  medium: { per_rps_usd: 26.8, inference_ms: 80, cold_start_ms: 1_500 },
  large: null,
  xlarge: null,
};

/** One training run: instance, hours and on-demand price per hour. */
export const TRAINING_RUN: Record<ModelSize, { instance: string; hours: number; usd_per_hour: number }> = {
  small: { instance: "ml.m5.xlarge", hours: 1, usd_per_hour: 0.23 },
  medium: { instance: "ml.g5.xlarge", hours: 2, usd_per_hour: 1.41 },
  large: { instance: "ml.g5.12xlarge", hours: 6, usd_per_hour: 7.09 },
  xlarge: { instance: "ml.p4d.24xlarge", hours: 12, usd_per_hour: 37.69 },
};

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
