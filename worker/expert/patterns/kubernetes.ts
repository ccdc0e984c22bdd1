/** Kubernetes (EKS) model serving with CPU and GPU node groups. */
import { component } from "../catalogue/components";
import { REPLICAS } from "../catalogue/sizing";
import { fleetServing } from "../planner/context";
import type { PatternModule } from "./types";

/** Two always-on system nodes for the cluster's add-ons, per month. */
const SYSTEM_NODES_USD = 2 * 70;

export const kubernetes: PatternModule = {
  id: "kubernetes",
  name: "Kubernetes (EKS) model serving",
  summary:
    "An EKS cluster with CPU and GPU node groups serving models behind an ingress, with HPA and pod disruption budgets.",
  fit: { realtime_inference: 1, batch_inference: 0.8, streaming: 0.7, training: 0.9, analytics: 0.5 },
  ops_complexity: 4,
  strengths: ["GPU serving", "any framework", "bin-packing many models", "portable"],
  weaknesses: ["needs platform skills", "control-plane and idle node cost", "upgrades are yours"],
  platform: "kubernetes",
  infeasible: () => null,
  hasEndpoint: () => true,
  online: () => true,
  needsVpc: true,
  dataLake: false,
  onlineFeatures: true,
  images: () => true,
  registry: "mlflow",
  privateLinkOnPath: true,
  trainingAlternative: "training on the cluster",
  availabilityPath: (path) => path,
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
    ctx.addFleet(
      "eks_nodes",
      n,
      `nodes (${spec.instance}) + 2 system nodes`,
      n * spec.monthly_usd + SYSTEM_NODES_USD,
      "model pods (KServe) and cluster add-ons",
    );
    return { serving: fleetServing("EKS", spec, n), inferenceMs: spec.inference_ms, coldStartMs: 0 };
  },
};
