/** One design of a pattern on a target, planned as the graph plans it: the shared fixture of the codegen tests. */
import {
  emptyConstraints,
  planDesign,
  resolveRequirements,
  type Cloud,
  type Constraints,
  type PatternId,
  type Workload,
} from "../../worker/expert";

/** The workloads that make each pattern the natural one. */
export const WORKLOADS: Record<PatternId, Workload[]> = {
  serverless: ["realtime_inference"],
  containers: ["realtime_inference"],
  kubernetes: ["realtime_inference"],
  managed_platform: ["realtime_inference"],
  batch_analytics: ["batch_inference", "analytics"],
  streaming: ["streaming"],
};

/** A fraud-scoring design of `pattern` on `cloud`, with `extra` constraints on top. */
export function designOn(cloud: Cloud, pattern: PatternId, extra: Partial<Constraints> = {}) {
  const brief = emptyConstraints(`Fraud scoring for card payments, ${pattern}.`);
  const req = resolveRequirements({
    ...brief,
    project_name: `fraud-${pattern}`,
    workload_types: WORKLOADS[pattern],
    cloud,
    ...extra,
  });
  const { design } = planDesign(req, undefined, 0, pattern);
  return { design, req };
}
