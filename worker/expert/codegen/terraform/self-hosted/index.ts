/**
 * Terraform for a self-hosted design: Helm releases and Kubernetes resources against an
 * existing cluster (RKE2 on the site's servers), charts and images from the air-gapped
 * mirror. One file per concern, only what the design's roles need; the shared shapes are
 * in `k8s.ts` (releases, custom resources) and `workloads.ts` (Deployments, Jobs).
 */
import type { TerraformTarget } from "../context";
import { renderHcl, type HclBlockSpec } from "../hcl";
import { audit } from "./audit";
import { dr } from "./dr";
import { ml } from "./ml";
import { monitoring } from "./monitoring";
import { streaming } from "./data";
import { entry, network } from "./network";
import { outputs, providers, requiredVariables, variables, versions } from "./root";
import { keys } from "./security";
import { serving } from "./serving";
import { storage } from "./storage";

/** A concern's blocks as its file; none, no file. */
const file = (blocks: HclBlockSpec[]) => (blocks.length === 0 ? "" : renderHcl(blocks));

export const selfHosted: TerraformTarget = {
  writers: {
    versions,
    providers,
    variables,
    network: (ctx) => file([...(ctx.has("vpc") ? network(ctx) : []), ...entry(ctx)]),
    security: (ctx) => file([...keys(ctx), ...audit(ctx)]),
    storage: (ctx) => file(storage(ctx)),
    data: (ctx) => file(streaming(ctx)),
    serving: (ctx) => file(serving(ctx)),
    ml: (ctx) => file(ml(ctx)),
    monitoring: (ctx) => file(monitoring(ctx)),
    dr: (ctx) => file(dr(ctx)),
    outputs,
  },
  requiredVariables: (has) => requiredVariables(has),
};
