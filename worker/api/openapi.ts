/**
 * `GET /api/openapi.json`: the OpenAPI document. Its paths are the route definitions the
 * app registered its handlers on, so a route cannot be answered without being documented.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
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

/** Builds the document from everything registered on `app` (and the sub-apps mounted on it). */
export function buildDocument(app: Pick<OpenAPIHono<AppEnv>, "getOpenAPI31Document">) {
  return app.getOpenAPI31Document(DOCUMENT_INFO);
}

/** The route that serves the document `document()` returns. */
export function openApiRoute(document: () => ReturnType<typeof buildDocument>) {
  return router().openapi(routes.openApi, (c) => c.json(document(), 200));
}
