/** Terraform for a self-hosted design. */
import { aws } from "../aws";
import type { TerraformTarget } from "../context";

export const selfHosted: TerraformTarget = aws;
