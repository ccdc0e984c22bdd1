/**
 * Keys and encryption at rest: OpenBao (Vault-compatible) with a transit key the Ceph object
 * gateway encrypts objects with (SSE-KMS), a KV engine holding the encryption keys of
 * volumes, the encrypted StorageClass, and the scoped tokens both read through.
 */
import type { TfContext } from "../context";
import { block, expr, resource, type HclBlockSpec, type HclValue } from "../hcl";
import { CHARTS, appNs, json, k8s, metadata, release, tpl } from "./k8s";

/** The StorageClass whose volumes are LUKS-encrypted with keys kept in OpenBao. */
export const ENCRYPTED_CLASS = "ceph-block-encrypted";

/** A Vault policy and a periodic token holding only it, stored as a Kubernetes secret. */
function scopedToken(name: string, rules: string[], secret: { name: string; namespace: HclValue }): HclBlockSpec[] {
  return [
    resource("vault_policy", name, {
      name: tpl(`\${local.name}-${name.replace(/_/g, "-")}`),
      policy: tpl(rules.join("\n")),
    }),
    resource("vault_token", name, {
      policies: [expr(`vault_policy.${name}.name`)],
      renewable: true,
      period: "768h",
      no_parent: true,
      display_name: name.replace(/_/g, "-"),
    }),
    k8s("secret_v1", name, "primary", { data: { token: expr(`vault_token.${name}.client_token`) } }, [
      metadata(secret.name, secret.namespace),
    ]),
  ];
}

/** One policy line: capabilities on the paths under a mount. */
function capability(mount: string, sub: string, caps: string): string {
  return `path "\${${mount}.path}/${sub}/*" { capabilities = [${caps}] }`;
}

/** security.tf (keys): OpenBao, its engines, the transit key and the encrypted storage class. */
export function keys(ctx: TfContext): HclBlockSpec[] {
  if (!ctx.has("kms")) return [];
  const rook = CHARTS.rook_ceph.namespace;
  return [
    release("openbao", {
      values: {
        injector: { enabled: false },
        server: {
          image: { registry: expr("var.image_registry"), repository: "mirror/openbao/openbao" },
          ha: { enabled: true, replicas: 3, raft: { enabled: true } },
          auditStorage: { enabled: true },
        },
      },
    }),
    // OpenBao is initialised and unsealed once by the operators (DEPLOYMENT.md); VAULT_TOKEN then authenticates.
    resource("vault_mount", "transit", {
      path: tpl("${local.name}-transit"),
      type: "transit",
      description: "Object encryption keys for the Ceph object gateway",
      depends_on: [expr("helm_release.openbao")],
    }),
    resource("vault_transit_secret_backend_key", "storage", {
      backend: expr("vault_mount.transit.path"),
      name: tpl("${local.name}-storage"),
      type: "aes256-gcm96",
      deletion_allowed: false,
      exportable: false,
      auto_rotate_period: 7776000,
    }),
    resource("vault_mount", "volume_keys", {
      path: tpl("${local.name}-volume-keys"),
      type: "kv",
      options: { version: "2" },
      description: "Per-volume encryption keys written by Ceph CSI",
      depends_on: [expr("helm_release.openbao")],
    }),
    ...scopedToken(
      "rgw",
      [
        capability("vault_mount.transit", "keys", '"read", "create", "update"'),
        capability("vault_mount.transit", "encrypt", '"update"'),
        capability("vault_mount.transit", "decrypt", '"update"'),
        capability("vault_mount.transit", "datakey", '"update"'),
      ],
      { name: "rgw-openbao-token", namespace: rook },
    ),
    ...scopedToken(
      "csi",
      [
        capability("vault_mount.volume_keys", "data", '"create", "read", "update", "delete"'),
        capability("vault_mount.volume_keys", "metadata", '"read", "delete", "list"'),
      ],
      { name: "ceph-csi-kms-token", namespace: appNs() },
    ),
    k8s(
      "config_map_v1",
      "csi_kms",
      "primary",
      {
        data: {
          "config.json": json(
            {
              openbao: {
                encryptionKMSType: "vaulttokens",
                vaultAddress: expr("var.openbao_address"),
                vaultBackend: "kv-v2",
                vaultBackendPath: tpl("${vault_mount.volume_keys.path}/"),
                vaultTLSServerName: "openbao.openbao.svc",
                tenantTokenName: "ceph-csi-kms-token",
              },
            },
            "    ",
          ),
        },
      },
      [metadata("csi-kms-connection-details", rook)],
    ),
    k8s(
      "storage_class_v1",
      "encrypted",
      "primary",
      {
        storage_provisioner: "rook-ceph.rbd.csi.ceph.com",
        reclaim_policy: "Retain",
        allow_volume_expansion: true,
        volume_binding_mode: "WaitForFirstConsumer",
        parameters: {
          clusterID: rook,
          pool: "ceph-blockpool",
          imageFormat: "2",
          imageFeatures: "layering",
          encrypted: "true",
          encryptionKMSID: "openbao",
          "csi.storage.k8s.io/fstype": "ext4",
          "csi.storage.k8s.io/provisioner-secret-name": "rook-csi-rbd-provisioner",
          "csi.storage.k8s.io/provisioner-secret-namespace": rook,
          "csi.storage.k8s.io/node-stage-secret-name": "rook-csi-rbd-node",
          "csi.storage.k8s.io/node-stage-secret-namespace": rook,
          "csi.storage.k8s.io/controller-expand-secret-name": "rook-csi-rbd-provisioner",
          "csi.storage.k8s.io/controller-expand-secret-namespace": rook,
        },
        depends_on: [expr("kubernetes_config_map_v1.csi_kms"), expr("helm_release.rook_ceph_cluster")],
      },
      [block("metadata", { name: ENCRYPTED_CLASS, labels: expr("local.labels") })],
    ),
  ];
}
