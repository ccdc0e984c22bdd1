/** data.tf: the event hub and its scoring consumer group, the Cosmos DB feature store. */
import type { TfContext } from "../context";
import { block, renderHcl, resource, type HclBlockSpec } from "../hcl";
import { isPrivate, placed, quantity, ref, tpl } from "./blocks";

/** data.tf for the design, or nothing. */
export function dataTf(ctx: TfContext): string {
  const blocks: HclBlockSpec[] = [];
  if (ctx.has("kinesis") || ctx.has("msk")) {
    const premium = ctx.has("msk") || ctx.has("kms");
    blocks.push(
      placed("azurerm_eventhub_namespace", "events", "events", {
        sku: premium ? "Premium" : "Standard",
        capacity: premium ? 1 : quantity(ctx, "kinesis", 1),
        local_authentication_enabled: false,
        public_network_access_enabled: !isPrivate(ctx),
        minimum_tls_version: "1.2",
      }),
      resource("azurerm_eventhub", "events", {
        name: "events",
        namespace_id: ref("azurerm_eventhub_namespace", "events"),
        partition_count: 4,
        message_retention: 2,
      }),
      resource("azurerm_eventhub_consumer_group", "scoring", {
        name: "scoring",
        namespace_name: ref("azurerm_eventhub_namespace", "events", "name"),
        eventhub_name: ref("azurerm_eventhub", "events", "name"),
        resource_group_name: ref("azurerm_resource_group", "main", "name"),
      }),
    );
  }
  if (ctx.has("dynamodb")) {
    blocks.push(
      placed(
        "azurerm_cosmosdb_account",
        "features",
        "",
        {
          name: tpl("${local.name}-features"),
          offer_type: "Standard",
          kind: "GlobalDocumentDB",
          local_authentication_disabled: true,
          public_network_access_enabled: !isPrivate(ctx),
          key_vault_key_id: ctx.has("kms") ? ref("azurerm_key_vault_key", "main", "versionless_id") : undefined,
        },
        [
          block("consistency_policy", { consistency_level: "Session" }),
          block("geo_location", {
            location: ref("azurerm_resource_group", "main", "location"),
            failover_priority: 0,
            zone_redundant: true,
          }),
          block("capabilities", { name: "EnableServerless" }),
          block("backup", { type: "Continuous", tier: "Continuous7Days" }),
        ],
      ),
    );
  }
  return blocks.length === 0 ? "" : renderHcl(blocks);
}
