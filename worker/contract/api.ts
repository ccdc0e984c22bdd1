/**
 * The HTTP API contract: request bodies, queries and responses as zod schemas, and every
 * route as one definition that joins them (method, path, request, responses per status).
 * The Hono app registers its handlers on these definitions (and validates with them), the
 * OpenAPI document is generated from them, and the web app types its calls with them.
 */
import type { RouteConfig } from "@hono/zod-openapi";
import { z } from "zod";
import { AnswerValue, EVENT_TYPES, EventTypeSchema, FinalOutputs, PlannedNode, type EventType } from "./events";
import { Me, Sharing, SharingUpdate } from "./identity";
import { JobStatus, Status } from "./status";

/** Upper bounds on what a client may send. A body past MAX_BODY_BYTES is refused unread. */
export const LIMITS = {
  MAX_BODY_BYTES: 64 * 1024,
  MAX_MESSAGES: 50,
  MAX_CHAT_MESSAGE_CHARS: 8000,
  MAX_RESPONSES: 50,
  MAX_COMMENT_CHARS: 2000,
  MAX_LIST: 100,
} as const;

/** A decision set id: a UUIDv4, lower-case. Anything else is refused before it reaches storage. */
export const Id = z.uuidv4();

export const ChatMessage = z.strictObject({
  role: z.enum(["user", "assistant", "system"]),
  content: z.string().trim().min(1).max(LIMITS.MAX_CHAT_MESSAGE_CHARS),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

export const ChatRequest = z.strictObject({
  messages: z
    .array(ChatMessage)
    .min(1)
    .max(LIMITS.MAX_MESSAGES)
    .refine((ms) => ms.some((m) => m.role === "user"), "at least one user message is required"),
  thread_id: Id.optional(),
});
export type ChatRequest = z.infer<typeof ChatRequest>;

export const ChatAccepted = z.object({
  decision_set_id: Id,
  job_id: Id,
  thread_id: Id,
  status: z.literal("queued"),
  stream_url: z.string(),
});

export const HealthCheck = z.object({ ok: z.boolean(), ms: z.number(), error: z.string().optional() });

export const HealthResponse = z.object({
  status: z.enum(["ok", "degraded"]),
  checks: z.object({ d1: HealthCheck, queue: HealthCheck, durable_objects: HealthCheck }),
});

export const JobStatusResponse = z.object({
  job_id: z.string(),
  decision_set_id: z.string(),
  status: JobStatus,
  attempts: z.number().int(),
  error: z.string().optional(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const DecisionSetSummary = z.object({
  decision_set_id: z.string(),
  thread_id: z.string(),
  previous_id: z.string().nullable(),
  title: z.string(),
  status: Status,
  created_at: z.string(),
  updated_at: z.string(),
});
export type DecisionSetSummary = z.infer<typeof DecisionSetSummary>;

export const DecisionSetList = z.object({ decision_sets: z.array(DecisionSetSummary) });

/**
 * The caller's part in a decision set: the owner acts on it; an approver the owner named
 * answers its gates too; anyone else it is shown to only watches.
 */
export const ViewerRole = z.enum(["owner", "approver", "watcher"]);
export type ViewerRole = z.infer<typeof ViewerRole>;

export const DecisionSetDetail = DecisionSetSummary.extend({
  role: ViewerRole,
  last_seq: z.number().int(),
  progress: z.number(),
  final_outputs: FinalOutputs.nullable(),
  snapshot: z.record(z.string(), z.unknown()),
});

/** The object's counters, for operators: what it stores, what it has trimmed, who is subscribed. */
export const StatsResponse = z.object({
  decision_set_id: z.string(),
  stored: z.number().int(),
  retained: z.number().int(),
  trimmed: z.number().int(),
  oldest_retained_seq: z.number().int(),
  subscribers: z.number().int(),
  subscribers_cut: z.number().int(),
  ended: z.boolean(),
  storage_bytes: z.number(),
});

export const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(LIMITS.MAX_LIST).optional(),
});

/** A stream cursor: a non-negative safe integer, as the decimal string SSE carries. */
export const Cursor = z
  .string()
  .regex(/^\d{1,16}$/, "must be a non-negative integer")
  .transform(Number)
  .refine(Number.isSafeInteger, "too large");

/**
 * `?types=a,b`: the event types a client wants, comma-separated; each must be a type of the
 * contract (an unknown one is refused, not ignored: a typo would otherwise read as silence).
 */
export const TypesParam = z
  .string()
  .max(1000)
  .transform((s) => s.split(",").map((t) => t.trim()))
  .pipe(z.array(z.string().transform(eventType)).min(1).max(EVENT_TYPES.length));

/** One name of `?types=` as an event type; an unknown one is an issue that names it. */
function eventType(name: string, ctx: z.RefinementCtx): EventType {
  const parsed = EventTypeSchema.safeParse(name);
  if (parsed.success) return parsed.data;
  ctx.addIssue({ code: "custom", message: `unknown event type "${name.slice(0, 40)}"` });
  return z.NEVER;
}

export const EventsQuery = z.strictObject({ after: Cursor.optional(), types: TypesParam.optional() });
export const StreamQuery = z.strictObject({ last_event_id: Cursor.optional(), types: TypesParam.optional() });

export const EventsResponse = z.object({
  decision_set_id: z.string(),
  events: z.array(z.record(z.string(), z.unknown())),
  last_seq: z.number().int(),
  oldest_retained_seq: z.number().int(),
  snapshot: z.record(z.string(), z.unknown()).nullable(),
});

export const ResponsesRequest = z.strictObject({
  responses: z
    .record(z.string().min(1).max(100), AnswerValue)
    .refine((r) => Object.keys(r).length <= LIMITS.MAX_RESPONSES, "too many responses"),
});

export const ApproveRequest = z.strictObject({
  decision: z.enum(["approved", "rejected"]),
  comment: z.string().max(LIMITS.MAX_COMMENT_CHARS).optional(),
  approved_by: z.string().max(200).optional(),
});

export const GateAccepted = z.object({ decision_set_id: z.string(), status: z.literal("accepted") });

export const CancelResponse = z.object({ decision_set_id: z.string(), status: z.literal("cancelled") });

export const WorkflowPlan = z.object({ nodes: z.array(PlannedNode), graph_type: z.string() });

/** The compiled workflow graph: its nodes (with the start and end markers) and its edges, conditional or not. */
export const WorkflowGraph = z.object({
  nodes: z.array(z.object({ id: z.string(), title: z.string() })),
  edges: z.array(z.object({ source: z.string(), target: z.string(), conditional: z.boolean() })),
});
export type WorkflowGraph = z.infer<typeof WorkflowGraph>;

/** One frame of the summary stream. */
export const LiveSummary = z.object({ decision_set_id: z.string(), status: Status, progress: z.number() });
export type LiveSummary = z.infer<typeof LiveSummary>;

export const ErrorEnvelope = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/** The OpenAPI document itself: an object this contract does not describe field by field. */
export const OpenApiDocument = z.record(z.string(), z.unknown());

// Route definitions. Paths are relative to /api (the app's base path) in OpenAPI's `{param}` form.

/** A JSON response of `schema`. */
export const jsonBody = <S extends z.ZodType>(schema: S, description = "OK") => ({
  description,
  content: { "application/json": { schema } },
});

/** An error response: the envelope. */
export const errorBody = (description: string) => jsonBody(ErrorEnvelope, description);

/** What every route but health can answer besides its own errors. */
export const COMMON_ERRORS = {
  401: errorBody(
    "AUTH_TOKEN is set and the bearer token is missing or wrong, or Cloudflare Access guards the API and no valid Access token (nor AUTH_TOKEN) came with the request, or an X-API-Key is malformed (`invalid_api_key`) or not the configured AUTH_TOKEN",
  ),
  500: errorBody("Internal error (the message says nothing internal)"),
};

/** What a state-changing request can also be refused with before its handler runs. */
export const POST_ERRORS = {
  ...COMMON_ERRORS,
  403: errorBody("A page from an origin not on the allow-list"),
  413: errorBody("The body is larger than the limit"),
  415: errorBody("The body is not application/json"),
};

const NOT_A_UUID = "The id is not a UUIDv4";
const UNKNOWN_SET = "Unknown decision set, or one the caller may not watch";
const BAD_CURSOR = "Invalid id, a cursor that is malformed or ahead of the stream, or an unknown type in types";
const NOT_YOURS = errorBody("The decision set is someone else's, or the page's origin is not on the allow-list");
const NOT_YOURS_TO_SHARE = "Only the owner sees and changes how a decision set is shared";

/** What a read of one decision set can answer besides its own: a malformed id, a set the caller may not watch. */
const READ_ERRORS = { ...COMMON_ERRORS, 400: errorBody(NOT_A_UUID), 404: errorBody(UNKNOWN_SET) };

/** What an owner's change to one decision set can answer besides its own. */
const OWNER_ERRORS = { ...POST_ERRORS, 400: errorBody("Invalid id or body"), 404: errorBody(UNKNOWN_SET) };

/** A stream of `text/event-stream` frames. */
const eventStream = (description: string) => ({
  description,
  content: { "text/event-stream": { schema: { type: "string" as const } } },
});

/** The id in a decision set's path. */
const IdParams = z.object({ id: Id });

/** Keeps each definition's literal method, path and status codes, which the types of handlers and callers follow. */
export const route = <const R extends RouteConfig>(definition: R): R => definition;

type RequestParts = NonNullable<RouteConfig["request"]>;
type Responses = RouteConfig["responses"];

/** Routes of one method, each from its path, summary, request parts and responses. */
const endpoint =
  <const M extends "get" | "post">(method: M) =>
  <const P extends string, const Q extends RequestParts, const S extends Responses>(
    path: P,
    summary: string,
    request: Q,
    responses: S,
  ) =>
    route({ method, path, summary, request, responses });
export const get = endpoint("get");
export const post = endpoint("post");

/** The Last-Event-ID header a stream route reads itself, for the document: what it holds and its form. */
export const lastEventIdHeader = (description: string, pattern: string) => [
  {
    name: "Last-Event-ID",
    in: "header" as const,
    required: false,
    description,
    schema: { type: "string" as const, pattern },
  },
];

/**
 * A gate's answer (the owner or an approver it names; the first answer wins): accepted with
 * 202 and the workflow resumes; 409 when the gate is not open.
 */
function gateRoute<const P extends string, S extends z.ZodType>(path: P, summary: string, body: S, what: string) {
  return route({
    method: "post",
    path,
    summary: `${summary} (the owner or a named approver; the first answer wins)`,
    request: { params: IdParams, body: { required: true, content: { "application/json": { schema: body } } } },
    responses: {
      202: jsonBody(GateAccepted, "Accepted: the workflow resumes"),
      ...OWNER_ERRORS,
      403: errorBody("The caller only watches the decision set, or the page's origin is not on the allow-list"),
      409: errorBody(`No ${what} open, or the workflow has ended`),
    },
  });
}

/** Every route of the API, one definition each. */
export const routes = {
  health: get(
    "/health",
    "Whether D1, the queue binding and the Durable Objects answer (no token needed)",
    {},
    {
      200: jsonBody(HealthResponse, "Every dependency answers"),
      503: jsonBody(HealthResponse, "At least one dependency does not answer"),
      500: errorBody("Internal error"),
    },
  ),
  startChat: post(
    "/chat/async",
    "Start a workflow from a chat message",
    { body: { required: true, content: { "application/json": { schema: ChatRequest } } } },
    {
      202: jsonBody(ChatAccepted, "Accepted: the workflow is queued; watch stream_url"),
      ...POST_ERRORS,
      400: errorBody("Invalid body"),
      404: errorBody("The thread is unknown or someone else's"),
      429: errorBody("Too many workflows started; retry-after says when to try again"),
    },
  ),
  jobStatus: get(
    "/jobs/{job_id}/status",
    "A job's status, for a client that cannot stream",
    { params: z.object({ job_id: Id }) },
    { 200: jsonBody(JobStatusResponse), ...COMMON_ERRORS, 400: errorBody(NOT_A_UUID), 404: errorBody("Unknown job") },
  ),
  listDecisionSets: get(
    "/decision-sets",
    "The caller's decision sets, newest first",
    { query: ListQuery },
    { 200: jsonBody(DecisionSetList), ...COMMON_ERRORS, 400: errorBody("Invalid query") },
  ),
  getDecisionSet: get(
    "/decision-sets/{id}",
    "One decision set with its snapshot and outputs, and the caller's role (anyone who may watch it)",
    { params: IdParams },
    { 200: jsonBody(DecisionSetDetail), ...READ_ERRORS },
  ),
  getEvents: get(
    "/decision-sets/{id}/events",
    "The retained events after a cursor, as JSON",
    { params: IdParams, query: EventsQuery },
    { 200: jsonBody(EventsResponse), ...READ_ERRORS, 400: errorBody(BAD_CURSOR) },
  ),
  getStats: get(
    "/decision-sets/{id}/stats",
    "The object's counters",
    { params: IdParams },
    { 200: jsonBody(StatsResponse), ...READ_ERRORS },
  ),
  respond: gateRoute("/decision-sets/{id}/responses", "Answer the open questions", ResponsesRequest, "questions are"),
  approve: gateRoute(
    "/decision-sets/{id}/approve",
    "Approve or reject the final design",
    ApproveRequest,
    "approval is",
  ),
  cancel: post(
    "/decision-sets/{id}/cancel",
    "Cancel the workflow (owner only); any JSON body is ignored",
    { params: IdParams },
    {
      200: jsonBody(CancelResponse),
      ...OWNER_ERRORS,
      400: errorBody(NOT_A_UUID),
      403: NOT_YOURS,
      409: errorBody("The workflow has already ended"),
    },
  ),
  artifactsZip: get(
    "/decision-sets/{id}/artifacts.zip",
    "The generated code and report as a zip",
    { params: IdParams },
    {
      200: {
        description: "The generated code (content-disposition: attachment)",
        content: { "application/zip": { schema: { type: "string", format: "binary" } } },
      },
      ...READ_ERRORS,
      409: errorBody("The workflow has not produced its code yet"),
    },
  ),
  stream: route({
    method: "get",
    path: "/streams/{id}",
    summary: "Server-Sent Events with replay; the cursor is Last-Event-ID (the newer wins) or ?last_event_id=",
    parameters: lastEventIdHeader(
      "The last seq the client holds; EventSource sends it on its own reconnects",
      "^\\d{1,16}$",
    ),
    request: { params: IdParams, query: StreamQuery },
    responses: {
      200: eventStream("The event stream: a snapshot frame, the replay, then live events and heartbeats"),
      204: { description: "The workflow has ended and the cursor already has every event" },
      ...READ_ERRORS,
      400: errorBody(BAD_CURSOR),
    },
  }),
  plan: get(
    "/workflow/plan",
    "The planned steps, for a progress bar before the first event",
    {},
    { 200: jsonBody(WorkflowPlan), ...COMMON_ERRORS },
  ),
  me: get(
    "/me",
    "Who the server takes the caller to be: a person signed in with Access, a machine, or a browser",
    {},
    { 200: jsonBody(Me), ...COMMON_ERRORS },
  ),
  getSharing: get(
    "/decision-sets/{id}/sharing",
    "How a decision set is shared (owner only)",
    { params: IdParams },
    { 200: jsonBody(Sharing), ...READ_ERRORS, 403: errorBody(NOT_YOURS_TO_SHARE) },
  ),
  setSharing: post(
    "/decision-sets/{id}/sharing",
    "Replace how a decision set is shared: the link setting, the people who watch and the approvers (owner only)",
    {
      params: IdParams,
      body: { required: true, content: { "application/json": { schema: SharingUpdate } } },
    },
    {
      200: jsonBody(Sharing, "The setting as stored"),
      ...OWNER_ERRORS,
      403: errorBody(`${NOT_YOURS_TO_SHARE}, or the page's origin is not on the allow-list`),
    },
  ),
  sharedWithMe: get(
    "/shared-with-me",
    "The decision sets shared with the signed-in person by email, newest first",
    { query: ListQuery },
    { 200: jsonBody(DecisionSetList), ...COMMON_ERRORS, 400: errorBody("Invalid query") },
  ),
  openApi: get(
    "/openapi.json",
    "This document",
    {},
    { 200: jsonBody(OpenApiDocument, "The OpenAPI 3.1 document"), ...COMMON_ERRORS },
  ),
  trace: get(
    "/decision-sets/{id}/trace.jsonl",
    "The run's trace, streamed: the base snapshot first when history was trimmed, then every retained stored event, one envelope a line as on the wire",
    { params: IdParams },
    {
      200: {
        description: "One JSON envelope a line (content-disposition: attachment)",
        content: { "application/x-ndjson": { schema: { type: "string" } } },
      },
      ...READ_ERRORS,
    },
  ),
  liveDecisionSets: get(
    "/live/decision-sets",
    "One summary stream for a history page: a `summary` event {decision_set_id, status, progress} whenever one of the caller's running decision sets changes",
    {},
    {
      200: eventStream("The summary stream; it closes once every followed run has ended"),
      204: { description: "None of the caller's decision sets is running: nothing to follow (EventSource stops)" },
      ...COMMON_ERRORS,
    },
  ),
  workflowGraph: get(
    "/workflow/graph",
    "The compiled workflow graph's nodes and edges (its loops included), for drawing",
    {},
    { 200: jsonBody(WorkflowGraph), ...COMMON_ERRORS },
  ),
} as const;
