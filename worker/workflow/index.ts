/** The workflow the product runs: the MLOps designer. */
import { mlopsWorkflow } from "./mlops";
import type { WorkflowDefinition } from "./runtime";

export const defaultWorkflow: WorkflowDefinition = mlopsWorkflow;
