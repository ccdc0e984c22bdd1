/** Container Apps: the environment, the model service or the stream consumers, and the Application Gateway in front. */
import type { TfContext } from "../../context";
import { block, expr, type HclBlockSpec } from "../../hcl";
import { grantIdentity, identity, managedIdentity, placed, quantity, RG, ref, tpl } from "../blocks";

/** The Container Apps environment in the workload subnet, logging to the workspace. */
export function appEnvironment(ctx: TfContext): HclBlockSpec[] {
  return [
    placed(
      "azurerm_container_app_environment",
      "main",
      "apps",
      {
        log_analytics_workspace_id: ref("azurerm_log_analytics_workspace", "main"),
        infrastructure_subnet_id: ctx.has("vpc") ? ref("azurerm_subnet", "workloads") : undefined,
        internal_load_balancer_enabled: ctx.has("vpc") ? true : undefined,
        zone_redundancy_enabled: ctx.has("vpc") ? ctx.design.network.availability_zones > 1 : undefined,
      },
      [block("workload_profile", { name: "Consumption", workload_profile_type: "Consumption" })],
    ),
    managedIdentity("app"),
    grantIdentity("app_pull", ref("azurerm_container_registry", "service"), "AcrPull", "app"),
    grantIdentity("app_models", ref("azurerm_storage_account", "models"), "Storage Blob Data Reader", "app"),
  ];
}

/** A container app running the service image: behind the gateway over HTTP, or consuming the stream. */
export function containerApp(ctx: TfContext, name: "service" | "consumer"): HclBlockSpec {
  const http = name === "service";
  const replicas = quantity(ctx, http ? "ecs_fargate" : "stream_consumer", 2);
  const big = ctx.design.serving?.instance.startsWith("4 vCPU") === true;
  const env: [string, HclBlockSpec["attrs"]][] = [
    ["MODEL_URI", { value: tpl("${azurerm_storage_account.models.primary_blob_endpoint}models/current/model.json") }],
    ["AZURE_CLIENT_ID", { value: ref("azurerm_user_assigned_identity", "app", "client_id") }],
    ["MODE", { value: http ? "http" : "stream" }],
  ];
  if (ctx.has("kinesis")) {
    env.push([
      "EVENTHUB_NAMESPACE",
      { value: tpl("${azurerm_eventhub_namespace.events.name}.servicebus.windows.net") },
    ]);
    env.push(["EVENTHUB_NAME", { value: ref("azurerm_eventhub", "events", "name") }]);
  }
  if (ctx.has("dynamodb"))
    env.push(["COSMOS_ENDPOINT", { value: ref("azurerm_cosmosdb_account", "features", "endpoint") }]);
  const scale = http
    ? block("http_scale_rule", { name: "concurrency", concurrent_requests: "50" })
    : block("custom_scale_rule", {
        name: "eventhub-lag",
        custom_rule_type: "azure-eventhub",
        metadata: {
          eventHubName: ref("azurerm_eventhub", "events", "name"),
          consumerGroup: ref("azurerm_eventhub_consumer_group", "scoring", "name"),
          unprocessedEventThreshold: "64",
        },
      });
  const blocks: HclBlockSpec[] = [
    identity("app"),
    block("registry", {
      server: ref("azurerm_container_registry", "service", "login_server"),
      identity: ref("azurerm_user_assigned_identity", "app"),
    }),
    block("template", { min_replicas: replicas, max_replicas: replicas * 4 }, [
      block(
        "container",
        {
          name: "service",
          image: tpl("${azurerm_container_registry.service.login_server}/${local.name}-service:${var.image_tag}"),
          cpu: big ? 4 : 1,
          memory: big ? "8Gi" : "2Gi",
        },
        [
          ...env.map(([k, v]) => block("env", { name: k, ...v })),
          ...(http ? [block("liveness_probe", { transport: "HTTP", port: 8080, path: "/healthz" })] : []),
        ],
      ),
      scale,
    ]),
  ];
  if (http)
    blocks.push(
      block("ingress", { external_enabled: true, target_port: 8080, transport: "auto" }, [
        block("traffic_weight", { latest_revision: true, percentage: 100 }),
      ]),
    );
  return {
    type: "resource",
    labels: ["azurerm_container_app", name],
    attrs: {
      name: tpl(`\${local.name}-${name}`),
      container_app_environment_id: ref("azurerm_container_app_environment", "main"),
      resource_group_name: RG,
      revision_mode: "Single",
      workload_profile_name: "Consumption",
      tags: expr("local.tags"),
      depends_on: [expr("azurerm_role_assignment.app_pull")],
    },
    blocks,
  };
}

/** The Application Gateway (WAF_v2 with the WAF policy, else Standard_v2) in front of `backendFqdn`. */
export function gateway(ctx: TfContext, backendFqdn: string, https: boolean): HclBlockSpec[] {
  const internal = ctx.design.network.exposure === "private";
  const waf = ctx.has("waf");
  const frontends: HclBlockSpec[] = [
    block("frontend_ip_configuration", { name: "public", public_ip_address_id: ref("azurerm_public_ip", "gateway") }),
  ];
  if (internal)
    frontends.push(
      block("frontend_ip_configuration", {
        name: "private",
        subnet_id: ref("azurerm_subnet", "gateway"),
        private_ip_address_allocation: "Static",
        private_ip_address: expr("cidrhost(azurerm_subnet.gateway.address_prefixes[0], 10)"),
      }),
    );
  const listener = https ? { protocol: "Https", ssl_certificate_name: "service" } : { protocol: "Http" };
  return [
    placed("azurerm_public_ip", "gateway", "gw-ip", {
      allocation_method: "Static",
      sku: "Standard",
      domain_name_label: expr("local.name"),
    }),
    managedIdentity("gateway"),
    placed(
      "azurerm_application_gateway",
      "main",
      "gw",
      { firewall_policy_id: waf ? ref("azurerm_web_application_firewall_policy", "main") : undefined },
      [
        block("sku", { name: waf ? "WAF_v2" : "Standard_v2", tier: waf ? "WAF_v2" : "Standard_v2" }),
        block("autoscale_configuration", { min_capacity: 1, max_capacity: 10 }),
        identity("gateway"),
        block("gateway_ip_configuration", { name: "gateway", subnet_id: ref("azurerm_subnet", "gateway") }),
        ...frontends,
        block("frontend_port", { name: "listener", port: https ? 443 : 80 }),
        ...(https
          ? [block("ssl_certificate", { name: "service", key_vault_secret_id: expr("var.certificate_secret_id") })]
          : []),
        block("ssl_policy", { policy_type: "Predefined", policy_name: "AppGwSslPolicy20220101" }),
        block("backend_address_pool", { name: "service", fqdns: [expr(backendFqdn)] }),
        block("probe", {
          name: "healthz",
          protocol: "Https",
          path: "/healthz",
          interval: 15,
          timeout: 10,
          unhealthy_threshold: 3,
          pick_host_name_from_backend_http_settings: true,
        }),
        block("backend_http_settings", {
          name: "service",
          cookie_based_affinity: "Disabled",
          port: 443,
          protocol: "Https",
          request_timeout: 30,
          pick_host_name_from_backend_address: true,
          probe_name: "healthz",
        }),
        block("http_listener", {
          name: "listener",
          frontend_ip_configuration_name: internal ? "private" : "public",
          frontend_port_name: "listener",
          ...listener,
        }),
        block("request_routing_rule", {
          name: "service",
          priority: 100,
          rule_type: "Basic",
          http_listener_name: "listener",
          backend_address_pool_name: "service",
          backend_http_settings_name: "service",
        }),
      ],
    ),
  ];
}
