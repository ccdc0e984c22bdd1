/** The workflow the product runs. */
import { firstWorkflow } from "./first-graph";
import type { WorkflowDefinition } from "./runtime";

export const defaultWorkflow: WorkflowDefinition = firstWorkflow;
