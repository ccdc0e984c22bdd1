/** The architecture patterns the planner weighs against every request, one module each. */
import type { PatternId } from "../schema";
import { batchAnalytics } from "./batch-analytics";
import { containers } from "./containers";
import { kubernetes } from "./kubernetes";
import { managedPlatform } from "./managed-platform";
import { serverless } from "./serverless";
import { streaming } from "./streaming";
import type { PatternModule } from "./types";

/** Every pattern by id. */
export const PATTERN_MODULES: Record<PatternId, PatternModule> = {
  serverless,
  containers,
  kubernetes,
  managed_platform: managedPlatform,
  batch_analytics: batchAnalytics,
  streaming,
};
