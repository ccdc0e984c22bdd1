/**
 * Terraform for the chosen design: one file per concern (network, security, storage,
 * data, serving, ML, monitoring, DR), only the resources the design's components need.
 * Everything is wired by reference so `terraform validate` (run by the generated CI) and
 * the validators' reference check see a closed graph. Each concern has its module here;
 * the blocks they all repeat (IAM roles and policies, log groups, schedules) are in `iam.ts`.
 */
import type { TerraformTarget } from "../context";
import { dataTf, storage } from "./data";
import { dr } from "./dr";
import { mlTf } from "./ml";
import { monitoring } from "./monitoring";
import { network } from "./network";
import { outputs, providers, requiredVariables, variables, versions } from "./root";
import { securityTf } from "./security";
import { serving } from "./serving";

export const aws: TerraformTarget = {
  writers: {
    versions,
    providers,
    variables,
    network: (ctx) => (ctx.has("vpc") ? network(ctx) : ""),
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
