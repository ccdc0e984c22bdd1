/** Terraform for a design on azure. */
import { aws } from "../aws";
import type { TerraformTarget } from "../context";

export const azure: TerraformTarget = aws;
