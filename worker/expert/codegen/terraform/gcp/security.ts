/** security.tf: the customer-managed key and its users, the Cloud Armor policy, and the audit log trail. */
import type { TfContext } from "../context";
import { block, expr, renderHcl, resource, type HclBlockSpec, type HclValue } from "../hcl";
import { afterKeyGrant, agent, bucket, bucketMember, cmek, kmsKey } from "./shared";

/** The Google service agents that encrypt with the key, by the components that need them. */
function keyUsers(ctx: TfContext): Record<string, HclValue> {
  const users: Record<string, HclValue> = {
    storage: expr('"serviceAccount:${data.google_storage_project_service_account.gcs.email_address}"'),
  };
  const add = (when: boolean, id: string, domain: string) => {
    if (when) users[id] = agent(domain);
  };
  add(ctx.has("ecr") || ctx.has("sagemaker_training"), "artifact_registry", "gcp-sa-artifactregistry");
  add(ctx.has("lambda") || ctx.has("ecs_fargate") || ctx.has("stream_consumer"), "cloud_run", "serverless-robot-prod");
  add(ctx.has("kinesis") || ctx.has("firehose"), "pubsub", "gcp-sa-pubsub");
  add(ctx.has("dynamodb"), "firestore", "gcp-sa-firestore");
  add(ctx.has("sagemaker_endpoint") || ctx.has("sagemaker_training"), "vertex", "gcp-sa-aiplatform");
  add(ctx.has("eks"), "gke", "container-engine-robot");
  add(ctx.has("eks"), "compute", "compute-system");
  add(ctx.has("msk"), "kafka", "gcp-sa-managedkafka");
  add(ctx.has("mlflow"), "cloud_sql", "gcp-sa-cloud-sql");
  add(ctx.has("step_functions"), "workflows", "gcp-sa-workflows");
  if (ctx.has("athena"))
    users.bigquery = expr('"serviceAccount:${data.google_bigquery_default_service_account.bq.email}"');
  return users;
}

/** The key ring and the rotating key for data at rest, and the service agents allowed to use it. */
function dataKey(ctx: TfContext): HclBlockSpec[] {
  const lookups: HclBlockSpec[] = [
    { type: "data", labels: ["google_storage_project_service_account", "gcs"], attrs: {} },
  ];
  if (ctx.has("athena"))
    lookups.push({ type: "data", labels: ["google_bigquery_default_service_account", "bq"], attrs: {} });
  return [
    ...lookups,
    resource("google_kms_key_ring", "main", {
      name: expr('"${local.name}-keys"'),
      location: expr("var.region"),
      depends_on: expr("[google_project_service.apis]"),
    }),
    resource(
      "google_kms_crypto_key",
      "main",
      {
        name: expr('"${local.name}-data"'),
        key_ring: expr("google_kms_key_ring.main.id"),
        purpose: "ENCRYPT_DECRYPT",
        rotation_period: "7776000s",
      },
      [block("lifecycle", { prevent_destroy: true })],
    ),
    resource("google_kms_crypto_key_iam_member", "agents", {
      for_each: keyUsers(ctx),
      crypto_key_id: expr("google_kms_crypto_key.main.id"),
      role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
      member: expr("each.value"),
    }),
  ];
}

/** A Cloud Armor rule: a preconfigured WAF expression or a per-client rate limit. */
function armorRule(
  priority: number,
  description: string,
  action: string,
  match: HclBlockSpec,
  extra: HclBlockSpec[] = [],
): HclBlockSpec {
  return block("rule", { action, priority, description }, [match, ...extra]);
}

/** A preconfigured Cloud Armor WAF rule set, at its lowest-false-positive sensitivity. */
function waf(name: string): HclBlockSpec {
  return block("match", {}, [block("expr", { expression: `evaluatePreconfiguredWaf('${name}', {'sensitivity': 1})` })]);
}

/** The Cloud Armor policy: OWASP rules, a per-IP rate limit, and allow by default. */
function armor(): HclBlockSpec {
  return resource(
    "google_compute_security_policy",
    "main",
    {
      name: expr('"${local.name}-armor"'),
      description: "OWASP rules and per-client rate limits in front of the service",
      type: "CLOUD_ARMOR",
    },
    [
      armorRule(1000, "SQL injection", "deny(403)", waf("sqli-v33-stable")),
      armorRule(1001, "Cross-site scripting", "deny(403)", waf("xss-v33-stable")),
      armorRule(1002, "Remote code execution", "deny(403)", waf("rce-v33-stable")),
      armorRule(
        2000,
        "Rate limit per client IP",
        "throttle",
        block("match", { versioned_expr: "SRC_IPS_V1" }, [block("config", { src_ip_ranges: ["*"] })]),
        [
          block("rate_limit_options", { conform_action: "allow", exceed_action: "deny(429)", enforce_on_key: "IP" }, [
            block("rate_limit_threshold", { count: 2000, interval_sec: 60 }),
          ]),
        ],
      ),
      armorRule(
        2147483647,
        "Allow everything else",
        "allow",
        block("match", { versioned_expr: "SRC_IPS_V1" }, [block("config", { src_ip_ranges: ["*"] })]),
      ),
      block("advanced_options_config", { log_level: "VERBOSE" }),
    ],
  );
}

/** Data-access audit logs for every service, routed to a bucket that keeps them locked. */
function audit(ctx: TfContext): HclBlockSpec[] {
  const years = ctx.req.compliance.includes("SOX") ? 7 : ctx.req.compliance.includes("HIPAA") ? 6 : 1;
  return [
    resource(
      "google_project_iam_audit_config",
      "all",
      {
        project: expr("data.google_project.current.project_id"),
        service: "allServices",
      },
      ["ADMIN_READ", "DATA_READ", "DATA_WRITE"].map((t) => block("audit_log_config", { log_type: t })),
    ),
    bucket("audit", "audit", {
      location: expr("var.region"),
      key: kmsKey(ctx),
      retentionDays: years * 365,
      dependsOn: afterKeyGrant(ctx),
    }),
    resource("google_logging_project_sink", "audit", {
      name: expr('"${local.name}-audit"'),
      destination: expr('"storage.googleapis.com/${google_storage_bucket.audit.name}"'),
      filter: 'logName:"cloudaudit.googleapis.com"',
      unique_writer_identity: true,
    }),
    bucketMember(
      "audit_writer",
      "google_storage_bucket.audit.name",
      "roles/storage.objectCreator",
      expr("google_logging_project_sink.audit.writer_identity"),
    ),
  ];
}

/** security.tf for the design, or nothing when it needs no key, policy or trail. */
export function securityTf(ctx: TfContext): string {
  const blocks: HclBlockSpec[] = [];
  if (cmek(ctx)) blocks.push(...dataKey(ctx));
  if (ctx.has("waf") || ctx.design.network.waf) blocks.push(armor());
  if (ctx.has("cloudtrail") || ctx.design.audit_logging) blocks.push(...audit(ctx));
  return blocks.length === 0 ? "" : renderHcl(blocks);
}
