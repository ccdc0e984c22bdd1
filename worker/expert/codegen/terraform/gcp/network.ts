/** network.tf: the VPC, its regional subnet with flow logs, Cloud NAT, and private access to Google APIs. */
import type { TfContext } from "../context";
import { block, expr, renderHcl, resource, type HclBlockSpec, type HclValue } from "../hcl";
import { named } from "./shared";

const NETWORK = expr("google_compute_network.main.id");

/** The subnet the workloads run in; GKE's pods and services get secondary ranges. */
function subnet(ctx: TfContext): HclBlockSpec {
  const ranges = ctx.has("eks")
    ? [
        block("secondary_ip_range", { range_name: "pods", ip_cidr_range: "10.64.0.0/14" }),
        block("secondary_ip_range", { range_name: "services", ip_cidr_range: "10.68.0.0/20" }),
      ]
    : [];
  return resource(
    "google_compute_subnetwork",
    "main",
    {
      name: named("workloads"),
      network: NETWORK,
      region: expr("var.region"),
      ip_cidr_range: "10.20.0.0/20",
      private_ip_google_access: true,
    },
    [
      ...ranges,
      block("log_config", {
        aggregation_interval: "INTERVAL_5_SEC",
        flow_sampling: 0.5,
        metadata: "INCLUDE_ALL_METADATA",
      }),
    ],
  );
}

/** Cloud NAT: outbound internet for private workloads, without public addresses. */
function nat(): HclBlockSpec[] {
  return [
    resource("google_compute_router", "main", { name: named("router"), region: expr("var.region"), network: NETWORK }),
    resource(
      "google_compute_router_nat",
      "main",
      {
        name: named("nat"),
        router: expr("google_compute_router.main.name"),
        region: expr("var.region"),
        nat_ip_allocate_option: "AUTO_ONLY",
        source_subnetwork_ip_ranges_to_nat: "ALL_SUBNETWORKS_ALL_IP_RANGES",
      },
      [block("log_config", { enable: true, filter: "ERRORS_ONLY" })],
    ),
  ];
}

/** A record in the private googleapis.com zone. */
function apiRecord(name: string, dnsName: string, type: string, rrdatas: string): HclBlockSpec {
  return resource("google_dns_record_set", name, {
    managed_zone: expr("google_dns_managed_zone.googleapis.name"),
    name: dnsName,
    type,
    ttl: 300,
    rrdatas: expr(rrdatas),
  });
}

/** An internal global address reserved in the VPC for `purpose`. */
function internalAddress(name: string, purpose: string, at: Record<string, HclValue>): HclBlockSpec {
  return resource("google_compute_global_address", name, {
    name: named(name === "apis" ? "psc-apis" : name),
    purpose,
    address_type: "INTERNAL",
    ...at,
    network: NETWORK,
  });
}

/** Private Service Connect for Google APIs: calls to *.googleapis.com stay on Google's network. */
function privateApis(): HclBlockSpec[] {
  return [
    internalAddress("apis", "PRIVATE_SERVICE_CONNECT", { address: "10.255.0.2" }),
    resource("google_compute_global_forwarding_rule", "apis", {
      name: "pscgoogleapis",
      target: "all-apis",
      network: NETWORK,
      ip_address: expr("google_compute_global_address.apis.id"),
      load_balancing_scheme: "",
    }),
    resource(
      "google_dns_managed_zone",
      "googleapis",
      { name: named("googleapis"), dns_name: "googleapis.com.", visibility: "private" },
      [block("private_visibility_config", {}, [block("networks", { network_url: NETWORK })])],
    ),
    apiRecord("apis", "googleapis.com.", "A", "[google_compute_global_address.apis.address]"),
    apiRecord("apis_wildcard", "*.googleapis.com.", "CNAME", '["googleapis.com."]'),
  ];
}

/** Private services access: the peering Cloud SQL's private address comes from. */
function servicePeering(): HclBlockSpec[] {
  return [
    internalAddress("services", "VPC_PEERING", { prefix_length: 16 }),
    resource("google_service_networking_connection", "services", {
      network: NETWORK,
      service: "servicenetworking.googleapis.com",
      reserved_peering_ranges: expr("[google_compute_global_address.services.name]"),
    }),
  ];
}

/** Google's load balancer health checkers may reach the workloads. */
function healthCheckFirewall(): HclBlockSpec {
  return resource(
    "google_compute_firewall",
    "health_checks",
    {
      name: named("allow-health-checks"),
      network: NETWORK,
      direction: "INGRESS",
      source_ranges: ["35.191.0.0/16", "130.211.0.0/22"],
    },
    [block("allow", { protocol: "tcp", ports: ["8080"] }), block("log_config", { metadata: "INCLUDE_ALL_METADATA" })],
  );
}

/** network.tf: the VPC the design's compute runs in. */
export function network(ctx: TfContext): string {
  const blocks: HclBlockSpec[] = [
    resource("google_compute_network", "main", {
      name: named("vpc"),
      auto_create_subnetworks: false,
      routing_mode: "REGIONAL",
      depends_on: expr("[google_project_service.apis]"),
    }),
    subnet(ctx),
  ];
  if (ctx.design.network.nat_gateways > 0 || ctx.has("nat_gateway")) blocks.push(...nat());
  if (ctx.has("eks")) blocks.push(healthCheckFirewall());
  if (ctx.design.network.private_networking || ctx.has("vpc_endpoints")) blocks.push(...privateApis());
  if (ctx.has("mlflow")) blocks.push(...servicePeering());
  return renderHcl(blocks);
}
