/** Kubernetes (EKS) model serving with CPU and GPU node groups. */
import { component } from "../catalogue/components";
import { REPLICAS } from "../catalogue/sizing";
import { fleetServing } from "../planner/context";
import { definePattern, type PatternModule } from "./types";

/** Two always-on system nodes for the cluster's add-ons, per month. */
const SYSTEM_NODES_USD = 2 * 70;

export const kubernetes: PatternModule = definePattern("kubernetes", {
  platform: "kubernetes",
  registry: "mlflow",
  trainingAlternative: "training on the cluster",
  serve(ctx) {
    const spec = REPLICAS.eks[ctx.req.model_size];
    ctx.add("alb", 1, "load balancer", ctx.perRps("alb"), "ingress through the AWS Load Balancer Controller", {
      on_request_path: true,
    });
    ctx.path.push("alb");
    ctx.add("eks", 1, "cluster", component("eks").fixed_usd, "Kubernetes control plane", { on_request_path: true });
    ctx.path.push("eks");
    if (spec === null) return { serving: null, inferenceMs: 0, coldStartMs: 0 };
    const n = ctx.replicasFor(spec);
    ctx.addFleet("eks_nodes", spec, n, "model pods (KServe) and cluster add-ons", "nodes", {
      usd: SYSTEM_NODES_USD,
      note: " + 2 system nodes",
    });
    return { serving: fleetServing("EKS", spec, n), inferenceMs: spec.inference_ms, coldStartMs: 0 };
  },
});
