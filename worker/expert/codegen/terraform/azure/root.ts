/** The root module's frame: versions and backend, providers and the resource group, input variables and outputs. */
import type { TfContext } from "../context";
import { block, expr, renderHcl, resource, type HclBlockSpec, type HclValue } from "../hcl";
import { isPrivate, ref, tpl } from "./blocks";
import { azureRegion, EU_REGIONS } from "./regions";

/** Input variables without defaults the design's Terraform needs, in the order they are documented. */
export function requiredVariables(has: (id: string) => boolean, pattern: string): string[] {
  const vars = ["alert_email"];
  if (has("lambda") || has("ecs_fargate") || has("stream_consumer") || has("aws_batch")) vars.push("image_tag");
  if (has("alb") && pattern === "containers") vars.push("certificate_secret_id");
  if (has("sagemaker_endpoint")) vars.push("inference_image");
  if (has("route53_failover")) vars.push("service_domain");
  return vars;
}

/** True when the design deploys Azure ML resources the azurerm provider has no type for. */
export function needsAzapi(ctx: TfContext): boolean {
  return ctx.has("sagemaker_endpoint") || (ctx.has("model_monitor") && ctx.has("sagemaker_registry"));
}

/** versions.tf: Terraform, the providers pinned to a minor series and the azurerm state backend. */
export function versions(ctx: TfContext): string {
  const required: Record<string, HclValue> = {
    azurerm: { source: "hashicorp/azurerm", version: "~> 4.50" },
  };
  if (needsAzapi(ctx)) required.azapi = { source: "azure/azapi", version: "~> 2.5" };
  const terraform: HclBlockSpec = {
    type: "terraform",
    attrs: { required_version: ">= 1.6.0" },
    blocks: [
      block("required_providers", required),
      // State in a storage account blob with lease locking; the account is named at init (DEPLOYMENT.md).
      { type: "backend", labels: ["azurerm"], attrs: { use_azuread_auth: true } },
    ],
  };
  return renderHcl([terraform]);
}

/** providers.tf: the providers, shared names and tags, the caller's identity and the resource group. */
export function providers(ctx: TfContext): string {
  const { req } = ctx;
  const blocks: HclBlockSpec[] = [
    {
      type: "provider",
      labels: ["azurerm"],
      attrs: { storage_use_azuread: true },
      blocks: [
        block("features", {}, [
          block("key_vault", { purge_soft_delete_on_destroy: false, recover_soft_deleted_keys: true }),
          block("resource_group", { prevent_deletion_if_contains_resources: true }),
        ]),
      ],
    },
  ];
  if (needsAzapi(ctx)) blocks.push({ type: "provider", labels: ["azapi"] });
  blocks.push(
    {
      type: "locals",
      attrs: {
        name: tpl("${var.project}-${var.environment}"),
        // Globally unique, alphanumeric names (storage accounts, registries, vaults): project plus a stable hash.
        short: expr(
          'substr("${replace(lower(var.project), "/[^a-z0-9]/", "")}${substr(sha1("${data.azurerm_client_config.current.subscription_id}/${var.environment}"), 0, 6)}", 0, 16)',
        ),
        tags: {
          Project: expr("var.project"),
          Environment: expr("var.environment"),
          ManagedBy: "terraform",
          DataClassification: req.classification,
          Compliance: req.compliance.length === 0 ? "none" : req.compliance.join(" "),
        },
      },
    },
    { type: "data", labels: ["azurerm_client_config", "current"] },
    resource("azurerm_resource_group", "main", {
      name: tpl("rg-${local.name}"),
      location: expr("var.region"),
      tags: expr("local.tags"),
    }),
  );
  if (ctx.has("cloudtrail")) blocks.push({ type: "data", labels: ["azurerm_subscription", "current"] });
  return renderHcl(blocks);
}

/** One input variable: a description, a type and, where the design decides it, a default. */
function variable(name: string, description: string, type: string, fallback?: HclValue, eu = false): HclBlockSpec {
  const list = `[${EU_REGIONS.map((r) => JSON.stringify(r)).join(", ")}]`;
  return {
    type: "variable",
    labels: [name],
    attrs: { description, type: expr(type), default: fallback },
    blocks: eu
      ? [
          block("validation", {
            condition: expr(`contains(${list}, var.${name})`),
            error_message: "GDPR: personal data must stay in an Azure region inside the EU.",
          }),
        ]
      : [],
  };
}

/** What each input without a default is for. */
const REQUIRED: Record<string, string> = {
  alert_email: "Where alerts are sent.",
  image_tag: "Service image tag to deploy; CI passes the commit SHA (never latest).",
  certificate_secret_id: "Key Vault secret id of the TLS certificate the Application Gateway listener serves.",
  inference_image: "Inference container image the Azure ML deployment runs.",
  service_domain: "DNS name of the primary region's service, health-checked for failover.",
};

/** variables.tf: the inputs, with defaults where the design decides them. */
export function variables(ctx: TfContext): string {
  const { design, req } = ctx;
  const gdpr = req.compliance.includes("GDPR") && req.classification !== "public";
  const needed = requiredVariables((id) => ctx.has(id), design.pattern);
  const withDr = design.dr !== "none" && design.regions.dr !== null;
  const vars: HclBlockSpec[] = [
    variable("project", "Short name used in every resource name.", "string", ctx.project),
    variable("environment", "Deployment environment.", "string", "prod"),
    variable("region", "Primary Azure region.", "string", azureRegion(design.regions.primary), gdpr),
  ];
  if (withDr)
    vars.push(variable("dr_region", "Disaster-recovery region.", "string", azureRegion(design.regions.dr ?? ""), gdpr));
  // The inputs a deployer sets, in the documented order.
  for (const name of needed) vars.push(variable(name, REQUIRED[name] ?? name, "string"));
  return renderHcl(vars);
}

/** One output with its description. */
function output(name: string, value: HclValue, description: string): HclBlockSpec {
  return { type: "output", labels: [name], attrs: { description, value } };
}

/** outputs.tf: what a deployer or CI needs from the applied plan. */
export function outputs(ctx: TfContext): string {
  const out: HclBlockSpec[] = [];
  if (ctx.has("api_gateway"))
    out.push(output("api_url", tpl("${azurerm_api_management.main.gateway_url}/predict"), "POST predictions here"));
  if (ctx.has("alb") && ctx.design.pattern === "containers") {
    const host =
      ctx.design.network.exposure === "private"
        ? "azurerm_application_gateway.main.frontend_ip_configuration[1].private_ip_address"
        : "azurerm_public_ip.gateway.fqdn";
    out.push(output("service_url", tpl(`https://\${${host}}`), "The service behind the Application Gateway"));
  }
  if (ctx.has("eks") && ctx.design.pattern === "kubernetes")
    out.push(output("cluster_name", ref("azurerm_kubernetes_cluster", "main", "name"), "AKS cluster for kubectl"));
  if (ctx.has("sagemaker_endpoint"))
    out.push(output("endpoint_name", ref("azapi_resource", "online_endpoint", "name"), "Azure ML online endpoint"));
  if (ctx.has("kinesis"))
    out.push(
      output("stream_name", ref("azurerm_eventhub", "events", "name"), "Producers send events to this event hub"),
    );
  if (ctx.has("step_functions"))
    out.push(
      output("pipeline_name", ref("azurerm_data_factory_pipeline", "scoring", "name"), "The batch scoring pipeline"),
    );
  if (ctx.has("ecr"))
    out.push(
      output(
        "image_repository",
        tpl("${azurerm_container_registry.service.login_server}/${local.name}-service"),
        "Push service images here",
      ),
    );
  out.push(
    output(
      "model_bucket",
      tpl("${azurerm_storage_account.models.name}/${azurerm_storage_container.models.name}"),
      "Storage account/container; upload approved model artifacts under current/",
    ),
  );
  if (isPrivate(ctx) && ctx.has("vpc"))
    out.push(
      output("vnet_id", ref("azurerm_virtual_network", "main"), "Peer CI runners and clients into this network"),
    );
  return renderHcl(out);
}
