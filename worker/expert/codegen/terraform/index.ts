/**
 * Terraform for the chosen design on its target: each target writes its root module from
 * the same context (the design's components by role), and every file is formatted here,
 * because the generated CI runs `terraform fmt -check`.
 */
import type { Cloud, GeneratedFile } from "../../schema";
import { aws } from "./aws";
import { azure } from "./azure";
import type { TerraformTarget, TfContext } from "./context";
import { formatHcl } from "./format";
import { gcp } from "./gcp";
import { selfHosted } from "./self-hosted";

const TARGETS: Record<Cloud, TerraformTarget> = { aws, gcp, azure, self_hosted: selfHosted };

/** All Terraform files for the design, on its cloud. */
export function terraformFiles(ctx: TfContext): GeneratedFile[] {
  return TARGETS[ctx.design.cloud].files(ctx).map((f) => ({ path: f.path, content: formatHcl(f.content) }));
}

/** The input variables without defaults the design's Terraform needs on its cloud. */
export function requiredVariables(cloud: Cloud, has: (id: string) => boolean, pattern: string): string[] {
  return TARGETS[cloud].requiredVariables(has, pattern);
}
