/** ml.tf: the Azure ML workspace (model registry and training pipelines) and its training compute cluster. */
import type { TfContext } from "../context";
import { block, renderHcl, resource, type HclBlockSpec } from "../hcl";
import { isPrivate, LOCATION, placed, ref } from "./blocks";

/** True when the design has an Azure ML workspace: registry, training or a managed endpoint. */
export function hasWorkspace(ctx: TfContext): boolean {
  return ctx.has("sagemaker_registry") || ctx.has("sagemaker_training") || ctx.has("sagemaker_endpoint");
}

/** ml.tf for the design, or nothing. */
export function mlTf(ctx: TfContext): string {
  if (!hasWorkspace(ctx)) return "";
  const blocks: HclBlockSpec[] = [
    placed(
      "azurerm_machine_learning_workspace",
      "main",
      "mlw",
      {
        application_insights_id: ref("azurerm_application_insights", "main"),
        key_vault_id: ref("azurerm_key_vault", "main"),
        storage_account_id: ref("azurerm_storage_account", "models"),
        container_registry_id: ctx.has("ecr") ? ref("azurerm_container_registry", "service") : undefined,
        public_network_access_enabled: !isPrivate(ctx),
        high_business_impact: ctx.req.classification === "restricted",
      },
      [block("identity", { type: "SystemAssigned" })],
    ),
  ];
  if (ctx.has("sagemaker_training"))
    blocks.push(
      resource(
        "azurerm_machine_learning_compute_cluster",
        "training",
        {
          name: "training",
          location: LOCATION,
          machine_learning_workspace_id: ref("azurerm_machine_learning_workspace", "main"),
          vm_priority: "LowPriority",
          vm_size: "Standard_D4s_v3",
          subnet_resource_id: ctx.has("vpc") ? ref("azurerm_subnet", "workloads") : undefined,
        },
        [
          block("scale_settings", {
            min_node_count: 0,
            max_node_count: 4,
            scale_down_nodes_after_idle_duration: "PT15M",
          }),
          block("identity", { type: "SystemAssigned" }),
        ],
      ),
    );
  return renderHcl(blocks);
}
