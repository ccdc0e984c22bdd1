/**
 * Audit: the Kubernetes API audit policy the control plane logs by, an object-locked bucket
 * on the Ceph object store (compliance-mode retention), and Fluent Bit on the control-plane
 * nodes shipping the audit log into it.
 */
import type { TfContext } from "../context";
import { block, expr, type HclBlockSpec, type HclValue } from "../hcl";
import { CHARTS, k8s, manifest, metadata, release, tpl, yaml } from "./k8s";
import { S3_ENDPOINT } from "./storage";
import { job } from "./workloads";

/** Where RKE2 writes the API audit log on each server node. */
const AUDIT_DIR = "/var/lib/rancher/rke2/server/logs";

/** Days an audit record cannot be deleted or overwritten. */
const RETENTION_DAYS = 400;

/** The API audit policy: metadata for everything, request bodies for writes, nothing for reads of secrets. */
const POLICY: HclValue = {
  apiVersion: "audit.k8s.io/v1",
  kind: "Policy",
  omitStages: ["RequestReceived"],
  rules: [
    { level: "Metadata", resources: [{ group: "", resources: ["secrets", "configmaps"] }] },
    { level: "None", users: ["system:kube-proxy"], verbs: ["watch"] },
    { level: "RequestResponse", verbs: ["create", "update", "patch", "delete"] },
    { level: "Metadata" },
  ],
};

/** security.tf (audit): the policy, the locked bucket and the shipper. */
export function audit(ctx: TfContext): HclBlockSpec[] {
  if (!ctx.has("cloudtrail")) return [];
  const rook = CHARTS.rook_ceph.namespace;
  const logging = CHARTS.fluent_bit.namespace;
  const userSecret = "rook-ceph-object-user-objects-audit";
  return [
    // RKE2 reads the policy from audit-policy-file on the servers; this copy is the reviewed source.
    k8s("config_map_v1", "audit_policy", "primary", { data: { "audit-policy.yaml": yaml(POLICY, "    ") } }, [
      metadata("api-audit-policy", "kube-system"),
    ]),
    manifest(
      "audit_user",
      "ceph.rook.io/v1",
      "CephObjectStoreUser",
      { name: "audit", namespace: rook },
      { spec: { store: "objects", displayName: "API audit log writer", capabilities: { bucket: "read, write" } } },
      { dependsOn: ["helm_release.rook_ceph_cluster"] },
    ),
    job(
      "audit_bucket",
      rook,
      {
        name: "create-locked-bucket",
        image: tpl("${var.image_registry}/mirror/amazon/aws-cli:2.27.0"),
        command: [
          "sh",
          "-c",
          tpl(
            `aws s3api head-bucket --bucket \${local.name}-audit || aws s3api create-bucket --bucket \${local.name}-audit --object-lock-enabled-for-bucket && aws s3api put-object-lock-configuration --bucket \${local.name}-audit --object-lock-configuration '{"ObjectLockEnabled":"Enabled","Rule":{"DefaultRetention":{"Mode":"COMPLIANCE","Days":${RETENTION_DAYS}}}}'`,
          ),
        ],
        env: { AWS_ENDPOINT_URL: S3_ENDPOINT, AWS_DEFAULT_REGION: expr("var.region"), HOME: "/tmp" },
        secretEnv: { AWS_ACCESS_KEY_ID: [userSecret, "AccessKey"], AWS_SECRET_ACCESS_KEY: [userSecret, "SecretKey"] },
        cpu: "100m",
        memory: "128Mi",
      },
      { dependsOn: ["kubernetes_manifest.audit_user"] },
    ),
    {
      type: "data",
      labels: ["kubernetes_secret_v1", "audit_user"],
      attrs: { depends_on: [expr("kubernetes_manifest.audit_user")] },
      blocks: [block("metadata", { name: userSecret, namespace: rook })],
    },
    k8s("namespace_v1", "logging", "primary", {}, [metadata(logging)]),
    k8s(
      "secret_v1",
      "audit_writer",
      "primary",
      {
        data: {
          AWS_ACCESS_KEY_ID: expr('data.kubernetes_secret_v1.audit_user.data["AccessKey"]'),
          AWS_SECRET_ACCESS_KEY: expr('data.kubernetes_secret_v1.audit_user.data["SecretKey"]'),
        },
      },
      [metadata("audit-writer", expr("kubernetes_namespace_v1.logging.metadata[0].name"))],
    ),
    release("fluent_bit", {
      values: {
        image: { repository: tpl("${var.image_registry}/mirror/fluent/fluent-bit") },
        kind: "DaemonSet",
        nodeSelector: { "node-role.kubernetes.io/control-plane": "true" },
        tolerations: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" }],
        envFrom: [{ secretRef: { name: "audit-writer" } }],
        daemonSetVolumes: [{ name: "audit", hostPath: { path: AUDIT_DIR } }],
        daemonSetVolumeMounts: [{ name: "audit", mountPath: AUDIT_DIR, readOnly: true }],
        config: {
          inputs: `[INPUT]\n    Name tail\n    Tag audit.*\n    Path ${AUDIT_DIR}/audit.log\n    Parser json\n    DB /tmp/audit.db\n    Mem_Buf_Limit 50MB\n`,
          outputs: tpl(
            `[OUTPUT]\n    Name s3\n    Match audit.*\n    bucket \${local.name}-audit\n    region \${var.region}\n    endpoint ${S3_ENDPOINT}\n    use_put_object On\n    send_content_md5 true\n    compression gzip\n    total_file_size 50M\n    upload_timeout 5m\n    s3_key_format /audit/%Y/%m/%d/$UUID.gz\n`,
          ),
        },
      },
      dependsOn: ["kubernetes_job_v1.audit_bucket", "kubernetes_secret_v1.audit_writer"],
    }),
  ];
}
