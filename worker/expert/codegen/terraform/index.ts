/**
 * Terraform for the chosen design on its target: each target writes its root module from
 * the same context (the design's components by role), and every file is formatted here,
 * because the generated CI runs `terraform fmt -check`.
 */
import type { Cloud, GeneratedFile } from "../../schema";
import { aws } from "./aws";
import { azure } from "./azure";
import { CONCERNS, type TerraformTarget, type TfContext } from "./context";
import { formatHcl } from "./format";
import { gcp } from "./gcp";
import { selfHosted } from "./self-hosted";

const TARGETS: Record<Cloud, TerraformTarget> = { aws, gcp, azure, self_hosted: selfHosted };

const DIR = "infra/terraform";

/** All Terraform files for the design, on its cloud: one per concern it needs, dr.tf only with a DR region. */
export function terraformFiles(ctx: TfContext): GeneratedFile[] {
  const { writers } = TARGETS[ctx.design.cloud];
  const withDr = ctx.design.dr !== "none" && ctx.design.regions.dr !== null;
  return CONCERNS.filter((c) => c !== "dr" || withDr).flatMap((concern) => {
    const content = writers[concern](ctx);
    return content === "" ? [] : [{ path: `${DIR}/${concern}.tf`, content: formatHcl(content) }];
  });
}

/** The input variables without defaults the design's Terraform needs on its cloud. */
export function requiredVariables(cloud: Cloud, has: (id: string) => boolean, pattern: string): string[] {
  return TARGETS[cloud].requiredVariables(has, pattern);
}
