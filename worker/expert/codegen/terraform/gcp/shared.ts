/**
 * The shapes every Google Cloud file repeats: names, labels, the customer-managed key and
 * the service agents that must be allowed to use it, service accounts with their project
 * roles, and private, versioned buckets. One writer each, so every concern writes them alike.
 */
import type { TfContext } from "../context";
import { block, expr, resource, type HclBlockSpec, type HclExpr, type HclValue } from "../hcl";

/** `"${local.name}-suffix"`: a name unique to the deployment. */
export function named(suffix: string): HclExpr {
  return expr(`"\${local.name}-${suffix}"`);
}

/**
 * API Gateway fronts the service only when callers come from the internet: it has no
 * private mode, so a private design calls the internal-only service directly.
 */
export function publicGateway(ctx: TfContext): boolean {
  return ctx.has("api_gateway") && ctx.design.network.exposure !== "private";
}

/** True when the design's data is encrypted with its own Cloud KMS key. */
export function cmek(ctx: TfContext): boolean {
  return ctx.design.encryption.at_rest_kms || ctx.has("kms");
}

/** The primary key's id, when the design encrypts with its own key. */
export function kmsKey(ctx: TfContext): HclExpr | undefined {
  return cmek(ctx) ? expr("google_kms_crypto_key.main.id") : undefined;
}

/** Waits for the service agents' grant on the key before a resource that encrypts with it. */
export function afterKeyGrant(ctx: TfContext, ...others: string[]): HclExpr | undefined {
  const refs = [...(cmek(ctx) ? ["google_kms_crypto_key_iam_member.agents"] : []), ...others];
  return refs.length === 0 ? undefined : expr(`[${refs.join(", ")}]`);
}

/** A Google-managed service agent of the project: `service-NUMBER@gcp-sa-x.iam.gserviceaccount.com`. */
export function agent(domain: string): HclExpr {
  return expr(`"serviceAccount:service-\${data.google_project.current.number}@${domain}.iam.gserviceaccount.com"`);
}

/** A service account for one workload; ids are at most 30 characters, so the suffix at most 10. */
export function serviceAccount(name: string, accountId: string, displayName: string): HclBlockSpec {
  if (accountId.length > 10) throw new Error(`service account suffix ${accountId} is over 10 characters`);
  return resource("google_service_account", name, {
    account_id: expr(`"\${local.sa_prefix}-${accountId}"`),
    display_name: displayName,
  });
}

/** The member string of a service account this module creates. */
export function member(name: string): HclExpr {
  return expr(`"serviceAccount:\${google_service_account.${name}.email}"`);
}

/** Project-level roles for a service account this module creates, one binding per role. */
export function projectRoles(name: string, roles: string[]): HclBlockSpec {
  return resource("google_project_iam_member", `${name}_roles`, {
    for_each: expr(`toset(${JSON.stringify(roles).replace(/,/g, ", ")})`),
    project: expr("data.google_project.current.project_id"),
    role: expr("each.value"),
    member: member(name),
  });
}

/** One IAM member on a resource: `type` is the `_iam_member` resource, `on` its target attributes. */
export function iamMember(
  type: string,
  name: string,
  on: Record<string, HclValue>,
  role: string,
  who: HclValue,
): HclBlockSpec {
  return resource(type, name, { ...on, role, member: who });
}

/** Options for a bucket: where it lives, its key, a locked retention, a provider alias. */
export interface BucketOptions {
  location: HclValue;
  key?: HclExpr;
  retentionDays?: number;
  provider?: string;
  dependsOn?: HclExpr;
}

/** A private, versioned bucket with uniform access, encrypted with `key` when given. */
export function bucket(name: string, suffix: string, o: BucketOptions): HclBlockSpec {
  const blocks: HclBlockSpec[] = [block("versioning", { enabled: true })];
  if (o.key !== undefined) blocks.push(block("encryption", { default_kms_key_name: o.key }));
  if (o.retentionDays !== undefined)
    blocks.push(block("retention_policy", { retention_period: String(o.retentionDays * 86400), is_locked: true }));
  else
    blocks.push(
      block("lifecycle_rule", {}, [
        block("condition", { num_newer_versions: 10, with_state: "ARCHIVED" }),
        block("action", { type: "Delete" }),
      ]),
    );
  return resource(
    "google_storage_bucket",
    name,
    {
      provider: o.provider === undefined ? undefined : expr(o.provider),
      name: expr(`"\${local.name}-${suffix}-\${data.google_project.current.number}"`),
      location: o.location,
      storage_class: "STANDARD",
      uniform_bucket_level_access: true,
      public_access_prevention: "enforced",
      force_destroy: false,
      depends_on: o.dependsOn,
    },
    blocks,
  );
}

/** An HCL list of expressions. */
export function list(items: string[]): HclExpr {
  return expr(`[${items.join(", ")}]`);
}

/** One role on a bucket for `who`; `bucketRef` is the bucket's name expression. */
export function bucketMember(name: string, bucketRef: string, role: string, who: HclValue): HclBlockSpec {
  return resource("google_storage_bucket_iam_member", name, { bucket: expr(bucketRef), role, member: who });
}

/** An Artifact Registry repository in the region, encrypted with the design's key. */
export function artifactRepository(
  ctx: TfContext,
  name: string,
  format: "DOCKER" | "KFP",
  description: string,
): HclBlockSpec {
  return resource(
    "google_artifact_registry_repository",
    name,
    {
      repository_id: named(name),
      location: expr("var.region"),
      format,
      description,
      kms_key_name: kmsKey(ctx),
      depends_on: afterKeyGrant(ctx, "google_project_service.apis"),
    },
    format === "DOCKER" ? [block("docker_config", { immutable_tags: true })] : [],
  );
}
