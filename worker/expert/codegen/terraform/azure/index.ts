/**
 * Terraform for a design on Azure: one file per concern (network, security, storage, data,
 * serving, ML, monitoring, DR), only what the design's components need, every resource in
 * one resource group and wired by reference. The shapes the concerns share (placement,
 * identities and role assignments, diagnostics, customer-managed keys) are in `blocks.ts`.
 */
import type { GeneratedFile } from "../../../schema";
import type { TerraformTarget, TfContext } from "../context";
import { dataTf } from "./data";
import { dr } from "./dr";
import { mlTf } from "./ml";
import { network } from "./network";
import { serving } from "./serving";
import { monitoring } from "./monitoring";
import { outputs, providers, requiredVariables, variables, versions } from "./root";
import { securityTf } from "./security";
import { storage } from "./storage";

const DIR = "infra/terraform";

/** All Terraform files for an Azure design. */
function azureTerraform(ctx: TfContext): GeneratedFile[] {
  const files: [string, string][] = [
    ["versions.tf", versions(ctx)],
    ["providers.tf", providers(ctx)],
    ["variables.tf", variables(ctx)],
    ["network.tf", ctx.has("vpc") ? network(ctx) : ""],
    ["security.tf", securityTf(ctx)],
    ["storage.tf", storage(ctx)],
    ["data.tf", dataTf(ctx)],
    ["serving.tf", serving(ctx)],
    ["ml.tf", mlTf(ctx)],
    ["monitoring.tf", monitoring(ctx)],
    ["dr.tf", ctx.design.dr !== "none" && ctx.design.regions.dr !== null ? dr(ctx) : ""],
    ["outputs.tf", outputs(ctx)],
  ];
  return files.filter(([, content]) => content !== "").map(([name, content]) => ({ path: `${DIR}/${name}`, content }));
}

export const azure: TerraformTarget = { files: azureTerraform, requiredVariables };
