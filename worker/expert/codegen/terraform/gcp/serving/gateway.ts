/** API Gateway (google-beta): an OpenAPI config routing POST /predict to the backend, keyed per client. */
import { block, expr, resource, value, type HclBlockSpec, type HclValue } from "../../hcl";
import { named, serviceAccount } from "../shared";

const BETA = expr("google-beta");

/** Where the gateway sends /predict: a Cloud Run service (with the gateway's identity) or Vertex AI. */
export type Backend = "run" | "vertex";

function openapi(backend: Backend): HclValue {
  const target: HclValue =
    backend === "run"
      ? {
          address: expr('"${google_cloud_run_v2_service.service.uri}/predict"'),
          path_translation: "CONSTANT_ADDRESS",
          deadline: 30,
        }
      : {
          address: expr(
            '"https://${var.region}-aiplatform.googleapis.com/v1/${google_vertex_ai_endpoint.main.id}:predict"',
          ),
          path_translation: "CONSTANT_ADDRESS",
          disable_auth: true,
          deadline: 30,
        };
  return {
    swagger: "2.0",
    info: { title: expr("local.name"), version: "1.0.0" },
    schemes: ["https"],
    produces: ["application/json"],
    securityDefinitions: { api_key: { type: "apiKey", name: "x-api-key", in: "header" } },
    paths: {
      "/predict": {
        post: {
          operationId: "predict",
          "x-google-backend": target,
          security: [{ api_key: [] }],
          responses: { "200": { description: "The prediction" } },
        },
      },
    },
  };
}

/** The gateway, its config and the identity it calls the backend with. */
export function apiGateway(backend: Backend): HclBlockSpec[] {
  const doc = `base64encode(jsonencode(${value(openapi(backend), "      ")}))`;
  return [
    serviceAccount("gateway", "gateway", "API Gateway backend caller"),
    resource("google_api_gateway_api", "main", { provider: BETA, api_id: named("api") }),
    resource(
      "google_api_gateway_api_config",
      "main",
      { provider: BETA, api: expr("google_api_gateway_api.main.api_id"), api_config_id_prefix: named("") },
      [
        block("openapi_documents", {}, [block("document", { path: "openapi.json", contents: expr(doc) })]),
        block("gateway_config", {}, [
          block("backend_config", { google_service_account: expr("google_service_account.gateway.email") }),
        ]),
        block("lifecycle", { create_before_destroy: true }),
      ],
    ),
    resource("google_api_gateway_gateway", "main", {
      provider: BETA,
      gateway_id: named("gateway"),
      api_config: expr("google_api_gateway_api_config.main.id"),
      region: expr("var.region"),
    }),
  ];
}
