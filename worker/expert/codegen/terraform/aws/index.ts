/**
 * Terraform for the chosen design: one file per concern (network, security, storage,
 * data, serving, ML, monitoring, DR), only the resources the design's components need.
 * Everything is wired by reference so `terraform validate` (run by the generated CI) and
 * the validators' reference check see a closed graph. Each concern has its module here;
 * the blocks they all repeat (IAM roles and policies, log groups, schedules) are in `iam.ts`.
 */
import type { TerraformTarget, TfContext } from "../context";
import { dataTf as data, storage } from "./data";
import { dr } from "./dr";
import { mlTf as ml } from "./ml";
import { monitoring } from "./monitoring";
import { network as vpc } from "./network";
import { outputs, providers, requiredVariables, variables, versions } from "./root";
import { securityTf as security } from "./security";
import { serving } from "./serving";

/** network.tf only where the design runs in a VPC. */
const network = (ctx: TfContext) => (ctx.has("vpc") ? vpc(ctx) : "");

export const aws: TerraformTarget = {
  writers: { versions, providers, variables, network, security, storage, data, serving, ml, monitoring, dr, outputs },
  requiredVariables,
};
