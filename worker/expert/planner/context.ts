/**
 * What a pattern module draws on while it assembles its part of a design: the
 * requirements, the posture the planner settled, and a bill of components to add to.
 */
import { component } from "../catalogue/components";
import { sizingFor, type ReplicaSpec, type Sizing } from "../catalogue/sizing";
import type { Cloud, Decision, Design, Directives, PlannedComponent, Requirements } from "../schema";

/** The serving side a pattern contributes: its platform and what it adds to the latency. */
export interface ServingPlan {
  serving: Design["serving"];
  inferenceMs: number;
  coldStartMs: number;
}

/** The planner's working state for one pattern's draft. */
export interface DraftContext {
  readonly req: Requirements;
  /** Replica sizes and rates on the design's cloud. */
  readonly sizing: Sizing;
  readonly directives: Directives;
  /** Lean sizing: the budget failed once, so extras are trimmed. */
  readonly lean: boolean;
  readonly exposure: "public" | "private";
  readonly realtime: boolean;
  readonly streaming: boolean;
  /** Replicas the availability target asks for at the least. */
  readonly minReplicas: number;
  readonly components: PlannedComponent[];
  readonly decisions: Decision[];
  /** Component ids on the request path, in the order a request crosses them. */
  readonly path: string[];
  add(
    id: string,
    quantity: number,
    unit: string,
    monthly: number,
    role: string,
    extra?: Partial<PlannedComponent>,
  ): void;
  /**
   * Adds `replicas` of `spec` on the request path (priced per replica, plus `extra.usd`)
   * and puts the fleet on the path; its unit reads "<label> (<instance>)<extra.note>".
   */
  addFleet(
    id: string,
    spec: ReplicaSpec,
    replicas: number,
    role: string,
    label?: string,
    extra?: { usd: number; note: string },
  ): void;
  /** The catalogue price of `id` at the requested rps. */
  perRps(id: string): number;
  /** Replicas of `spec` that carry the rps with headroom, at least `minReplicas`. */
  replicasFor(spec: ReplicaSpec): number;
}

/** Starts a draft's context for the requirements and directives. */
export function draftContext(req: Requirements, directives: Directives, exposure: "public" | "private"): DraftContext {
  const lean = directives.cost_level >= 1;
  const components: PlannedComponent[] = [];
  const path: string[] = [];
  const minReplicas = req.availability >= 99.99 ? 3 : req.availability >= 99.9 ? 2 : 1;
  const headroom = lean ? 1 : 1.3;
  const add: DraftContext["add"] = (id, quantity, unit, monthly, role, extra = {}) => {
    const c = component(id, req.cloud);
    components.push({
      id,
      name: c.name,
      service: c.service,
      role,
      category: c.category,
      quantity,
      unit,
      monthly_usd: Math.max(0, monthly),
      on_request_path: false,
      multi_az: c.multi_az,
      public: c.public_by_default && exposure === "public" && c.category === "ingress",
      compliance: c.compliance,
      region: "primary",
      ...extra,
    });
  };
  return {
    req,
    sizing: sizingFor(req.cloud),
    directives,
    lean,
    exposure,
    realtime: req.workloads.includes("realtime_inference"),
    streaming: req.workloads.includes("streaming"),
    minReplicas,
    components,
    decisions: [],
    path,
    add,
    addFleet(id, spec, replicas, role, label = "tasks", extra = { usd: 0, note: "" }) {
      add(id, replicas, `${label} (${spec.instance})${extra.note}`, replicas * spec.monthly_usd + extra.usd, role, {
        on_request_path: true,
        multi_az: replicas >= 2,
      });
      path.push(id);
    },
    perRps: (id) => component(id, req.cloud).fixed_usd + component(id, req.cloud).per_rps_usd * req.rps,
    replicasFor: (spec) => Math.max(minReplicas, Math.ceil((req.rps * headroom) / spec.capacity_rps)),
  };
}

/** The serving platform of `replicas` replicas of `spec`. */
export function fleetServing(platform: string, spec: ReplicaSpec, replicas: number, gpu = spec.gpu): Design["serving"] {
  return { platform, instance: spec.instance, replicas, gpu, capacity_rps: replicas * spec.capacity_rps };
}

/** A component priced by hand (not from the catalogue's cost model), off the request path. */
export function asComponent(
  cloud: Cloud,
  id: string,
  name: string,
  quantity: number,
  unit: string,
  monthly: number,
  role: string,
): PlannedComponent {
  const c = component(id, cloud);
  return {
    id,
    name,
    service: c.service,
    role,
    category: c.category,
    quantity,
    unit,
    monthly_usd: monthly,
    on_request_path: false,
    multi_az: c.multi_az,
    public: false,
    compliance: c.compliance,
    region: "primary",
  };
}
