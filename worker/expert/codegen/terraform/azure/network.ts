/** network.tf: the virtual network, its subnets, the NAT gateway and, with private networking, private endpoints. */
import type { TfContext } from "../context";
import { block, expr, renderHcl, resource, type HclBlockSpec } from "../hcl";
import { isPrivate, placed, RG, ref, tpl } from "./blocks";

const VNET = "azurerm_virtual_network.main";

/** A subnet of the network, optionally delegated to a service. */
function subnet(name: string, index: number, delegation?: string): HclBlockSpec {
  return resource(
    "azurerm_subnet",
    name,
    {
      name: name.replace(/_/g, "-"),
      resource_group_name: RG,
      virtual_network_name: ref("azurerm_virtual_network", "main", "name"),
      address_prefixes: [expr(`cidrsubnet(${VNET}.address_space[0], 6, ${index})`)],
      default_outbound_access_enabled: false,
    },
    delegation === undefined
      ? []
      : [
          block("delegation", { name: delegation.replace(/\W/g, "-") }, [
            block("service_delegation", {
              name: delegation,
              actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"],
            }),
          ]),
        ],
  );
}

/** The private endpoints the design's services are reached through, with their DNS zones. */
function privateEndpoints(ctx: TfContext): HclBlockSpec[] {
  const targets: Record<string, { id: string; sub: string; zone: string }> = {
    blob: { id: "azurerm_storage_account.models.id", sub: "blob", zone: "privatelink.blob.core.windows.net" },
  };
  if (ctx.has("kms"))
    targets.vault = { id: "azurerm_key_vault.main.id", sub: "vault", zone: "privatelink.vaultcore.azure.net" };
  if (ctx.has("ecr"))
    targets.registry = { id: "azurerm_container_registry.service.id", sub: "registry", zone: "privatelink.azurecr.io" };
  if (ctx.has("kinesis"))
    targets.eventhub = {
      id: "azurerm_eventhub_namespace.events.id",
      sub: "namespace",
      zone: "privatelink.servicebus.windows.net",
    };
  const map = Object.fromEntries(
    Object.entries(targets).map(([k, t]) => [k, { id: expr(t.id), subresource: t.sub, zone: t.zone }]),
  );
  return [
    { type: "locals", attrs: { private_endpoints: map } },
    resource("azurerm_private_dns_zone", "endpoints", {
      for_each: expr("toset([for e in local.private_endpoints : e.zone])"),
      name: expr("each.value"),
      resource_group_name: RG,
    }),
    resource("azurerm_private_dns_zone_virtual_network_link", "endpoints", {
      for_each: expr("azurerm_private_dns_zone.endpoints"),
      name: tpl('${local.name}-${replace(each.key, ".", "-")}'),
      resource_group_name: RG,
      private_dns_zone_name: expr("each.value.name"),
      virtual_network_id: ref("azurerm_virtual_network", "main"),
    }),
    placed(
      "azurerm_private_endpoint",
      "services",
      "",
      {
        for_each: expr("local.private_endpoints"),
        name: tpl("${local.name}-${each.key}-pe"),
        subnet_id: ref("azurerm_subnet", "endpoints"),
      },
      [
        block("private_service_connection", {
          name: expr("each.key"),
          private_connection_resource_id: expr("each.value.id"),
          subresource_names: [expr("each.value.subresource")],
          is_manual_connection: false,
        }),
        block("private_dns_zone_group", {
          name: "default",
          private_dns_zone_ids: [expr("azurerm_private_dns_zone.endpoints[each.value.zone].id")],
        }),
      ],
    ),
  ];
}

/** network.tf for the design. */
export function network(ctx: TfContext): string {
  const nat = ctx.design.network.nat_gateways;
  const zones = Array.from({ length: Math.max(1, Math.min(3, ctx.design.network.availability_zones)) }, (_, i) =>
    String(i + 1),
  );
  const blocks: HclBlockSpec[] = [
    placed("azurerm_virtual_network", "main", "vnet", { address_space: ["10.20.0.0/16"] }),
    subnet(
      "workloads",
      0,
      ctx.has("ecs_fargate") || ctx.has("stream_consumer") ? "Microsoft.App/environments" : undefined,
    ),
    subnet("endpoints", 1),
  ];
  if (ctx.has("alb") || ctx.has("waf")) blocks.push(subnet("gateway", 2));
  if (nat > 0) {
    blocks.push(
      placed("azurerm_public_ip", "nat", "nat-ip", {
        count: nat,
        name: tpl("${local.name}-nat-${count.index}"),
        allocation_method: "Static",
        sku: "Standard",
        zones: [zones[0] ?? "1"],
      }),
      placed("azurerm_nat_gateway", "main", "nat", {
        sku_name: "Standard",
        idle_timeout_in_minutes: 10,
        zones: [zones[0] ?? "1"],
      }),
      resource("azurerm_nat_gateway_public_ip_association", "main", {
        count: nat,
        nat_gateway_id: ref("azurerm_nat_gateway", "main"),
        public_ip_address_id: expr("azurerm_public_ip.nat[count.index].id"),
      }),
      resource("azurerm_subnet_nat_gateway_association", "workloads", {
        subnet_id: ref("azurerm_subnet", "workloads"),
        nat_gateway_id: ref("azurerm_nat_gateway", "main"),
      }),
    );
  }
  if (isPrivate(ctx)) blocks.push(...privateEndpoints(ctx));
  return renderHcl(blocks);
}
