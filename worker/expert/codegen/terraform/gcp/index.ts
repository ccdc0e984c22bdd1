/**
 * Terraform for a design on Google Cloud: one file per concern, only what the design's
 * components need, every resource on the `google` provider (API Gateway on `google-beta`),
 * the state in a Cloud Storage backend.
 */
import type { TerraformTarget, TfContext } from "../context";
import { dr } from "./dr";
import { mlTf as ml } from "./ml";
import { monitoring } from "./monitoring";
import { network as vpc } from "./network";
import { outputs, providers, requiredVariables, variables, versions } from "./root";
import { securityTf as security } from "./security";
import { serving } from "./serving";
import { dataTf as data, storage } from "./storage";

/** True when the design runs anything in a VPC. */
function needsNetwork(ctx: TfContext): boolean {
  return ctx.has("vpc") || ctx.has("eks") || ctx.has("msk") || ctx.has("mlflow");
}

const network = (ctx: TfContext) => (needsNetwork(ctx) ? vpc(ctx) : "");

export const gcp: TerraformTarget = {
  writers: { versions, providers, variables, network, security, storage, data, serving, ml, monitoring, dr, outputs },
  requiredVariables,
};
