/**
 * The root module's frame on a self-hosted cluster: the Kubernetes and Helm providers against
 * an existing cluster (kubeconfig path and context), state in a cluster secret, the inputs
 * and the outputs CI and the deployment guide read.
 */
import type { TfContext } from "../context";
import { OutputRows, outputsFrom } from "../outputs";
import outputRows from "./outputs.json";
import { block, expr, renderHcl, type HclBlockSpec, type HclValue } from "../hcl";
import { EU_EEA, countryOfSite } from "./sites";
import { APP_NS, tpl } from "./k8s";

/** True when the design deploys the service's own image. */
export function deploysImage(has: (id: string) => boolean): boolean {
  return has("lambda") || has("ecs_fargate") || has("stream_consumer") || has("aws_batch");
}

/** True when the service has an HTTP entry (edge gateway or API gateway). */
export function hasEntry(has: (id: string) => boolean): boolean {
  return has("alb") || has("api_gateway") || has("waf");
}

/** Input variables without defaults, in the order the deployment guide documents them. */
export function requiredVariables(has: (id: string) => boolean): string[] {
  const vars = ["alert_email"];
  if (deploysImage(has)) vars.push("image_tag");
  if (has("sagemaker_endpoint")) vars.push("inference_image");
  if (has("model_monitor")) vars.push("model_monitor_image");
  if (has("route53_failover")) vars.push("service_domain");
  return vars;
}

/** versions.tf: Terraform, the providers pinned, state in a Kubernetes secret. */
export function versions(ctx: TfContext): string {
  const required: Record<string, HclValue> = {
    kubernetes: { source: "hashicorp/kubernetes", version: "~> 2.38" },
    helm: { source: "hashicorp/helm", version: "~> 3.0" },
  };
  // OpenBao speaks the Vault API: its transit and KV engines are configured with the Vault provider.
  if (ctx.has("kms")) required.vault = { source: "hashicorp/vault", version: "~> 5.0" };
  return renderHcl([
    block("terraform", { required_version: ">= 1.9.0" }, [
      block("required_providers", required),
      {
        type: "backend",
        labels: ["kubernetes"],
        attrs: { secret_suffix: `${ctx.project}-state`, namespace: "terraform-state", in_cluster_config: false },
      },
    ]),
  ]);
}

function clusterAccess(context: string): Record<string, HclValue> {
  return { config_path: expr("var.kubeconfig_path"), config_context: expr(context) };
}

/** providers.tf: Kubernetes and Helm on the primary site (and the DR site), shared locals. */
export function providers(ctx: TfContext): string {
  const { design, req } = ctx;
  const out: HclBlockSpec[] = [
    { type: "provider", labels: ["kubernetes"], attrs: clusterAccess("var.kube_context") },
    { type: "provider", labels: ["helm"], attrs: { kubernetes: clusterAccess("var.kube_context") } },
  ];
  if (design.regions.dr !== null) {
    out.push(
      { type: "provider", labels: ["kubernetes"], attrs: { alias: "dr", ...clusterAccess("var.dr_kube_context") } },
      { type: "provider", labels: ["helm"], attrs: { alias: "dr", kubernetes: clusterAccess("var.dr_kube_context") } },
    );
  }
  if (ctx.has("kms"))
    out.push({ type: "provider", labels: ["vault"], attrs: { address: expr("var.openbao_address") } });
  const labels: Record<string, HclValue> = {
    "app.kubernetes.io/part-of": expr("var.project"),
    "app.kubernetes.io/managed-by": "terraform",
    environment: expr("var.environment"),
    site: expr("var.region"),
    "data-classification": req.classification,
  };
  if (gdpr(ctx)) labels["site-country"] = expr("upper(var.site_country)");
  out.push(
    block("locals", {
      name: tpl("${var.project}-${var.environment}"),
      labels,
      image: tpl("${var.image_registry}/${var.project}/service"),
      compliance: req.compliance.length === 0 ? "none" : req.compliance.join(" "),
    }),
  );
  return renderHcl(out);
}

/** GDPR on data that is not public: the site must be in the EU/EEA. */
export function gdpr(ctx: TfContext): boolean {
  return ctx.req.compliance.includes("GDPR") && ctx.req.classification !== "public";
}

/** One input variable; `check` is a validation as [condition, error message]. */
function variable(
  name: string,
  description: string,
  type: string,
  fallback?: HclValue,
  check?: [string, string],
): HclBlockSpec {
  const rules =
    check === undefined ? [] : [block("validation", { condition: expr(check[0]), error_message: check[1] })];
  return {
    type: "variable",
    labels: [name],
    attrs: { description, type: expr(type), default: fallback },
    blocks: rules,
  };
}

/** A string input. */
function str(name: string, description: string, fallback?: HclValue): HclBlockSpec {
  return variable(name, description, "string", fallback);
}

/** variables.tf: the inputs, with defaults where the design decides them. */
export function variables(ctx: TfContext): string {
  const { design, project } = ctx;
  const has = (id: string) => ctx.has(id);
  const needed = requiredVariables(has);
  const country = countryOfSite(design.regions.primary);
  const codes = EU_EEA.map((c) => `"${c}"`).join(", ");
  const vars: (HclBlockSpec | false)[] = [
    str("project", "Short name used in every resource name.", project),
    str("environment", "Deployment environment.", "prod"),
    str("region", "The primary site (data centre) the cluster runs in.", design.regions.primary),
    gdpr(ctx) &&
      variable(
        "site_country",
        "ISO 3166 code of the country the primary site is in (GDPR: an EU/EEA country).",
        "string",
        country ?? expr("null"),
        [
          `contains([${codes}], upper(coalesce(var.site_country, "unset")))`,
          "GDPR: personal data must stay on a site in an EU/EEA country; set site_country.",
        ],
      ),
    str("kubeconfig_path", "Kubeconfig with access to the site cluster(s).", "~/.kube/config"),
    str("kube_context", "Kubeconfig context of the primary site's cluster.", `${project}-${design.regions.primary}`),
    str(
      "chart_repository",
      "Helm chart mirror inside the air gap (OCI or HTTPS); every chart is pulled from here.",
      "oci://harbor.internal/charts",
    ),
    str("image_registry", "Harbor registry host that mirrors every image.", "harbor.internal"),
    str("alert_email", "Where alerts are sent."),
    str("smtp_smarthost", "The site's mail relay Alertmanager sends through (host:port).", "smtp.internal:25"),
    needed.includes("image_tag") &&
      str("image_tag", "Service image tag to deploy; CI passes the commit SHA (never latest)."),
    design.regions.dr !== null && str("dr_region", "The disaster-recovery site.", design.regions.dr),
    design.regions.dr !== null &&
      str("dr_kube_context", "Kubeconfig context of the DR site's cluster.", `${project}-${design.regions.dr}`),
    hasEntry(has) &&
      str(
        "service_domain",
        "DNS name the service is reached at.",
        needed.includes("service_domain") ? undefined : `${project}.${APP_NS}.internal`,
      ),
    hasEntry(has) &&
      str("tls_secret_name", "Secret with the site PKI's certificate for service_domain.", `${project}-tls`),
    design.network.exposure === "private" &&
      hasEntry(has) &&
      variable("allowed_cidrs", "Private networks allowed to call the service.", "list(string)", ["10.0.0.0/8"]),
    ctx.has("kms") &&
      str("openbao_address", "OpenBao API address (token from VAULT_TOKEN).", "https://openbao.openbao.svc:8200"),
    needed.includes("inference_image") &&
      str("inference_image", "Inference container image (in Harbor) the KServe predictor runs."),
    needed.includes("model_monitor_image") &&
      str("model_monitor_image", "Evidently drift report image in the Harbor mirror."),
  ];
  return renderHcl(vars.filter((v) => v !== false));
}

const OUTPUTS = OutputRows.parse(outputRows);

/** outputs.tf: what a deployer or CI needs from the applied plan. */
export function outputs(ctx: TfContext): string {
  return outputsFrom(ctx, OUTPUTS);
}
