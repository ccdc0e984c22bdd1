/** The Hono app: one sub-app per resource under /api, one error envelope for all. */
import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { LIMITS } from "../contract/api";
import { drainUnreadBody } from "./body";
import { chat } from "./chat";
import { decisionSets } from "./decision-sets";
import { errorResponse, onError } from "./errors";
import { jobs } from "./jobs";
import { live } from "./live";
import { buildDocument, openApiRoute } from "./openapi";
import { workflowGraph } from "./graph";
import { health } from "./health";
import { ownerIdentity } from "./owner";
import { apiSecureHeaders, bearerToken, originPolicy } from "./security";
import { streams } from "./streams";
import { trace } from "./trace";
import type { AppEnv } from "./types";
import { validationHook } from "./validate";
import { workflow } from "./workflow";

export const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).basePath("/api");

app.onError(onError);
app.notFound((c) => errorResponse(c, 404, "not_found", `no route for ${c.req.method} ${c.req.path}`));

app.use("*", drainUnreadBody());
app.use("*", originPolicy());
app.use("*", apiSecureHeaders());
app.use("*", bearerToken());
// Mounted before the body checks below: health answers without reading a body or issuing a cookie.
app.route("/", health);

// Bodies are JSON, and small; both are checked before a handler reads a byte.
app.use("*", async (c, next) => {
  if (c.req.method === "POST") {
    const type = c.req.header("content-type") ?? "";
    if (!/^application\/json(\s*;|$)/i.test(type)) {
      return errorResponse(c, 415, "unsupported_media_type", "content-type must be application/json");
    }
  }
  await next();
});
app.use(
  "*",
  bodyLimit({
    maxSize: LIMITS.MAX_BODY_BYTES,
    onError: (c) => errorResponse(c, 413, "payload_too_large", `body exceeds ${LIMITS.MAX_BODY_BYTES} bytes`),
  }),
);
app.use("*", ownerIdentity());

let document: ReturnType<typeof buildDocument> | undefined;

/** The OpenAPI document of every route registered on the app, built once. */
export function openApiDocument(): ReturnType<typeof buildDocument> {
  document ??= buildDocument(app);
  return document;
}

app.route("/", chat);
app.route("/", jobs);
app.route("/", decisionSets);
app.route("/", streams);
app.route("/", workflow);
app.route("/", trace);
app.route("/", workflowGraph);
app.route("/", live);
app.route("/", openApiRoute(openApiDocument));
