/** What the Terraform writers need to know about the design. */
import type { Design, Requirements } from "../../schema";

/** The design, its requirements and a lookup of the components it has. */
export interface TfContext {
  design: Design;
  req: Requirements;
  project: string;
  has(id: string): boolean;
}
