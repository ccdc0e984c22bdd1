/** storage.tf: the model artifact account, the data lake and the container registry. */
import type { TfContext } from "../context";
import { block, expr, renderHcl, resource, type HclBlockSpec, type HclValue } from "../hcl";
import { CMK_IDENTITY, cmkDependsOn, identity, isPrivate, KEY_ID, placed, ref, tpl } from "./blocks";

/** Options of one storage account. */
interface AccountOptions {
  /** A data lake (hierarchical namespace); blob versioning is not offered there. */
  lake?: boolean;
  /** Where the account lives; the primary region when absent. */
  location?: HclValue;
  /** The key that encrypts it, when the design has one. */
  key?: HclValue;
  /** What must exist first (the identity's right to use the key). */
  dependsOn?: HclValue;
}

/**
 * A private, TLS 1.2-only storage account without shared keys, ZRS, versioned with
 * soft delete, encrypted with the design's key when it has one.
 */
export function storageAccount(ctx: TfContext, name: string, options: AccountOptions = {}): HclBlockSpec {
  // Every account of a design with a key is encrypted with it, the DR copy and the function's own included.
  const fallback = ctx.has("kms") ? KEY_ID : undefined;
  const key = options.key ?? fallback;
  const o = { ...options, key, dependsOn: options.dependsOn ?? (key === undefined ? undefined : cmkDependsOn(ctx)) };
  const blobProperties = block(
    "blob_properties",
    { versioning_enabled: o.lake === true ? undefined : true, change_feed_enabled: o.lake === true ? undefined : true },
    [block("delete_retention_policy", { days: 30 }), block("container_delete_retention_policy", { days: 30 })],
  );
  const blocks: HclBlockSpec[] = [blobProperties];
  if (o.key !== undefined) {
    blocks.push(identity(CMK_IDENTITY));
    blocks.push(
      block("customer_managed_key", {
        key_vault_key_id: o.key,
        user_assigned_identity_id: ref("azurerm_user_assigned_identity", CMK_IDENTITY),
      }),
    );
  }
  if (isPrivate(ctx)) blocks.push(block("network_rules", { default_action: "Deny", bypass: ["AzureServices"] }));
  return placed(
    "azurerm_storage_account",
    name,
    "",
    {
      name: tpl(`\${local.short}${name.replace(/_/g, "")}`),
      location: o.location,
      account_tier: "Standard",
      account_kind: "StorageV2",
      account_replication_type: "ZRS",
      is_hns_enabled: o.lake === true ? true : undefined,
      min_tls_version: "TLS1_2",
      https_traffic_only_enabled: true,
      shared_access_key_enabled: false,
      allow_nested_items_to_be_public: false,
      public_network_access_enabled: !isPrivate(ctx),
      infrastructure_encryption_enabled: o.key !== undefined ? true : undefined,
      depends_on: o.dependsOn,
    },
    blocks,
  );
}

/** A private container in an account. */
export function container(name: string, account: string, containerName: string, forEach?: string[]): HclBlockSpec {
  return resource("azurerm_storage_container", name, {
    for_each: forEach === undefined ? undefined : expr(`toset(${JSON.stringify(forEach).replace(/,/g, ", ")})`),
    name: forEach === undefined ? containerName : expr("each.value"),
    storage_account_id: ref("azurerm_storage_account", account),
    container_access_type: "private",
  });
}

/** The design's key, when it has one. */
function key(ctx: TfContext): HclValue | undefined {
  return ctx.has("kms") ? KEY_ID : undefined;
}

/** storage.tf: the model account and container, the data lake and the registry. */
export function storage(ctx: TfContext): string {
  const blocks: HclBlockSpec[] = [
    storageAccount(ctx, "models", { key: key(ctx), dependsOn: cmkDependsOn(ctx) }),
    container("models", "models", "models"),
  ];
  if (ctx.has("s3_data")) {
    blocks.push(storageAccount(ctx, "data", { lake: true, key: key(ctx), dependsOn: cmkDependsOn(ctx) }));
    blocks.push(container("data", "data", "", ["raw", "features", "scores", "archive"]));
  }
  if (ctx.has("ecr")) blocks.push(registry(ctx));
  return renderHcl(blocks);
}

/** The container registry: admin user off, Premium when it needs a private endpoint or the design's key. */
function registry(ctx: TfContext): HclBlockSpec {
  const premium = ctx.has("kms") || isPrivate(ctx);
  const blocks: HclBlockSpec[] = [];
  if (ctx.has("kms")) {
    blocks.push(identity(CMK_IDENTITY));
    blocks.push(
      block("encryption", {
        key_vault_key_id: KEY_ID,
        identity_client_id: ref("azurerm_user_assigned_identity", CMK_IDENTITY, "client_id"),
      }),
    );
  }
  return placed(
    "azurerm_container_registry",
    "service",
    "",
    {
      name: tpl("acr${local.short}"),
      sku: premium ? "Premium" : "Basic",
      admin_enabled: false,
      public_network_access_enabled: !isPrivate(ctx),
      zone_redundancy_enabled: premium ? true : undefined,
      depends_on: cmkDependsOn(ctx),
    },
    blocks,
  );
}
