/**
 * Terraform for a design on Google Cloud: one file per concern, only what the design's
 * components need, every resource on the `google` provider (API Gateway on `google-beta`),
 * the state in a Cloud Storage backend.
 */
import type { GeneratedFile } from "../../../schema";
import type { TerraformTarget, TfContext } from "../context";
import { dr } from "./dr";
import { mlTf } from "./ml";
import { monitoring } from "./monitoring";
import { network } from "./network";
import { outputs, providers, requiredVariables, variables, versions } from "./root";
import { securityTf } from "./security";
import { serving } from "./serving";
import { DIR } from "./shared";
import { dataTf, storage } from "./storage";

/** True when the design runs anything in a VPC. */
function needsNetwork(ctx: TfContext): boolean {
  return ctx.has("vpc") || ctx.has("eks") || ctx.has("msk") || ctx.has("mlflow");
}

/** All Terraform files for a Google Cloud design. */
export function gcpTerraform(ctx: TfContext): GeneratedFile[] {
  const withDr = ctx.design.dr !== "none" && ctx.design.regions.dr !== null;
  const concerns: [string, string][] = [
    ["versions.tf", versions(ctx)],
    ["providers.tf", providers(ctx)],
    ["variables.tf", variables(ctx)],
    ["network.tf", needsNetwork(ctx) ? network(ctx) : ""],
    ["security.tf", securityTf(ctx)],
    ["storage.tf", storage(ctx)],
    ["data.tf", dataTf(ctx)],
    ["serving.tf", serving(ctx)],
    ["ml.tf", mlTf(ctx)],
    ["monitoring.tf", monitoring(ctx)],
    ["dr.tf", withDr ? dr(ctx) : ""],
    ["outputs.tf", outputs(ctx)],
  ];
  return concerns
    .filter(([, content]) => content !== "")
    .map(([name, content]) => ({ path: `${DIR}/${name}`, content }));
}

export const gcp: TerraformTarget = { files: gcpTerraform, requiredVariables };
