/** Kubernetes (EKS) model serving with CPU and GPU node groups. */
import { component } from "../catalogue/components";
import { fleetServing } from "../planner/context";
import { definePattern, type PatternModule } from "./types";

export const kubernetes: PatternModule = definePattern("kubernetes", {
  platform: "kubernetes",
  registry: "mlflow",
  trainingAlternative: "training on the cluster",
  serve(ctx) {
    const { cloud } = ctx.req;
    const spec = ctx.sizing.replicas.kubernetes[ctx.req.model_size];
    ctx.add("alb", 1, "load balancer", ctx.perRps("alb"), "ingress to the cluster", {
      on_request_path: true,
    });
    ctx.path.push("alb");
    ctx.add("eks", 1, "cluster", component("eks", cloud).fixed_usd, "Kubernetes control plane", {
      on_request_path: true,
    });
    ctx.path.push("eks");
    if (spec === null) return { serving: null, inferenceMs: 0, coldStartMs: 0 };
    const n = ctx.replicasFor(spec);
    ctx.addFleet("eks_nodes", spec, n, "model pods (KServe) and cluster add-ons", "nodes", {
      usd: ctx.sizing.system_nodes_usd,
      note: " + 2 system nodes",
    });
    return {
      serving: fleetServing(component("eks", cloud).service, spec, n),
      inferenceMs: spec.inference_ms,
      coldStartMs: 0,
    };
  },
});
