/**
 * The LangGraph Platform API's contract: the response shapes the SDK's own types define,
 * and every route as one definition (paths relative to the sub-app, which is mounted at
 * `/api/langgraph`). The sub-app registers its handlers on these, and the app's OpenAPI
 * document carries them.
 */
import { z } from "zod";
import { COMMON_ERRORS, errorBody, get, jsonBody, lastEventIdHeader, POST_ERRORS, post, route } from "../contract/api";
import { ViewSnapshot } from "../contract/view";
import {
  AssistantSearch,
  CancelQuery,
  CommandEnvelope,
  EventStreamRequest,
  HistoryRequest,
  LgId,
  RunCreate,
  RunsListQuery,
  RunStreamQuery,
  ThreadCreate,
  ThreadSearch,
} from "./schemas";

/** Where the sub-app is mounted under `/api`. */
export const LANGGRAPH_PREFIX = "/langgraph";

export const RunStatus = z.enum(["pending", "running", "error", "success", "timeout", "interrupted"]);
export type RunStatus = z.infer<typeof RunStatus>;

export const ThreadStatus = z.enum(["idle", "busy", "interrupted", "error"]);
export type ThreadStatus = z.infer<typeof ThreadStatus>;

/** A LangGraph interrupt: a human gate of the product, with what it asks. */
export const Interrupt = z.object({
  id: z.string(),
  value: z.record(z.string(), z.unknown()),
  when: z.literal("during").optional(),
});
export type Interrupt = z.infer<typeof Interrupt>;

/** A run's values: the workflow view as a snapshot carries it and, at an open gate, its interrupt. */
export const RunValues = ViewSnapshot.omit({ caught_up: true }).extend({
  __interrupt__: z.array(Interrupt).optional(),
});
export type RunValues = z.infer<typeof RunValues>;

const Metadata = z.record(z.string(), z.unknown());

export const Assistant = z.object({
  assistant_id: z.string(),
  graph_id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  config: Metadata,
  context: Metadata,
  metadata: Metadata,
  version: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});

/** The graph's drawing as LangChain's `Graph.toJSON()` writes it. */
export const AssistantGraph = z.object({
  nodes: z.array(z.object({ id: z.union([z.string(), z.number()]), type: z.string(), data: z.unknown() })),
  edges: z.array(
    z.object({
      source: z.string(),
      target: z.string(),
      conditional: z.boolean().optional(),
      data: z.unknown().optional(),
    }),
  ),
});

export const Thread = z.object({
  thread_id: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  state_updated_at: z.string(),
  metadata: Metadata,
  status: ThreadStatus,
  values: z.union([RunValues, z.strictObject({})]),
  interrupts: z.record(z.string(), z.array(Interrupt)),
  config: Metadata,
});

const CheckpointRef = z.object({
  thread_id: z.string(),
  checkpoint_ns: z.string(),
  checkpoint_id: z.string(),
  checkpoint_map: z.null(),
});
export type CheckpointRef = z.infer<typeof CheckpointRef>;

export const ThreadTask = z.object({
  id: z.string(),
  name: z.string(),
  error: z.string().nullable(),
  interrupts: z.array(z.object({ id: z.string(), value: z.unknown(), when: z.string().optional() })),
  checkpoint: z.null(),
  state: z.null(),
});
export type ThreadTask = z.infer<typeof ThreadTask>;

/**
 * A thread's state at one checkpoint. The current state's values are the run's view; a
 * history entry's are the graph's own channels at that checkpoint.
 */
export const ThreadState = z.object({
  values: z.record(z.string(), z.unknown()),
  next: z.array(z.string()),
  tasks: z.array(ThreadTask),
  checkpoint: CheckpointRef.nullable(),
  parent_checkpoint: CheckpointRef.nullable(),
  metadata: Metadata,
  created_at: z.string().nullable(),
});
export type ThreadState = z.infer<typeof ThreadState>;

export const Run = z.object({
  run_id: z.string(),
  thread_id: z.string(),
  assistant_id: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  status: RunStatus,
  metadata: Metadata,
  multitask_strategy: z.string(),
  kwargs: Metadata,
});

export const Ok = z.object({ ok: z.literal(true) });

export const Info = z.object({
  version: z.string(),
  langgraph_js_version: z.string().nullable(),
  context: z.string(),
  flags: z.record(z.string(), z.boolean()),
});

const json = <S extends z.ZodType>(schema: S) => ({
  required: true,
  content: { "application/json": { schema } },
});

const ThreadParams = z.object({ thread_id: LgId });
const RunParams = z.object({ thread_id: LgId, run_id: LgId });
const AssistantParams = z.object({ assistant_id: z.string().min(1).max(200) });

const UNKNOWN_THREAD = errorBody("The thread is unknown or someone else's");
const UNKNOWN_RUN = errorBody("The thread or run is unknown or someone else's");

/** What a read of one assistant, thread or run can answer besides its own. */
const ASSISTANT_READ = { ...COMMON_ERRORS, 400: errorBody("Invalid id"), 404: errorBody("No such assistant") };
const THREAD_READ = { ...COMMON_ERRORS, 400: errorBody("Invalid id"), 404: UNKNOWN_THREAD };
const RUN_READ = { ...COMMON_ERRORS, 400: errorBody("Invalid id"), 404: UNKNOWN_RUN };
/** Reads of one assistant, thread or run by the ids in the path: the schema of what is read, the errors of a read. */
const readOf =
  <const Q extends z.ZodObject, const E extends typeof COMMON_ERRORS>(params: Q, errors: E) =>
  <const P extends string, S extends z.ZodType>(path: P, summary: string, ok: S) =>
    get(path, `LangGraph API: ${summary}`, { params }, { 200: jsonBody(ok), ...errors });
const readAssistant = readOf(AssistantParams, ASSISTANT_READ);
const readThread = readOf(ThreadParams, THREAD_READ);
const readRun = readOf(RunParams, RUN_READ);

/** A search: a JSON body of filters, a list of what matched. */
const search = <const P extends string, B extends z.ZodType, S extends z.ZodType>(
  path: P,
  summary: string,
  body: B,
  item: S,
) => post(path, `LangGraph API: ${summary}`, { body: json(body) }, { 200: jsonBody(z.array(item)), ...SEARCH_ERRORS });

/** What a search (a body, no id) can answer besides its own. */
const SEARCH_ERRORS = { ...POST_ERRORS, 400: errorBody("Invalid body") };

/** What starting or resuming a run can be refused with. */
const RUN_ERRORS = {
  ...POST_ERRORS,
  400: errorBody("Invalid body, input or resume value"),
  404: errorBody("The assistant or thread is unknown, or the thread is someone else's"),
  409: errorBody("Nothing to resume: no run, no open interrupt, or the run has ended"),
  422: errorBody("The thread is busy and the multitask strategy is reject or enqueue"),
  429: errorBody("Too many workflows started; retry-after says when to try again"),
};

const STREAM_BODY = {
  description: "LangGraph's event stream: metadata first, then the parts of the chosen modes; ids are seqs",
  content: { "text/event-stream": { schema: { type: "string" } } },
} as const;

/** A command's answer in the agent streaming protocol: its result, or the protocol's error with a code. */
export const CommandResult = z.union([
  z.looseObject({
    type: z.literal("success"),
    id: z.number().int(),
    result: z.record(z.string(), z.unknown()),
    meta: z.looseObject({ applied_through_seq: z.number().int().optional() }).optional(),
  }),
  z.object({
    type: z.literal("error"),
    id: z.number().int().nullable(),
    error: z.enum([
      "invalid_argument",
      "unknown_command",
      "unknown_error",
      "no_such_run",
      "no_such_interrupt",
      "no_such_subscription",
      "not_supported",
    ]),
    message: z.string(),
  }),
]);
export type CommandResult = z.infer<typeof CommandResult>;

const PROTOCOL_STREAM_BODY = {
  description:
    "The agent streaming protocol's events of the thread's runs, oldest run first: `data` is one event with its run's `seq` and a stable `event_id`; heartbeats are comments; the stream stays open",
  content: { "text/event-stream": { schema: { type: "string" } } },
} as const;

/** Every route of the LangGraph API, one definition each. */
export const langgraphRoutes = {
  ok: get("/ok", "LangGraph API: liveness", {}, { 200: jsonBody(Ok), ...COMMON_ERRORS }),
  info: get("/info", "LangGraph API: server info and feature flags", {}, { 200: jsonBody(Info), ...COMMON_ERRORS }),
  searchAssistants: search(
    "/assistants/search",
    "the assistants (the registered workflow)",
    AssistantSearch,
    Assistant,
  ),
  getAssistant: readAssistant("/assistants/{assistant_id}", "one assistant", Assistant),
  getAssistantGraph: readAssistant(
    "/assistants/{assistant_id}/graph",
    "the compiled workflow's nodes and edges, its loops and branches included",
    AssistantGraph,
  ),
  createThread: post(
    "/threads",
    "LangGraph API: create a thread (the caller owns it)",
    { body: json(ThreadCreate) },
    {
      200: jsonBody(Thread),
      ...POST_ERRORS,
      400: errorBody("Invalid body"),
      409: errorBody("A thread with this id exists and if_exists is raise, or it is someone else's"),
    },
  ),
  searchThreads: search("/threads/search", "the caller's threads, newest first", ThreadSearch, Thread),
  getThread: readThread("/threads/{thread_id}", "one thread with its status, values and open interrupts", Thread),
  getThreadState: readThread(
    "/threads/{thread_id}/state",
    "the thread's current state (its newest run's view and newest checkpoint)",
    ThreadState,
  ),
  threadHistory: post(
    "/threads/{thread_id}/history",
    "LangGraph API: the thread's checkpoints, newest first",
    { params: ThreadParams, body: json(HistoryRequest) },
    { 200: jsonBody(z.array(ThreadState)), ...POST_ERRORS, 400: errorBody("Invalid id or body"), 404: UNKNOWN_THREAD },
  ),
  createRun: post(
    "/threads/{thread_id}/runs",
    "LangGraph API: start a run in the background, or resume the thread's run with command.resume",
    { params: ThreadParams, body: json(RunCreate) },
    { 200: jsonBody(Run), ...RUN_ERRORS },
  ),
  streamRun: post(
    "/threads/{thread_id}/runs/stream",
    "LangGraph API: start or resume a run and stream it",
    { params: ThreadParams, body: json(RunCreate) },
    { 200: STREAM_BODY, ...RUN_ERRORS },
  ),
  listRuns: get(
    "/threads/{thread_id}/runs",
    "LangGraph API: the thread's runs, newest first",
    { params: ThreadParams, query: RunsListQuery },
    { 200: jsonBody(z.array(Run)), ...THREAD_READ, 400: errorBody("Invalid id or query") },
  ),
  getRun: readRun("/threads/{thread_id}/runs/{run_id}", "one run and its status", Run),
  joinRunStream: route({
    method: "get",
    path: "/threads/{thread_id}/runs/{run_id}/stream",
    summary: "LangGraph API: join a run's stream; Last-Event-ID resumes after a seq, -1 from the start, none from now",
    parameters: lastEventIdHeader("The last seq the client holds, or -1 for the whole run", "^(-1|\\d{1,16})$"),
    request: { params: RunParams, query: RunStreamQuery },
    responses: {
      200: STREAM_BODY,
      ...RUN_READ,
      400: errorBody("Invalid id, stream mode or Last-Event-ID"),
    },
  }),
  cancelRun: post(
    "/threads/{thread_id}/runs/{run_id}/cancel",
    "LangGraph API: cancel the run (the product's own cancel); no body needed",
    { params: RunParams, query: CancelQuery },
    {
      202: { description: "Cancelled" },
      ...POST_ERRORS,
      400: errorBody("Invalid id or query"),
      404: UNKNOWN_RUN,
      409: errorBody("The run has already ended"),
    },
  ),
  commands: post(
    "/threads/{thread_id}/commands",
    "LangGraph API (agent streaming protocol): one command — run.start (creates the thread when new), input.respond, state.get, state.listCheckpoints, subscription.subscribe/unsubscribe; the outcome is the 200 body, success or a protocol error",
    { params: ThreadParams, body: json(CommandEnvelope) },
    {
      200: jsonBody(CommandResult),
      ...POST_ERRORS,
      400: errorBody("Invalid id, or a body that is not a command"),
      404: UNKNOWN_THREAD,
    },
  ),
  streamEvents: post(
    "/threads/{thread_id}/stream/events",
    "LangGraph API (agent streaming protocol): the thread's events, filtered by channels and namespaces, replayed (after `since`) then live",
    { params: ThreadParams, body: json(EventStreamRequest) },
    { 200: PROTOCOL_STREAM_BODY, ...POST_ERRORS, 400: errorBody("Invalid id or body"), 404: UNKNOWN_THREAD },
  ),
} as const;
