/**
 * Terraform for a self-hosted design: Helm releases and Kubernetes resources against an
 * existing cluster (RKE2 on the site's servers), charts and images from the air-gapped
 * mirror. One file per concern, only what the design's roles need; the shared shapes are
 * in `k8s.ts` (releases, custom resources) and `workloads.ts` (Deployments, Jobs).
 */
import type { GeneratedFile } from "../../../schema";
import type { TerraformTarget, TfContext } from "../context";
import { renderHcl, type HclBlockSpec } from "../hcl";
import { audit } from "./audit";
import { monitoring } from "./monitoring";
import { streaming } from "./data";
import { entry, network } from "./network";
import { outputs, providers, requiredVariables, variables, versions } from "./root";
import { keys } from "./security";
import { serving } from "./serving";
import { storage } from "./storage";

const DIR = "infra/terraform";

/** All Terraform files for a self-hosted design. */
function selfHostedTerraform(ctx: TfContext): GeneratedFile[] {
  const files: GeneratedFile[] = [
    { path: `${DIR}/versions.tf`, content: versions(ctx) },
    { path: `${DIR}/providers.tf`, content: providers(ctx) },
    { path: `${DIR}/variables.tf`, content: variables(ctx) },
  ];
  const add = (name: string, blocks: HclBlockSpec[]) => {
    if (blocks.length > 0) files.push({ path: `${DIR}/${name}.tf`, content: renderHcl(blocks) });
  };
  add("network", [...(ctx.has("vpc") ? network(ctx) : []), ...entry(ctx)]);
  add("security", [...keys(ctx), ...audit(ctx)]);
  add("storage", storage(ctx));
  add("serving", serving(ctx));
  add("data", streaming(ctx));
  add("monitoring", monitoring(ctx));
  files.push({ path: `${DIR}/outputs.tf`, content: outputs(ctx) });
  return files;
}

export const selfHosted: TerraformTarget = {
  files: selfHostedTerraform,
  requiredVariables: (has) => requiredVariables(has),
};
