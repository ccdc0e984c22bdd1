/** What the Terraform writers need to know about the design, and what each target provides. */
import type { Design, GeneratedFile, Requirements } from "../../schema";

/** The design, its requirements and a lookup of the components it has. */
export interface TfContext {
  design: Design;
  req: Requirements;
  project: string;
  has(id: string): boolean;
}

/** One target's Terraform: its files and the input variables a deployer must set. */
export interface TerraformTarget {
  /** The root module's files, unformatted (the dispatcher formats them). */
  files(ctx: TfContext): GeneratedFile[];
  /** Input variables without defaults, in the order the deployment guide documents them. */
  requiredVariables(has: (id: string) => boolean, pattern: string): string[];
}
