/** The Hono app: one sub-app per resource under /api, one error envelope for all. */
import { OpenAPIHono } from "@hono/zod-openapi";
import { drainUnreadBody } from "./body";
import { bodySizeLimit, jsonBodies } from "../http/json-body";
import { chat } from "./chat";
import { decisionSets } from "./decision-sets";
import { errorResponse, onError } from "../http/errors";
import { jobs } from "./jobs";
import { LANGGRAPH_PREFIX } from "../langgraph/contract";
import { langgraph } from "../langgraph/routes";
import { me } from "./me";
import { live } from "./live";
import { buildDocument, openApiRoute } from "./openapi";
import { workflowGraph } from "./graph";
import { health } from "./health";
import { ownerIdentity } from "../http/owner";
import { apiSecureHeaders, bearerToken, originPolicy } from "./security";
import { shares, watchGuard } from "./shares";
import { streams } from "./streams";
import { trace } from "./trace";
import type { AppEnv } from "../http/types";
import { validationHook } from "../http/validate";
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
// Ahead of the body rules below: the LangGraph API applies its own (see worker/langgraph/routes.ts).
app.route(LANGGRAPH_PREFIX, langgraph);

// Bodies are JSON, and small; both are checked before a handler reads a byte.
app.use("*", jsonBodies());
app.use("*", bodySizeLimit());
app.use("*", ownerIdentity());
for (const path of ["/decision-sets/:id", "/decision-sets/:id/*", "/streams/:id"]) app.use(path, watchGuard());

let document: ReturnType<typeof buildDocument> | undefined;

/** The OpenAPI document of every route registered on the app, built once. */
export function openApiDocument(): ReturnType<typeof buildDocument> {
  document ??= buildDocument(app);
  return document;
}

app.route("/", me);
app.route("/", shares);
app.route("/", chat);
app.route("/", jobs);
app.route("/", decisionSets);
app.route("/", streams);
app.route("/", workflow);
app.route("/", trace);
app.route("/", workflowGraph);
app.route("/", live);
app.route("/", openApiRoute(openApiDocument));
