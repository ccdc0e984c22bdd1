/**
 * The app's calls to its own API (same origin), made from the contract's route definitions:
 * the path, the parameters, the body and the success status of each call come from the
 * definition the Worker registers its handler on, and its response is parsed with the schema
 * declared for that status. Every failure becomes an ApiError with the server's code and message.
 */
import type { z } from "zod";
import { ErrorEnvelope, routes, type ChatRequest } from "../../worker/contract/api";
import type { SharingUpdate } from "../../worker/contract/identity";
import type { AnswerValue } from "../../worker/contract/events";

export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the request never reached the server. */
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

type Route = (typeof routes)[keyof typeof routes];

/** The path parameters a route's definition declares, as the caller gives them. */
type Params<R> = R extends { request: { params: infer P extends z.ZodType } } ? z.input<P> : Record<string, never>;

/** The JSON body a route's definition declares, if any. */
type Body<R> = R extends {
  request: { body: { content: { "application/json": { schema: infer S extends z.ZodType } } } };
}
  ? { json: z.input<S> }
  : { json?: Record<string, never> };

/** A response declared as JSON with a schema. */
interface JsonResponse {
  content: { "application/json": { schema: z.ZodType } };
}

/** `/api` and the definition's path with its `{name}` parameters filled in. */
function pathOf<R extends Route>(route: R, params: Params<R>): string {
  return `/api${route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value: unknown = Reflect.get(params, name);
    return encodeURIComponent(String(value));
  })}`;
}

async function request<S extends z.ZodType>(path: string, schema: S, init?: RequestInit): Promise<z.output<S>> {
  let res: Response;
  try {
    const headers = new Headers(init?.headers);
    if (!headers.has("accept")) headers.set("accept", "application/json");
    res = await fetch(path, { ...init, headers });
  } catch {
    throw new ApiError(0, "network", "The server could not be reached. Check your connection and try again.");
  }
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // An empty or non-JSON body: the status alone says what happened.
  }
  if (!res.ok) {
    const env = ErrorEnvelope.safeParse(body);
    if (env.success) throw new ApiError(res.status, env.data.error.code, env.data.error.message);
    throw new ApiError(res.status, "http_error", `The server answered ${res.status} ${res.statusText}`.trim());
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiError(res.status, "bad_response", `Unexpected response from ${path}`);
  return parsed.data;
}

/** Calls `route`, expecting `status`, and returns the body parsed with the schema declared for it. */
function call<S extends number, R extends Route & { responses: { [K in S]: JsonResponse } }>(
  route: R,
  status: S,
  input: { params: Params<R> } & Body<R>,
): Promise<z.output<R["responses"][S]["content"]["application/json"]["schema"]>> {
  type Declared = R["responses"][S]["content"]["application/json"]["schema"];
  const init: RequestInit =
    route.method === "post"
      ? { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(input.json ?? {}) }
      : {};
  const schema: Declared = route.responses[status].content["application/json"].schema;
  return request<Declared>(pathOf(route, input.params), schema, init);
}

const none: Record<string, never> = {};

export const api = {
  startChat: (body: ChatRequest) => call(routes.startChat, 202, { params: none, json: body }),
  listDecisionSets: () => call(routes.listDecisionSets, 200, { params: none }),
  getDecisionSet: (id: string) => call(routes.getDecisionSet, 200, { params: { id } }),
  plan: () => call(routes.plan, 200, { params: none }),
  respond: (id: string, responses: Record<string, AnswerValue>) =>
    call(routes.respond, 202, { params: { id }, json: { responses } }),
  approve: (id: string, decision: "approved" | "rejected", comment: string) =>
    call(routes.approve, 202, {
      params: { id },
      json: comment.trim() === "" ? { decision } : { decision, comment: comment.trim() },
    }),
  cancel: (id: string) => call(routes.cancel, 200, { params: { id } }),
  me: () => call(routes.me, 200, { params: none }),
  sharing: (id: string) => call(routes.getSharing, 200, { params: { id } }),
  setSharing: (id: string, body: SharingUpdate) => call(routes.setSharing, 200, { params: { id }, json: body }),
  sharedWithMe: () => call(routes.sharedWithMe, 200, { params: none }),
  workflowGraph: () => call(routes.workflowGraph, 200, { params: none }),
};

/** URL of the history page's one summary stream. */
export function liveUrl(): string {
  return pathOf(routes.liveDecisionSets, none);
}

/** URL of a decision set's trace (`.jsonl`), for the export button. */
export function traceUrl(id: string): string {
  return pathOf(routes.trace, { id });
}

/** URL of the generated code bundle. */
export function artifactsZipUrl(id: string): string {
  return pathOf(routes.artifactsZip, { id });
}

/** URL of a decision set's event stream, resuming after `cursor` (0: from the start). */
export function streamUrl(id: string, cursor: number): string {
  return `${pathOf(routes.stream, { id })}${cursor > 0 ? `?last_event_id=${cursor}` : ""}`;
}

/** The message to show a person for any thrown value. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
