/** The external Application Load Balancer in front of Cloud Run: a serverless NEG, Cloud Armor, managed TLS. */
import type { TfContext } from "../../context";
import { block, expr, resource, type HclBlockSpec } from "../../hcl";
import { named } from "../shared";

/** The global HTTPS load balancer for `var.service_domain`, routing to the Cloud Run service. */
export function loadBalancer(ctx: TfContext): HclBlockSpec[] {
  const armor = ctx.has("waf") || ctx.design.network.waf;
  return [
    resource(
      "google_compute_region_network_endpoint_group",
      "service",
      { name: named("service-neg"), region: expr("var.region"), network_endpoint_type: "SERVERLESS" },
      [block("cloud_run", { service: expr("google_cloud_run_v2_service.service.name") })],
    ),
    resource(
      "google_compute_backend_service",
      "service",
      {
        name: named("service"),
        protocol: "HTTPS",
        load_balancing_scheme: "EXTERNAL_MANAGED",
        security_policy: armor ? expr("google_compute_security_policy.main.id") : undefined,
      },
      [
        block("backend", { group: expr("google_compute_region_network_endpoint_group.service.id") }),
        block("log_config", { enable: true, sample_rate: 1 }),
      ],
    ),
    resource("google_compute_url_map", "service", {
      name: named("service"),
      default_service: expr("google_compute_backend_service.service.id"),
    }),
    resource("google_compute_managed_ssl_certificate", "service", { name: named("service") }, [
      block("managed", { domains: expr("[var.service_domain]") }),
    ]),
    resource("google_compute_ssl_policy", "service", {
      name: named("tls"),
      profile: "MODERN",
      min_tls_version: "TLS_1_2",
    }),
    resource("google_compute_target_https_proxy", "service", {
      name: named("service"),
      url_map: expr("google_compute_url_map.service.id"),
      ssl_certificates: expr("[google_compute_managed_ssl_certificate.service.id]"),
      ssl_policy: expr("google_compute_ssl_policy.service.id"),
    }),
    resource("google_compute_global_address", "service", { name: named("service") }),
    resource("google_compute_global_forwarding_rule", "service", {
      name: named("service"),
      target: expr("google_compute_target_https_proxy.service.id"),
      ip_address: expr("google_compute_global_address.service.id"),
      port_range: "443",
      load_balancing_scheme: "EXTERNAL_MANAGED",
    }),
  ];
}
