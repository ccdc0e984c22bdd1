/**
 * Terraform for the chosen design: one file per concern (network, security, storage,
 * data, serving, ML, monitoring, DR), only the resources the design's components need.
 * Everything is wired by reference so `terraform validate` (run by the generated CI) and
 * the validators' reference check see a closed graph. Each concern has its module here;
 * the blocks they all repeat (IAM roles and policies, log groups, schedules) are in `iam.ts`.
 */
import type { GeneratedFile } from "../../../schema";
import type { TerraformTarget, TfContext } from "../context";
import { dataTf, storage } from "./data";
import { dr } from "./dr";
import { mlTf } from "./ml";
import { monitoring } from "./monitoring";
import { network } from "./network";
import { outputs, providers, requiredVariables, variables, versions } from "./root";
import { securityTf } from "./security";
import { serving } from "./serving";

const DIR = "infra/terraform";

/** All Terraform files for an AWS design. */
export function awsTerraform(ctx: TfContext): GeneratedFile[] {
  const files: GeneratedFile[] = [
    { path: `${DIR}/versions.tf`, content: versions() },
    { path: `${DIR}/providers.tf`, content: providers(ctx) },
    { path: `${DIR}/variables.tf`, content: variables(ctx) },
  ];
  if (ctx.has("vpc")) files.push({ path: `${DIR}/network.tf`, content: network(ctx) });
  const security = securityTf(ctx);
  if (security !== "") files.push({ path: `${DIR}/security.tf`, content: security });
  files.push({ path: `${DIR}/storage.tf`, content: storage(ctx) });
  const data = dataTf(ctx);
  if (data !== "") files.push({ path: `${DIR}/data.tf`, content: data });
  files.push({ path: `${DIR}/serving.tf`, content: serving(ctx) });
  const ml = mlTf(ctx);
  if (ml !== "") files.push({ path: `${DIR}/ml.tf`, content: ml });
  files.push({ path: `${DIR}/monitoring.tf`, content: monitoring(ctx) });
  if (ctx.design.dr !== "none" && ctx.design.regions.dr !== null)
    files.push({ path: `${DIR}/dr.tf`, content: dr(ctx) });
  files.push({ path: `${DIR}/outputs.tf`, content: outputs(ctx) });
  return files;
}

export const aws: TerraformTarget = { files: awsTerraform, requiredVariables };
