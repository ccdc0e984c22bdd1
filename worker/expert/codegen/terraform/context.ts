/** What the Terraform writers need to know about the design, and what each target provides. */
import type { Design, Requirements } from "../../schema";

/** The design, its requirements and a lookup of the components it has. */
export interface TfContext {
  design: Design;
  req: Requirements;
  project: string;
  has(id: string): boolean;
}

/** The root module's files, one per concern, in the order they are written. */
export const CONCERNS = [
  "versions",
  "providers",
  "variables",
  "network",
  "security",
  "storage",
  "data",
  "serving",
  "ml",
  "monitoring",
  "dr",
  "outputs",
] as const;
export type Concern = (typeof CONCERNS)[number];

/** One target's Terraform: a writer per concern and the input variables a deployer must set. */
export interface TerraformTarget {
  /** Each file's text, unformatted (the dispatcher formats it); "" leaves the file out. */
  writers: Record<Concern, (ctx: TfContext) => string>;
  /** Input variables without defaults, in the order the deployment guide documents them. */
  requiredVariables(has: (id: string) => boolean, pattern: string): string[];
}
