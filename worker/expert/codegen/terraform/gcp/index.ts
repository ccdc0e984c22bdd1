/**
 * Terraform for a design on Google Cloud: one file per concern, only what the design's
 * components need, every resource on the `google` provider (API Gateway on `google-beta`),
 * the state in a Cloud Storage backend.
 */
import type { TerraformTarget, TfContext } from "../context";
import { dr } from "./dr";
import { mlTf } from "./ml";
import { monitoring } from "./monitoring";
import { network } from "./network";
import { outputs, providers, requiredVariables, variables, versions } from "./root";
import { securityTf } from "./security";
import { serving } from "./serving";
import { dataTf, storage } from "./storage";

/** True when the design runs anything in a VPC. */
function needsNetwork(ctx: TfContext): boolean {
  return ctx.has("vpc") || ctx.has("eks") || ctx.has("msk") || ctx.has("mlflow");
}

export const gcp: TerraformTarget = {
  writers: {
    versions,
    providers,
    variables,
    network: (ctx) => (needsNetwork(ctx) ? network(ctx) : ""),
    security: securityTf,
    storage,
    data: dataTf,
    serving,
    ml: mlTf,
    monitoring,
    dr,
    outputs,
  },
  requiredVariables,
};
