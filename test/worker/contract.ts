/**
 * Responses checked against the contract: each response is matched to the route definition
 * that answers its method and path, and must have a status that definition declares, that
 * status's content type, and (for JSON) a body its schema parses.
 */
import type { RouteConfig } from "@hono/zod-openapi";
import { z } from "zod";
import { ErrorEnvelope, routes } from "../../worker/contract/api";
import { LANGGRAPH_PREFIX, langgraphRoutes } from "../../worker/langgraph/contract";
import { api } from "./helpers";

interface Entry {
  name: string;
  definition: RouteConfig;
  pattern: RegExp;
}

/** Every definition with the path it answers under /api: the app's own, and the LangGraph sub-app's under its prefix. */
export const definitions: { name: string; definition: RouteConfig; path: string }[] = [
  ...Object.entries(routes).map(([name, definition]) => ({ name, definition, path: `/api${definition.path}` })),
  ...Object.entries(langgraphRoutes).map(([name, definition]) => ({
    name: `langgraph.${name}`,
    definition,
    path: `/api${LANGGRAPH_PREFIX}${definition.path}`,
  })),
];

const table: Entry[] = definitions.map(({ name, definition, path }) => ({
  name,
  definition,
  pattern: new RegExp(`^${path.replace(/[.]/g, "\\.").replace(/\{[^}]+\}/g, "[^/]+")}$`),
}));

/** The definition that answers `method` on `path` (a query is ignored), if any. */
export function definitionOf(method: string, path: string): Entry | undefined {
  const bare = path.split("?")[0] ?? path;
  return table.find((e) => e.definition.method === method.toLowerCase() && e.pattern.test(bare));
}

/**
 * Throws unless `res` is what the contract declares for `method path` at its status. A path
 * no route answers must be the app's 404 envelope. Reads the body of JSON responses only.
 */
export async function assertConforms(method: string, path: string, res: Response): Promise<void> {
  const where = `${method} ${path} → ${res.status}`;
  const entry = definitionOf(method, path);
  if (entry === undefined) {
    if (res.status !== 404) throw new Error(`${where}: no route is defined here, yet it did not answer 404`);
    ErrorEnvelope.parse(await res.json());
    return;
  }
  const declared = entry.definition.responses[String(res.status)];
  if (declared === undefined) throw new Error(`${where}: ${entry.name} declares no ${res.status} response`);
  const content = "content" in declared ? declared.content : undefined;
  const types = Object.keys(content ?? {});
  const type = res.headers.get("content-type") ?? "";
  if (types.length === 0) {
    if (res.body !== null && (await res.arrayBuffer()).byteLength > 0)
      throw new Error(`${where}: declared without content, but has a body`);
    return;
  }
  const match = types.find((t) => type.toLowerCase().startsWith(t));
  if (match === undefined) throw new Error(`${where}: content-type ${type}, declared ${types.join(", ")}`);
  const media = content?.[match];
  const schema = media !== undefined && "schema" in media ? media.schema : undefined;
  if (schema instanceof z.ZodType) {
    const parsed = schema.safeParse(await res.json());
    if (!parsed.success)
      throw new Error(`${where}: body does not match ${entry.name}: ${z.prettifyError(parsed.error)}`);
  }
}

/** `api()` from the helpers, with every response checked against the contract before it is returned. */
export async function checkedApi(path: string, init: Parameters<typeof api>[1] = {}): Promise<Response> {
  const res = await api(path, init);
  const method = init.method ?? (init.body === undefined && init.raw === undefined ? "GET" : "POST");
  // A stream's body is left to the caller; only its status and content type are checked.
  const streaming = (res.headers.get("content-type") ?? "").startsWith("text/event-stream");
  await assertConforms(method, path, streaming ? res : res.clone());
  return res;
}
