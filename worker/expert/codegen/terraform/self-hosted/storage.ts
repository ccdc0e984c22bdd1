/**
 * Storage on the site: Rook-Ceph (the operator and a cluster with an S3 object store), the
 * model and data buckets as ObjectBucketClaims, the Harbor registry and its project.
 */
import type { TfContext } from "../context";
import { expr, type HclBlockSpec, type HclValue } from "../hcl";
import { appNs, manifest, release, tpl, type Site } from "./k8s";
import { job } from "./workloads";

/** The StorageClass the object store's buckets are claimed from. */
export const BUCKET_CLASS = "ceph-bucket";

/** The object store's S3 endpoint inside the cluster. */
export const S3_ENDPOINT = "http://rook-ceph-rgw-objects.rook-ceph.svc";

/** An ObjectBucketClaim in the app namespace: its ConfigMap and Secret share its name. */
export function bucketClaim(
  name: string,
  bucket: HclValue,
  site: Site = "primary",
  dependsOn?: string[],
): HclBlockSpec {
  return manifest(
    name,
    "objectbucket.io/v1alpha1",
    "ObjectBucketClaim",
    { name: name.replace(/_/g, "-"), namespace: appNs(site) },
    { spec: { bucketName: bucket, storageClassName: BUCKET_CLASS } },
    { site, dependsOn },
  );
}

/** The object store's security: SSE-KMS through OpenBao's transit engine when at_rest_kms. */
function objectStoreSecurity(ctx: TfContext): Record<string, HclValue> {
  if (!ctx.has("kms")) return {};
  return {
    security: {
      kms: {
        connectionDetails: {
          KMS_PROVIDER: "vault",
          VAULT_ADDR: expr("var.openbao_address"),
          VAULT_BACKEND_PATH: expr("vault_mount.transit.path"),
          VAULT_SECRET_ENGINE: "transit",
        },
        tokenSecretName: "rgw-openbao-token",
      },
    },
  };
}

/** storage.tf: Rook-Ceph, the buckets, Harbor. */
export function storage(ctx: TfContext): HclBlockSpec[] {
  const zones = ctx.design.network.availability_zones;
  const out: HclBlockSpec[] = [
    release("rook_ceph", { values: { crds: { enabled: true }, monitoring: { enabled: ctx.has("cloudwatch") } } }),
    release("rook_ceph_cluster", {
      values: {
        operatorNamespace: "rook-ceph",
        cephClusterSpec: { mon: { count: 3, allowMultiplePerNode: false }, dashboard: { enabled: true, ssl: true } },
        cephObjectStores: [
          {
            name: "objects",
            spec: {
              metadataPool: { failureDomain: zones > 1 ? "zone" : "host", replicated: { size: 3 } },
              dataPool: {
                failureDomain: zones > 1 ? "zone" : "host",
                erasureCoded: { dataChunks: 2, codingChunks: 1 },
              },
              preservePoolsOnDelete: true,
              gateway: { port: 80, instances: 2 },
              ...objectStoreSecurity(ctx),
            },
            storageClass: {
              enabled: true,
              name: BUCKET_CLASS,
              reclaimPolicy: "Retain",
              parameters: { region: expr("var.region") },
            },
          },
        ],
      },
      dependsOn: ctx.has("kms")
        ? ["helm_release.rook_ceph", "vault_transit_secret_backend_key.storage"]
        : ["helm_release.rook_ceph"],
    }),
    bucketClaim("model_bucket", tpl("${local.name}-models"), "primary", ["helm_release.rook_ceph_cluster"]),
  ];
  if (ctx.has("s3_data"))
    out.push(bucketClaim("data_bucket", tpl("${local.name}-data"), "primary", ["helm_release.rook_ceph_cluster"]));
  if (ctx.has("ecr")) out.push(...harbor());
  return out;
}

/** Harbor, the registry CI pushes to and the mirror of every image, and the project's Harbor project. */
function harbor(): HclBlockSpec[] {
  return [
    release("harbor", {
      values: {
        externalURL: tpl("https://${var.image_registry}"),
        expose: { type: "clusterIP", tls: { enabled: false } },
        existingSecretAdminPassword: "harbor-admin",
        existingSecretAdminPasswordKey: "HARBOR_ADMIN_PASSWORD",
        persistence: {
          enabled: true,
          resourcePolicy: "keep",
          imageChartStorage: {
            type: "s3",
            s3: { regionendpoint: S3_ENDPOINT, bucket: "harbor", existingSecret: "harbor-s3" },
          },
        },
        trivy: { enabled: true, offlineScan: true, skipUpdate: true },
      },
      dependsOn: ["helm_release.rook_ceph_cluster"],
    }),
    job(
      "harbor_project",
      "harbor",
      {
        name: "create-project",
        image: tpl("${var.image_registry}/mirror/curlimages/curl:8.11.1"),
        command: [
          "sh",
          "-c",
          tpl(
            'curl -fsS -u admin:$HARBOR_ADMIN_PASSWORD -H \'Content-Type: application/json\' -X POST http://harbor-core.harbor.svc/api/v2.0/projects -d \'{"project_name":"${var.project}","metadata":{"public":"false","auto_scan":"true","prevent_vul":"true","severity":"high"}}\' || curl -fsS -u admin:$HARBOR_ADMIN_PASSWORD -I http://harbor-core.harbor.svc/api/v2.0/projects?project_name=${var.project}',
          ),
        ],
        secretEnv: { HARBOR_ADMIN_PASSWORD: ["harbor-admin", "HARBOR_ADMIN_PASSWORD"] },
        cpu: "50m",
        memory: "64Mi",
      },
      { dependsOn: ["helm_release.harbor"] },
    ),
  ];
}
