/**
 * `/api/langgraph`: the subset of the LangGraph Platform API that `@langchain/langgraph-sdk`'s
 * `Client` and React `useStream` use, on the product's backbone. An assistant is a
 * registered workflow (`mlops`); a thread is the product's thread; a run is one decision
 * set and its job, and its stream is that decision set's log (ids are seqs).
 */
import type { Context } from "hono";
import { z } from "zod";
import { LIMITS } from "../contract/api";
import { ApiError, notFound } from "../http/errors";
import { bodySizeLimit, jsonBodies } from "../http/json-body";
import { ownerIdentity, ownerOf } from "../http/owner";
import type { AppEnv } from "../http/types";
import { router } from "../http/validate";
import {
  answerRunGate,
  cancelRun,
  latestRunOfThread,
  runAttempt,
  runRow,
  runView,
  workflowDrawing,
  type DecisionSetRow,
} from "./adapter";
import { AssistantGraph, langgraphRoutes as routes } from "./contract";
import { runStatusOf, threadStatusOf, openInterrupt, valuesOf } from "./mapping";
import { protocolRoutes } from "./protocol-routes";
import { ASSISTANT_ID, ownedThread, requireAssistant, startRun } from "./runs";
import type { RunCreate, StreamMode } from "./schemas";
import { threadHistory, threadState } from "./state";
import { SSE_HEADERS } from "../stream/edge";
import { openLangGraphStream } from "./stream";
import { createThread, runsOfThread, threadsOfOwner, type ThreadRecord } from "./threads";

/** A fixed creation time: the assistant is part of the deployment, not of its data. */
const ASSISTANT_CREATED_AT = "2026-01-01T00:00:00.000Z";
const API_VERSION = "0.1.0";

const iso = (ms: number) => new Date(ms).toISOString();

/** The one assistant, as the SDK's `Assistant` type has it. */
function assistant() {
  return {
    assistant_id: ASSISTANT_ID,
    graph_id: ASSISTANT_ID,
    name: ASSISTANT_ID,
    description: "Designs an MLOps architecture from a brief, with two human gates.",
    config: {},
    context: {},
    metadata: { created_by: "system" },
    version: 1,
    created_at: ASSISTANT_CREATED_AT,
    updated_at: ASSISTANT_CREATED_AT,
  };
}

/** A run of the caller's thread: 404 when it is not one. */
async function runOfThread(c: Context<AppEnv>, threadId: string, runId: string): Promise<DecisionSetRow> {
  await ownedThread(c, threadId);
  const row = await runRow(c.env, runId);
  if (row === undefined || row.threadId !== threadId) throw notFound("run");
  return row;
}

/** A run as the SDK's `Run` type has it. */
async function runBody(env: Env, row: DecisionSetRow, multitask: string = "reject") {
  const view = await runView(env, row.id);
  return {
    run_id: row.id,
    thread_id: row.threadId,
    assistant_id: ASSISTANT_ID,
    created_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
    status: runStatusOf(view),
    metadata: { decision_set_id: row.id, title: row.title },
    multitask_strategy: multitask,
    kwargs: {},
  };
}

/** A thread as the SDK's `Thread` type has it, with its newest run's status, values and interrupt. */
async function threadBody(env: Env, thread: ThreadRecord) {
  const latest = await latestRunOfThread(env, thread.thread_id);
  const view = latest === undefined ? null : await runView(env, latest.id);
  const interrupt = view === null ? null : openInterrupt(view);
  const updated = Math.max(thread.updated_at, latest?.updatedAt ?? 0);
  return {
    thread_id: thread.thread_id,
    created_at: iso(thread.created_at),
    updated_at: iso(updated),
    state_updated_at: iso(updated),
    metadata: { ...thread.metadata, graph_id: ASSISTANT_ID },
    status: threadStatusOf(view),
    values: view === null ? {} : valuesOf(view),
    interrupts: interrupt === null ? {} : { [interrupt.id]: [interrupt] },
    config: {},
  };
}

/** The requested modes (checked by the route's schema); none means `values`, as in LangGraph. */
function modesOf(requested: RunCreate["stream_mode"]): Set<StreamMode> {
  const list = requested == null ? [] : Array.isArray(requested) ? requested : [requested];
  return list.length === 0 ? new Set(["values"]) : new Set(list);
}

/**
 * Creates a run on the thread, or resumes its newest one with `command.resume`.
 * Returns the run and the cursor its stream starts after.
 */
async function createOrResume(
  c: Context<AppEnv>,
  threadId: string,
  body: RunCreate,
): Promise<{ row: DecisionSetRow; after: number }> {
  requireAssistant(body.assistant_id);
  await ownedThread(c, threadId);
  const latest = await latestRunOfThread(c.env, threadId);
  const command = body.command ?? undefined;
  if (command !== undefined) {
    if (body.input !== undefined && body.input !== null)
      throw new ApiError(400, "invalid_request", "input and command cannot be sent together");
    if (command.goto !== undefined || command.update !== undefined)
      throw new ApiError(400, "invalid_request", "command: only resume is supported");
    if (latest === undefined) throw new ApiError(409, "conflict", "the thread has no run to resume");
    const answered = await answerRunGate(c.env, latest.id, command.resume);
    if (answered.ok) return { row: latest, after: answered.after };
    if (answered.reason === "invalid") throw new ApiError(400, "invalid_request", `command.resume.${answered.message}`);
    if (answered.reason === "ended") throw new ApiError(409, "conflict", "the run has ended");
    throw new ApiError(409, "conflict", "no interrupt is open (already answered, or not reached yet)");
  }
  const row = await startRun(c, threadId, body.input, body.multitask_strategy);
  return { row, after: 0 };
}

function runPaths(threadId: string, runId: string, modes: ReadonlySet<StreamMode>) {
  const query = new URLSearchParams([...modes].map((m) => ["stream_mode", m])).toString();
  return {
    run: `/threads/${threadId}/runs/${runId}`,
    stream: `/threads/${threadId}/runs/${runId}/stream${query === "" ? "" : `?${query}`}`,
  };
}

async function streamResponse(
  c: Context<AppEnv>,
  row: DecisionSetRow,
  modes: ReadonlySet<StreamMode>,
  after: number | null,
): Promise<Response> {
  const result = await openLangGraphStream(c.env, {
    decisionSetId: row.id,
    modes,
    after,
    metadata: { run_id: row.id, attempt: await runAttempt(c.env, row.id) },
    clientGone: c.req.raw.signal,
  });
  if (result.kind === "not-found") throw notFound("run");
  if (result.kind === "bad-cursor") throw new ApiError(400, "invalid_request", "Last-Event-ID: ahead of the stream");
  const paths = runPaths(row.threadId, row.id, modes);
  return new Response(result.body, {
    headers: { ...SSE_HEADERS, "content-location": paths.run, location: paths.stream },
  });
}

/** The client's cursor: Last-Event-ID, where "-1" (and 0) mean from the start; none means from now. */
function cursorOf(c: Context<AppEnv>): number | null {
  const header = c.req.header("last-event-id")?.trim();
  if (header === undefined || header === "") return null;
  if (header === "-1") return 0;
  const parsed = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).safeParse(header);
  if (!parsed.success) throw new ApiError(400, "invalid_request", "Last-Event-ID: must be -1 or a seq");
  return parsed.data;
}

export const langgraph = router();

// This sub-app is mounted ahead of the API's body rules because the SDK posts a cancel with
// no body and no content type; it applies the same rules, with that one exemption.
langgraph.use("*", jsonBodies({ bodylessPosts: true }));
langgraph.use("*", bodySizeLimit());
langgraph.use("*", ownerIdentity());
// The agent streaming protocol's two routes, under the same rules.
langgraph.route("/", protocolRoutes);

langgraph
  .openapi(routes.ok, (c) => c.json({ ok: true as const }, 200))
  .openapi(routes.info, (c) =>
    c.json(
      {
        version: API_VERSION,
        langgraph_js_version: null,
        context: "reasonstream",
        flags: { assistants: true, crons: false, langsmith: false, langsmith_tracing_replicas: false },
      },
      200,
    ),
  )
  .openapi(routes.searchAssistants, (c) => {
    const q = c.req.valid("json");
    const matches = (q.graph_id ?? ASSISTANT_ID) === ASSISTANT_ID && (q.name ?? ASSISTANT_ID) === ASSISTANT_ID;
    const offset = q.offset ?? 0;
    return c.json(matches && offset === 0 ? [assistant()] : [], 200);
  })
  .openapi(routes.getAssistant, (c) => {
    requireAssistant(c.req.valid("param").assistant_id);
    return c.json(assistant(), 200);
  })
  .openapi(routes.getAssistantGraph, async (c) => {
    requireAssistant(c.req.valid("param").assistant_id);
    return c.json(AssistantGraph.parse(await workflowDrawing()), 200);
  })
  .openapi(routes.createThread, async (c) => {
    const body = c.req.valid("json");
    const threadId = body.thread_id ?? crypto.randomUUID();
    const { created, thread } = await createThread(c.env, {
      threadId,
      ownerId: ownerOf(c),
      metadata: body.metadata ?? {},
    });
    if (!created) {
      if (thread.owner_id !== ownerOf(c) || (body.if_exists ?? "raise") === "raise")
        throw new ApiError(409, "conflict", "a thread with this id exists");
    }
    return c.json(await threadBody(c.env, thread), 200);
  })
  .openapi(routes.searchThreads, async (c) => {
    const q = c.req.valid("json");
    const limit = q.limit ?? 10;
    const offset = q.offset ?? 0;
    const filtered = q.status != null || q.ids != null;
    const own = await threadsOfOwner(c.env, ownerOf(c), filtered ? LIMITS.MAX_LIST : limit, filtered ? 0 : offset);
    let bodies = await Promise.all(own.map((t) => threadBody(c.env, t)));
    if (q.ids != null) {
      const ids = new Set(q.ids);
      bodies = bodies.filter((b) => ids.has(b.thread_id));
    }
    if (q.status != null) bodies = bodies.filter((b) => b.status === q.status);
    if (filtered) bodies = bodies.slice(offset, offset + limit);
    return c.json(bodies, 200);
  })
  .openapi(routes.getThread, async (c) => {
    const thread = await ownedThread(c, c.req.valid("param").thread_id);
    return c.json(await threadBody(c.env, thread), 200);
  })
  .openapi(routes.getThreadState, async (c) => {
    const { thread_id } = c.req.valid("param");
    await ownedThread(c, thread_id);
    return c.json(await threadState(c.env, thread_id, await latestRunOfThread(c.env, thread_id)), 200);
  })
  .openapi(routes.threadHistory, async (c) => {
    const { thread_id } = c.req.valid("param");
    await ownedThread(c, thread_id);
    const q = c.req.valid("json");
    const before = typeof q.before === "string" ? q.before : (q.before?.configurable.checkpoint_id ?? undefined);
    return c.json(await threadHistory(c.env, thread_id, { limit: q.limit ?? 10, before }), 200);
  })
  .openapi(routes.createRun, async (c) => {
    const { thread_id } = c.req.valid("param");
    const body = c.req.valid("json");
    const { row } = await createOrResume(c, thread_id, body);
    const paths = runPaths(thread_id, row.id, modesOf(body.stream_mode));
    c.header("content-location", paths.run);
    return c.json(await runBody(c.env, row, body.multitask_strategy ?? "reject"), 200);
  })
  .openapi(routes.streamRun, async (c) => {
    const { thread_id } = c.req.valid("param");
    const body = c.req.valid("json");
    const modes = modesOf(body.stream_mode);
    const { row, after } = await createOrResume(c, thread_id, body);
    return streamResponse(c, row, modes, after);
  })
  .openapi(routes.listRuns, async (c) => {
    const { thread_id } = c.req.valid("param");
    await ownedThread(c, thread_id);
    const q = c.req.valid("query");
    const rows = await runsOfThread(c.env, thread_id, q.limit ?? 10, q.offset ?? 0);
    return c.json(await Promise.all(rows.map((r) => runBody(c.env, r))), 200);
  })
  .openapi(routes.getRun, async (c) => {
    const { thread_id, run_id } = c.req.valid("param");
    return c.json(await runBody(c.env, await runOfThread(c, thread_id, run_id)), 200);
  })
  .openapi(routes.joinRunStream, async (c) => {
    const { thread_id, run_id } = c.req.valid("param");
    const row = await runOfThread(c, thread_id, run_id);
    return streamResponse(c, row, modesOf(c.req.valid("query").stream_mode), cursorOf(c));
  })
  .openapi(routes.cancelRun, async (c) => {
    const { thread_id, run_id } = c.req.valid("param");
    const row = await runOfThread(c, thread_id, run_id);
    if (!(await cancelRun(c.env, row.id))) throw new ApiError(409, "conflict", "the run has already ended");
    return c.body(null, 202);
  });
