/** serving.tf: what serves the model, one writer per pattern. */
import type { PatternId } from "../../../../schema";
import type { TfContext } from "../../context";
import { renderHcl, type HclBlockSpec } from "../../hcl";
import { appEnvironment, containerApp, gateway } from "./apps";
import { aks, apiManagement, batch, functionApp, onlineEndpoint } from "./platform";

const SERVING: Record<PatternId, (ctx: TfContext) => HclBlockSpec[]> = {
  serverless: (ctx) => [
    ...functionApp(ctx),
    ...apiManagement(ctx, '"https://${azurerm_function_app_flex_consumption.inference.default_hostname}/api"'),
  ],
  containers: (ctx) => [
    ...appEnvironment(ctx),
    containerApp(ctx, "service"),
    ...gateway(ctx, "azurerm_container_app.service.ingress[0].fqdn", true),
  ],
  kubernetes: (ctx) => [...(ctx.has("alb") ? gateway(ctx, '"backend.invalid"', false) : []), ...aks(ctx)],
  managed_platform: (ctx) => [
    ...onlineEndpoint(ctx),
    ...(ctx.has("api_gateway")
      ? apiManagement(ctx, "azapi_resource.online_endpoint.output.properties.scoringUri")
      : []),
  ],
  batch_analytics: batch,
  streaming: (ctx) => [...appEnvironment(ctx), containerApp(ctx, "consumer")],
};

/** serving.tf for the design's pattern. */
export function serving(ctx: TfContext): string {
  return renderHcl(SERVING[ctx.design.pattern](ctx));
}
