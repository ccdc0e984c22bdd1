/** Terraform for a design on gcp. */
import { aws } from "../aws";
import type { TerraformTarget } from "../context";

export const gcp: TerraformTarget = aws;
