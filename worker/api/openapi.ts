/**
 * `GET /api/openapi.json`: the OpenAPI document. Its paths are the route definitions the
 * app registered its handlers on, so a route cannot be answered without being documented.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { API_KEY_HEADER } from "../auth/api-key";
import { ACCESS_HEADER } from "../auth/access";
import { OWNER_COOKIE } from "../auth/browser";
import { routes } from "../contract/api";
import type { AppEnv } from "../http/types";
import { router } from "../http/validate";

/** The document's header; everything under `paths` comes from the registered definitions. */
const DOCUMENT_INFO = {
  openapi: "3.1.0",
  info: {
    title: "Reasonstream API",
    version: "1.0.0",
    description: 'Every error is `{"error":{"code","message"}}` with the status given here.',
  },
};

/** The ways a caller says who it is; which of them a deployment accepts depends on its settings. */
const SECURITY_SCHEMES = {
  apiKey: {
    type: "apiKey",
    in: "header",
    name: API_KEY_HEADER,
    description:
      "A machine client's key, as the LangGraph SDK sends its `apiKey`. Without Access or AUTH_TOKEN, each key (16 to 256 visible ASCII characters) is its own owner; with either, it must be AUTH_TOKEN. A malformed or wrong key is a 401.",
  },
  bearer: {
    type: "http",
    scheme: "bearer",
    description: "AUTH_TOKEN, required on every call when set (or `?access_token=` for EventSource).",
  },
  cloudflareAccess: {
    type: "apiKey",
    in: "header",
    name: ACCESS_HEADER,
    description: "The token Cloudflare Access adds to the requests it lets through, when Access guards the API.",
  },
  ownerCookie: {
    type: "apiKey",
    in: "cookie",
    name: OWNER_COOKIE,
    description: "The anonymous owner of a browser, issued on its first request when nothing else names the caller.",
  },
} as const;

/** Builds the document from everything registered on `app` (and the sub-apps mounted on it). */
export function buildDocument(app: Pick<OpenAPIHono<AppEnv>, "getOpenAPI31Document">) {
  const document = app.getOpenAPI31Document({
    ...DOCUMENT_INFO,
    // Any one of them names the caller; the empty requirement is a browser's first request.
    security: [{ apiKey: [] }, { bearer: [] }, { cloudflareAccess: [] }, { ownerCookie: [] }, {}],
  });
  return { ...document, components: { ...document.components, securitySchemes: SECURITY_SCHEMES } };
}

/** The route that serves the document `document()` returns. */
export function openApiRoute(document: () => ReturnType<typeof buildDocument>) {
  return router().openapi(routes.openApi, (c) => c.json(document(), 200));
}
