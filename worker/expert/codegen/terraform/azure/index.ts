/**
 * Terraform for a design on Azure: one file per concern (network, security, storage, data,
 * serving, ML, monitoring, DR), only what the design's components need, every resource in
 * one resource group and wired by reference. The shapes the concerns share (placement,
 * identities and role assignments, diagnostics, customer-managed keys) are in `blocks.ts`.
 */
import type { TerraformTarget } from "../context";
import { dataTf } from "./data";
import { dr } from "./dr";
import { mlTf } from "./ml";
import { network } from "./network";
import { serving } from "./serving";
import { monitoring } from "./monitoring";
import { outputs, providers, requiredVariables, variables, versions } from "./root";
import { securityTf } from "./security";
import { storage } from "./storage";

export const azure: TerraformTarget = {
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
