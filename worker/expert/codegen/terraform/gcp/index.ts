/**
 * Terraform for a design on Google Cloud: one file per concern, only what the design's
 * components need, every resource on the `google` provider (API Gateway on `google-beta`),
 * the state in a Cloud Storage backend.
 */
import type { GeneratedFile } from "../../../schema";
import type { TerraformTarget, TfContext } from "../context";
import { outputs, providers, requiredVariables, variables, versions } from "./root";
import { DIR } from "./shared";
import { dataTf, storage } from "./storage";

/** All Terraform files for a Google Cloud design. */
export function gcpTerraform(ctx: TfContext): GeneratedFile[] {
  const concerns: [string, string][] = [
    ["versions.tf", versions(ctx)],
    ["providers.tf", providers(ctx)],
    ["variables.tf", variables(ctx)],
    ["storage.tf", storage(ctx)],
    ["data.tf", dataTf(ctx)],
    ["outputs.tf", outputs(ctx)],
  ];
  return concerns
    .filter(([, content]) => content !== "")
    .map(([name, content]) => ({ path: `${DIR}/${name}`, content }));
}

export const gcp: TerraformTarget = { files: gcpTerraform, requiredVariables };
