/**
 * Terraform for a design on Azure: one file per concern (network, security, storage, data,
 * serving, ML, monitoring, DR), only what the design's components need, every resource in
 * one resource group and wired by reference. The shapes the concerns share (placement,
 * identities and role assignments, diagnostics, customer-managed keys) are in `blocks.ts`.
 */
import type { TerraformTarget, TfContext } from "../context";
import { dataTf as data } from "./data";
import { dr } from "./dr";
import { mlTf as ml } from "./ml";
import { network as vpc } from "./network";
import { serving } from "./serving";
import { monitoring } from "./monitoring";
import { outputs, providers, requiredVariables, variables, versions } from "./root";
import { securityTf as security } from "./security";
import { storage } from "./storage";

/** network.tf only where the design runs in a VPC. */
const network = (ctx: TfContext) => (ctx.has("vpc") ? vpc(ctx) : "");

export const azure: TerraformTarget = {
  writers: { versions, providers, variables, network, security, storage, data, serving, ml, monitoring, dr, outputs },
  requiredVariables,
};
