/** GKE: a regional cluster with private nodes and Workload Identity, and the model node pool. */
import type { TfContext } from "../../context";
import { block, expr, resource, type HclBlockSpec } from "../../hcl";
import { afterKeyGrant, kmsKey, projectRoles, serviceAccount } from "../shared";

/** The cluster's control plane: VPC-native, private nodes, secrets encrypted with the design's key. */
function cluster(ctx: TfContext): HclBlockSpec {
  const isPrivate = ctx.design.network.exposure === "private";
  const key = kmsKey(ctx);
  const blocks: HclBlockSpec[] = [
    block("ip_allocation_policy", { cluster_secondary_range_name: "pods", services_secondary_range_name: "services" }),
    block("release_channel", { channel: "REGULAR" }),
    block("workload_identity_config", {
      workload_pool: expr('"${data.google_project.current.project_id}.svc.id.goog"'),
    }),
    block("private_cluster_config", {
      enable_private_nodes: true,
      enable_private_endpoint: isPrivate,
      master_ipv4_cidr_block: "172.16.0.0/28",
    }),
    block("logging_config", { enable_components: ["SYSTEM_COMPONENTS", "WORKLOADS"] }),
    block("monitoring_config", { enable_components: ["SYSTEM_COMPONENTS"] }, [
      block("managed_prometheus", { enabled: true }),
    ]),
    block("addons_config", {}, [block("http_load_balancing", { disabled: false })]),
  ];
  if (isPrivate)
    blocks.push(
      block("master_authorized_networks_config", {}, [
        {
          type: "dynamic",
          labels: ["cidr_blocks"],
          attrs: { for_each: expr("var.allowed_cidrs") },
          blocks: [block("content", { cidr_block: expr("cidr_blocks.value"), display_name: "allowed" })],
        },
      ]),
    );
  if (key !== undefined) blocks.push(block("database_encryption", { state: "ENCRYPTED", key_name: key }));
  return resource(
    "google_container_cluster",
    "main",
    {
      name: expr("local.name"),
      location: expr("var.region"),
      network: expr("google_compute_network.main.id"),
      subnetwork: expr("google_compute_subnetwork.main.id"),
      networking_mode: "VPC_NATIVE",
      remove_default_node_pool: true,
      initial_node_count: 1,
      deletion_protection: true,
      depends_on: afterKeyGrant(ctx, "google_project_service.apis"),
    },
    blocks,
  );
}

/** The accelerator of a GPU node description: "(1x L4)" → one nvidia-l4. */
function accelerator(instance: string): HclBlockSpec[] {
  const m = /(\d+)x\s*(L4|A100|T4|H100)/i.exec(instance);
  if (m === null) return [];
  const kind = (m[2] ?? "L4").toLowerCase();
  const type =
    kind === "a100"
      ? "nvidia-tesla-a100"
      : kind === "t4"
        ? "nvidia-tesla-t4"
        : kind === "h100"
          ? "nvidia-h100-80gb"
          : "nvidia-l4";
  return [
    block("guest_accelerator", { type, count: Number(m[1] ?? "1") }, [
      block("gpu_driver_installation_config", { gpu_driver_version: "DEFAULT" }),
    ]),
  ];
}

/** The model node pool across the region's zones, autoscaled around the design's replicas. */
function nodePool(ctx: TfContext): HclBlockSpec {
  const serving = ctx.design.serving;
  const instance = serving?.instance ?? "n2-standard-2";
  const machine = /^[a-z]\d[a-z]?-[a-z]+-\d+/.exec(instance)?.[0] ?? "n2-standard-2";
  const replicas = Math.max(1, serving?.replicas ?? 2);
  return resource(
    "google_container_node_pool",
    "models",
    {
      name: "models",
      cluster: expr("google_container_cluster.main.id"),
      location: expr("var.region"),
      node_locations: expr("slice(data.google_compute_zones.available.names, 0, var.zone_count)"),
    },
    [
      block("autoscaling", { min_node_count: 1, max_node_count: replicas * 2 }),
      block("management", { auto_repair: true, auto_upgrade: true }),
      block(
        "node_config",
        {
          machine_type: machine,
          disk_type: "pd-balanced",
          disk_size_gb: 100,
          boot_disk_kms_key: kmsKey(ctx),
          service_account: expr("google_service_account.nodes.email"),
          oauth_scopes: ["https://www.googleapis.com/auth/cloud-platform"],
        },
        [
          ...(serving?.gpu === true ? accelerator(instance) : []),
          block("workload_metadata_config", { mode: "GKE_METADATA" }),
          block("shielded_instance_config", { enable_secure_boot: true, enable_integrity_monitoring: true }),
        ],
      ),
    ],
  );
}

/** serving.tf on Kubernetes: zones, the node and workload identities, the cluster and its pool. */
export function gkeTf(ctx: TfContext): HclBlockSpec[] {
  return [
    { type: "data", labels: ["google_compute_zones", "available"], attrs: { region: expr("var.region") } },
    serviceAccount("nodes", "nodes", "GKE nodes"),
    projectRoles("nodes", [
      "roles/logging.logWriter",
      "roles/monitoring.metricWriter",
      "roles/monitoring.viewer",
      "roles/stackdriver.resourceMetadata.writer",
      "roles/artifactregistry.reader",
    ]),
    resource("google_service_account_iam_member", "service_workload_identity", {
      service_account_id: expr("google_service_account.service.name"),
      role: "roles/iam.workloadIdentityUser",
      member: expr('"serviceAccount:${data.google_project.current.project_id}.svc.id.goog[models/model-server]"'),
      depends_on: expr("[google_container_cluster.main]"),
    }),
    cluster(ctx),
    nodePool(ctx),
  ];
}
