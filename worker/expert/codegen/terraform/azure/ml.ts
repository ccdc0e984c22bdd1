/** ml.tf: the Azure ML workspace (model registry), its training compute cluster and model monitoring. */
import type { TfContext } from "../context";

/** True when the design has an Azure ML workspace: registry, training or a managed endpoint. */
export function hasWorkspace(ctx: TfContext): boolean {
  return ctx.has("sagemaker_registry") || ctx.has("sagemaker_training") || ctx.has("sagemaker_endpoint");
}

/** ml.tf for the design, or nothing. */
export function mlTf(_ctx: TfContext): string {
  return "";
}
