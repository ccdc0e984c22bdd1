/** AKS, Functions behind API Management, the Azure ML online endpoint, and Batch with its Data Factory schedule. */
import type { TfContext } from "../../context";
import { block, expr, resource, type HclBlockSpec, type HclValue } from "../../hcl";
import { diagnostics, grant, isPrivate, KEY_ID, LOCATION, placed, quantity, ref, tpl } from "../blocks";
import { container, storageAccount } from "../storage";

/** The AKS cluster (private API with private networking, Key Vault KMS for secrets) and its model node pool. */
export function aks(ctx: TfContext): HclBlockSpec[] {
  const nodes = quantity(ctx, "eks_nodes", 2);
  const vm = (ctx.design.serving?.instance ?? "Standard_D2s_v5 node").replace(/ .*$/, "");
  const blocks: HclBlockSpec[] = [
    block("default_node_pool", {
      name: "system",
      vm_size: "Standard_D2s_v5",
      node_count: 2,
      vnet_subnet_id: ref("azurerm_subnet", "workloads"),
      only_critical_addons_enabled: true,
    }),
    block("identity", { type: "SystemAssigned" }),
    block("network_profile", {
      network_plugin: "azure",
      network_policy: "azure",
      outbound_type: ctx.design.network.nat_gateways > 0 ? "userAssignedNATGateway" : "loadBalancer",
    }),
    block("oms_agent", { log_analytics_workspace_id: ref("azurerm_log_analytics_workspace", "main") }),
  ];
  if (ctx.has("alb"))
    blocks.push(block("ingress_application_gateway", { gateway_id: ref("azurerm_application_gateway", "main") }));
  if (ctx.has("kms"))
    blocks.push(
      block("key_management_service", {
        key_vault_key_id: ref("azurerm_key_vault_key", "main"),
        key_vault_network_access: "Public",
      }),
    );
  const out: HclBlockSpec[] = [
    placed(
      "azurerm_kubernetes_cluster",
      "main",
      "aks",
      {
        dns_prefix: expr("local.name"),
        sku_tier: "Standard",
        private_cluster_enabled: isPrivate(ctx),
        local_account_disabled: true,
        oidc_issuer_enabled: true,
        workload_identity_enabled: true,
        azure_policy_enabled: true,
      },
      [...blocks, block("azure_active_directory_role_based_access_control", { azure_rbac_enabled: true })],
    ),
    resource("azurerm_kubernetes_cluster_node_pool", "models", {
      name: "models",
      kubernetes_cluster_id: ref("azurerm_kubernetes_cluster", "main"),
      vm_size: vm,
      auto_scaling_enabled: true,
      min_count: nodes,
      max_count: nodes * 3,
      vnet_subnet_id: ref("azurerm_subnet", "workloads"),
      node_labels: { workload: "models" },
      node_taints: ctx.design.serving?.gpu === true ? ["nvidia.com/gpu=true:NoSchedule"] : undefined,
    }),
    grant(
      "aks_pull",
      ref("azurerm_container_registry", "service"),
      "AcrPull",
      expr("azurerm_kubernetes_cluster.main.kubelet_identity[0].object_id"),
    ),
    diagnostics("aks", ref("azurerm_kubernetes_cluster", "main"), ["audit"]),
  ];
  if (ctx.has("alb"))
    out.push(
      grant(
        "agic_gateway",
        ref("azurerm_application_gateway", "main"),
        "Contributor",
        expr(
          "azurerm_kubernetes_cluster.main.ingress_application_gateway[0].ingress_application_gateway_identity[0].object_id",
        ),
      ),
    );
  return out;
}

/** The inference function on Flex Consumption, its deployment container and identity-based storage. */
export function functionApp(ctx: TfContext): HclBlockSpec[] {
  return [
    storageAccount(ctx, "func"),
    container("func", "func", "deployments"),
    placed("azurerm_service_plan", "func", "plan", { os_type: "Linux", sku_name: "FC1" }),
    placed(
      "azurerm_function_app_flex_consumption",
      "inference",
      "inference",
      {
        service_plan_id: ref("azurerm_service_plan", "func"),
        storage_container_type: "blobContainer",
        storage_container_endpoint: tpl(
          "${azurerm_storage_account.func.primary_blob_endpoint}${azurerm_storage_container.func.name}",
        ),
        storage_authentication_type: "SystemAssignedIdentity",
        runtime_name: "node",
        runtime_version: "20",
        maximum_instance_count: 100,
        instance_memory_in_mb: ctx.req.model_size === "small" ? 2048 : 4096,
        virtual_network_subnet_id: isPrivate(ctx) ? ref("azurerm_subnet", "workloads") : undefined,
        app_settings: {
          MODEL_URI: tpl("${azurerm_storage_account.models.primary_blob_endpoint}models/current/model.json"),
          IMAGE_TAG: expr("var.image_tag"),
        },
      },
      [
        block("identity", { type: "SystemAssigned" }),
        block("site_config", {
          application_insights_connection_string: ref("azurerm_application_insights", "main", "connection_string"),
        }),
      ],
    ),
    grant(
      "func_models",
      ref("azurerm_storage_account", "models"),
      "Storage Blob Data Reader",
      expr("azurerm_function_app_flex_consumption.inference.identity[0].principal_id"),
    ),
  ];
}

/** API Management (Consumption; Developer when it must sit inside the network) with a /predict API to `backend`. */
export function apiManagement(ctx: TfContext, backend: string): HclBlockSpec[] {
  const internal = isPrivate(ctx);
  return [
    placed(
      "azurerm_api_management",
      "main",
      "apim",
      {
        publisher_name: expr("var.project"),
        publisher_email: expr("var.alert_email"),
        sku_name: internal ? "Developer_1" : "Consumption_0",
        virtual_network_type: internal ? "Internal" : undefined,
      },
      internal ? [block("virtual_network_configuration", { subnet_id: ref("azurerm_subnet", "endpoints") })] : [],
    ),
    resource("azurerm_api_management_api", "predict", {
      name: "predict",
      resource_group_name: expr("azurerm_resource_group.main.name"),
      api_management_name: ref("azurerm_api_management", "main", "name"),
      revision: "1",
      display_name: "Prediction API",
      path: "",
      protocols: ["https"],
      service_url: expr(backend),
      subscription_required: true,
    }),
    diagnostics("apim", ref("azurerm_api_management", "main")),
  ];
}

/** The Azure ML managed online endpoint and its deployment of the registered model (azapi: azurerm has no type). */
export function onlineEndpoint(ctx: TfContext): HclBlockSpec[] {
  const n = quantity(ctx, "sagemaker_endpoint", 1);
  const api = "@2024-04-01";
  const ml = (
    name: string,
    type: string,
    parent: string,
    body: HclValue,
    extra: Record<string, HclValue | undefined> = {},
  ) =>
    resource("azapi_resource", name, {
      type: `Microsoft.MachineLearningServices/${type}${api}`,
      name: tpl(`\${local.name}-${name.replace(/_/g, "-")}`),
      parent_id: expr(parent),
      ...extra,
      body,
    });
  return [
    ml(
      "online_endpoint",
      "workspaces/onlineEndpoints",
      "azurerm_machine_learning_workspace.main.id",
      {
        properties: { authMode: "AADToken", publicNetworkAccess: isPrivate(ctx) ? "Disabled" : "Enabled" },
      },
      { location: LOCATION, response_export_values: ["properties.scoringUri"] },
    ),
    ml("serving_env", "workspaces/environments", "azurerm_machine_learning_workspace.main.id", { properties: {} }),
    resource("azapi_resource", "serving_env_version", {
      type: `Microsoft.MachineLearningServices/workspaces/environments/versions${api}`,
      name: "1",
      parent_id: ref("azapi_resource", "serving_env"),
      body: { properties: { image: expr("var.inference_image") } },
    }),
    resource("azapi_resource", "online_deployment", {
      type: `Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments${api}`,
      name: "primary",
      parent_id: ref("azapi_resource", "online_endpoint"),
      location: LOCATION,
      body: {
        sku: { name: "Default", capacity: n },
        properties: {
          endpointComputeType: "Managed",
          instanceType: (ctx.design.serving?.instance ?? "Standard_F2s_v2").replace(/ .*$/, ""),
          environmentId: ref("azapi_resource", "serving_env_version"),
          model: tpl("${azurerm_storage_account.models.primary_blob_endpoint}models/current/"),
          egressPublicNetworkAccess: isPrivate(ctx) ? "Disabled" : "Enabled",
        },
      },
    }),
  ];
}

/** Azure Batch on Spot nodes, run nightly by a Data Factory pipeline. */
export function batch(ctx: TfContext): HclBlockSpec[] {
  const vms = Math.max(1, Math.ceil(quantity(ctx, "aws_batch", 8) / 8));
  return [
    placed(
      "azurerm_batch_account",
      "main",
      "",
      {
        name: tpl("batch${local.short}"),
        pool_allocation_mode: "BatchService",
        public_network_access_enabled: !isPrivate(ctx),
        storage_account_id: ref("azurerm_storage_account", "data"),
        storage_account_authentication_mode: "BatchAccountManagedIdentity",
        storage_account_node_identity: ref("azurerm_user_assigned_identity", "batch"),
      },
      [block("identity", { type: "UserAssigned", identity_ids: [ref("azurerm_user_assigned_identity", "batch")] })],
    ),
    placed("azurerm_user_assigned_identity", "batch", "batch-id", {}),
    resource(
      "azurerm_batch_pool",
      "spot",
      {
        name: "spot",
        resource_group_name: expr("azurerm_resource_group.main.name"),
        account_name: ref("azurerm_batch_account", "main", "name"),
        vm_size: "Standard_D4s_v5",
        node_agent_sku_id: "batch.node.ubuntu 22.04",
      },
      [
        block("fixed_scale", { target_dedicated_nodes: 0, target_low_priority_nodes: vms }),
        block("storage_image_reference", {
          publisher: "microsoft-dsvm",
          offer: "ubuntu-hpc",
          sku: "2204",
          version: "latest",
        }),
        block("container_configuration", {
          type: "DockerCompatible",
          container_image_names: [
            tpl("${azurerm_container_registry.service.login_server}/${local.name}-service:${var.image_tag}"),
          ],
        }),
        ...(ctx.has("vpc") ? [block("network_configuration", { subnet_id: ref("azurerm_subnet", "workloads") })] : []),
      ],
    ),
    placed(
      "azurerm_data_factory",
      "main",
      "adf",
      {
        public_network_enabled: !isPrivate(ctx),
        customer_managed_key_id: ctx.has("kms") ? KEY_ID : undefined,
        customer_managed_key_identity_id: ctx.has("kms") ? ref("azurerm_user_assigned_identity", "cmk") : undefined,
      },
      [
        block("identity", {
          type: ctx.has("kms") ? "UserAssigned" : "SystemAssigned",
          identity_ids: ctx.has("kms") ? [ref("azurerm_user_assigned_identity", "cmk")] : undefined,
        }),
      ],
    ),
    resource("azurerm_data_factory_pipeline", "scoring", {
      name: "nightly-scoring",
      data_factory_id: ref("azurerm_data_factory", "main"),
      description: "Nightly batch scoring on the Spot pool",
    }),
    resource(
      "azurerm_data_factory_trigger_schedule",
      "nightly",
      {
        name: "nightly",
        data_factory_id: ref("azurerm_data_factory", "main"),
        pipeline_name: ref("azurerm_data_factory_pipeline", "scoring", "name"),
        frequency: "Day",
        interval: 1,
      },
      [block("schedule", { hours: [2], minutes: [0] })],
    ),
  ];
}
