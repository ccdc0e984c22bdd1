/** dr.tf: the second region: a replica model account with object replication, and Traffic Manager failover. */
import type { TfContext } from "../context";
import { block, expr, renderHcl, resource, type HclBlockSpec } from "../hcl";
import { container, storageAccount } from "./storage";
import { placed, ref, tpl } from "./blocks";

/** dr.tf for a design with a DR region. */
export function dr(ctx: TfContext): string {
  const blocks: HclBlockSpec[] = [
    resource("azurerm_resource_group", "dr", {
      name: tpl("rg-${local.name}-dr"),
      location: expr("var.dr_region"),
      tags: expr("local.tags"),
    }),
    { ...storageAccount(ctx, "models_dr", { location: expr("var.dr_region") }) },
    container("models_dr", "models_dr", "models"),
    resource(
      "azurerm_storage_object_replication",
      "models",
      {
        source_storage_account_id: ref("azurerm_storage_account", "models"),
        destination_storage_account_id: ref("azurerm_storage_account", "models_dr"),
      },
      [
        block("rules", {
          source_container_name: ref("azurerm_storage_container", "models", "name"),
          destination_container_name: ref("azurerm_storage_container", "models_dr", "name"),
          copy_blobs_created_after: "Everything",
        }),
      ],
    ),
  ];
  if (ctx.has("route53_failover"))
    blocks.push(
      placed(
        "azurerm_traffic_manager_profile",
        "failover",
        "tm",
        { location: undefined, traffic_routing_method: "Priority" },
        [
          block("dns_config", { relative_name: expr("local.name"), ttl: 30 }),
          block("monitor_config", {
            protocol: "HTTPS",
            port: 443,
            path: "/healthz",
            interval_in_seconds: 10,
            timeout_in_seconds: 5,
            tolerated_number_of_failures: 3,
          }),
        ],
      ),
      resource("azurerm_traffic_manager_external_endpoint", "primary", {
        name: "primary",
        profile_id: ref("azurerm_traffic_manager_profile", "failover"),
        target: expr("var.service_domain"),
        priority: 1,
        endpoint_location: expr("var.region"),
      }),
    );
  return renderHcl(blocks);
}
