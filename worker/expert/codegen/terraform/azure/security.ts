/**
 * security.tf: the Key Vault and its customer-managed key (HSM, rotated), the identity
 * services encrypt through, the WAF policy and the activity-log audit trail on immutable storage.
 */
import type { TfContext } from "../context";
import { block, expr, renderHcl, type HclBlockSpec } from "../hcl";
import {
  CMK_IDENTITY,
  diagnostics,
  grant,
  grantIdentity,
  isPrivate,
  managedIdentity,
  placed,
  ref,
  tpl,
} from "./blocks";
import { hasWorkspace } from "./ml";
import { container, storageAccount } from "./storage";

/** True when the design needs a Key Vault: for its key, or because the ML workspace requires one. */
export function needsVault(ctx: TfContext): boolean {
  return ctx.has("kms") || hasWorkspace(ctx);
}

const VAULT = ref("azurerm_key_vault", "main");
const ME = expr("data.azurerm_client_config.current.object_id");

function vault(ctx: TfContext): HclBlockSpec[] {
  const blocks: HclBlockSpec[] = [
    placed(
      "azurerm_key_vault",
      "main",
      "",
      {
        name: tpl("kv${local.short}"),
        tenant_id: expr("data.azurerm_client_config.current.tenant_id"),
        sku_name: "premium",
        rbac_authorization_enabled: true,
        purge_protection_enabled: true,
        soft_delete_retention_days: 90,
        public_network_access_enabled: !isPrivate(ctx),
      },
      isPrivate(ctx) ? [block("network_acls", { default_action: "Deny", bypass: "AzureServices" })] : [],
    ),
    diagnostics("vault", VAULT, ["audit"]),
  ];
  if (!ctx.has("kms")) return blocks;
  blocks.push(
    grant("deployer_crypto_officer", VAULT, "Key Vault Crypto Officer", ME),
    {
      type: "resource",
      labels: ["azurerm_key_vault_key", "main"],
      attrs: {
        name: tpl("${local.name}-data"),
        key_vault_id: VAULT,
        key_type: "RSA-HSM",
        key_size: 3072,
        key_opts: ["wrapKey", "unwrapKey", "encrypt", "decrypt"],
        depends_on: [expr("azurerm_role_assignment.deployer_crypto_officer")],
      },
      blocks: [
        block("rotation_policy", { expire_after: "P2Y", notify_before_expiry: "P30D" }, [
          block("automatic", { time_after_creation: "P1Y" }),
        ]),
      ],
    },
    managedIdentity(CMK_IDENTITY),
    grantIdentity("cmk_key_user", VAULT, "Key Vault Crypto Service Encryption User", CMK_IDENTITY),
  );
  return blocks;
}

/** The WAF policy: OWASP-based default rules and bot protection in prevention mode, a per-IP rate limit. */
function waf(): HclBlockSpec {
  const rateLimit = block(
    "custom_rules",
    {
      name: "RateLimitPerIp",
      priority: 1,
      rule_type: "RateLimitRule",
      action: "Block",
      rate_limit_duration: "OneMin",
      rate_limit_threshold: 2000,
      group_rate_limit_by: "ClientAddr",
    },
    [
      block("match_conditions", { operator: "IPMatch", match_values: ["0.0.0.0/0"] }, [
        block("match_variables", { variable_name: "RemoteAddr" }),
      ]),
    ],
  );
  return placed("azurerm_web_application_firewall_policy", "main", "waf", {}, [
    rateLimit,
    block("policy_settings", { enabled: true, mode: "Prevention", request_body_check: true }),
    block("managed_rules", {}, [
      block("managed_rule_set", { type: "Microsoft_DefaultRuleSet", version: "2.1" }),
      block("managed_rule_set", { type: "Microsoft_BotManagerRuleSet", version: "1.1" }),
    ]),
  ]);
}

/** The subscription's activity log to an immutable (time-locked) container and the workspace. */
function audit(ctx: TfContext): HclBlockSpec[] {
  const days = ctx.req.compliance.includes("SOX") ? 2555 : ctx.req.compliance.includes("HIPAA") ? 2190 : 365;
  return [
    storageAccount(
      ctx,
      "audit",
      ctx.has("kms")
        ? {
            key: ref("azurerm_key_vault_key", "main", "versionless_id"),
            dependsOn: [expr("azurerm_role_assignment.cmk_key_user")],
          }
        : {},
    ),
    container("audit", "audit", "activity-log"),
    {
      type: "resource",
      labels: ["azurerm_storage_container_immutability_policy", "audit"],
      attrs: {
        storage_container_resource_manager_id: ref("azurerm_storage_container", "audit"),
        immutability_period_in_days: days,
        protected_append_writes_all_enabled: true,
        locked: false,
      },
    },
    {
      type: "resource",
      labels: ["azurerm_monitor_diagnostic_setting", "activity_log"],
      attrs: {
        name: "audit-trail",
        target_resource_id: expr("data.azurerm_subscription.current.id"),
        storage_account_id: ref("azurerm_storage_account", "audit"),
        log_analytics_workspace_id: ref("azurerm_log_analytics_workspace", "main"),
      },
      blocks: ["Administrative", "Security", "Policy", "Alert"].map((c) => block("enabled_log", { category: c })),
    },
  ];
}

/** security.tf for the design, or nothing when it needs no vault, WAF or audit trail. */
export function securityTf(ctx: TfContext): string {
  const blocks: HclBlockSpec[] = [];
  if (needsVault(ctx)) blocks.push(...vault(ctx));
  if (ctx.has("waf")) blocks.push(waf());
  if (ctx.has("cloudtrail")) blocks.push(...audit(ctx));
  return blocks.length === 0 ? "" : renderHcl(blocks);
}
