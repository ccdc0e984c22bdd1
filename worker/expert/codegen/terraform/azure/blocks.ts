/**
 * The shapes every Azure concern repeats: a resource placed in the deployment's resource
 * group and region (named, tagged), names built from `local.name`, managed identities and
 * their role assignments, diagnostic settings to the Log Analytics workspace, and the
 * customer-managed-key wiring. One writer each, so every module writes them the same way.
 */
import type { TfContext } from "../context";
import { block, expr, resource, type HclBlockSpec, type HclExpr, type HclValue } from "../hcl";

type Attrs = Record<string, HclValue | undefined>;

/** A template string of our own text (never user text): `tpl("${local.name}-x")`. */
export function tpl(text: string): HclExpr {
  return expr(`"${text}"`);
}

/** A reference to `type.name.attr`. */
export function ref(type: string, name: string, attr = "id"): HclExpr {
  return expr(`${type}.${name}.${attr}`);
}

/** The resource group every resource of the deployment lives in. */
export const RG = expr("azurerm_resource_group.main.name");
/** The primary region, as the resource group holds it. */
export const LOCATION = expr("azurerm_resource_group.main.location");

/**
 * A resource in the deployment's resource group: named `${local.name}-suffix` unless
 * `attrs.name` says otherwise, in `var.region` unless `attrs.location` says otherwise, tagged.
 */
export function placed(type: string, name: string, suffix: string, attrs: Attrs, blocks: HclBlockSpec[] = []) {
  return resource(
    type,
    name,
    {
      name: tpl(`\${local.name}-${suffix}`),
      location: LOCATION,
      resource_group_name: RG,
      ...attrs,
      tags: expr("local.tags"),
    },
    blocks,
  );
}

/** An `identity` block with the given user-assigned identities (by resource name). */
export function identity(...names: string[]): HclBlockSpec {
  return block("identity", {
    type: "UserAssigned",
    identity_ids: names.map((n) => ref("azurerm_user_assigned_identity", n)),
  });
}

/** A user-assigned managed identity. */
export function managedIdentity(name: string): HclBlockSpec {
  return placed("azurerm_user_assigned_identity", name, `${name.replace(/_/g, "-")}-id`, {});
}

/** Grants a principal a built-in role on a scope. */
export function grant(name: string, scope: HclValue, role: string, principal: HclValue): HclBlockSpec {
  return resource("azurerm_role_assignment", name, {
    scope,
    role_definition_name: role,
    principal_id: principal,
  });
}

/** Grants a user-assigned identity (by resource name) a built-in role on a scope. */
export function grantIdentity(name: string, scope: HclValue, role: string, who: string): HclBlockSpec {
  return grant(name, scope, role, ref("azurerm_user_assigned_identity", who, "principal_id"));
}

/** Sends a resource's logs (all categories, or the given groups) and metrics to the workspace. */
export function diagnostics(name: string, target: HclValue, groups: string[] = ["allLogs"], metrics = true) {
  return resource(
    "azurerm_monitor_diagnostic_setting",
    name,
    {
      name: "to-log-analytics",
      target_resource_id: target,
      log_analytics_workspace_id: ref("azurerm_log_analytics_workspace", "main"),
    },
    [
      ...groups.map((g) => block("enabled_log", { category_group: g })),
      ...(metrics ? [block("enabled_metric", { category: "AllMetrics" })] : []),
    ],
  );
}

/** The identity customer-managed keys are used through, when the design encrypts with its own key. */
export const CMK_IDENTITY = "cmk";

/** The key's versionless id, for services that follow key rotation. */
export const KEY_ID = ref("azurerm_key_vault_key", "main", "versionless_id");

/** What a CMK-encrypted resource waits for: the identity's right to use the key. */
export function cmkDependsOn(ctx: TfContext): HclValue | undefined {
  return ctx.has("kms") ? [expr("azurerm_role_assignment.cmk_key_user")] : undefined;
}

/** The scale of a component, as the design sized it. */
export function quantity(ctx: TfContext, id: string, fallback: number): number {
  return ctx.design.components.find((c) => c.id === id)?.quantity ?? fallback;
}

/** True when the design keeps its endpoints off the internet. */
export function isPrivate(ctx: TfContext): boolean {
  return ctx.design.network.private_networking;
}
