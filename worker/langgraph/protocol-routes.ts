/**
 * LangChain's agent streaming protocol over HTTP, as `ThreadStream` of
 * `@langchain/langgraph-sdk` (`client.threads.stream`) and `@langchain/react` speak it:
 * commands as JSON requests whose outcome is always the 200 body (the SDK's transport
 * waits for ever on any other success status), and each connection's events as SSE. A
 * thread and its runs are the legacy API's; the same owner rules hold (a stranger's
 * thread is a 404, as an unknown one).
 */
import type { Context } from "hono";
import type { z } from "zod";
import { ApiError, notFound } from "../http/errors";
import { ownerOf } from "../http/owner";
import type { AppEnv } from "../http/types";
import { router } from "../http/validate";
import { SSE_HEADERS } from "../stream/edge";
import { answerRunGate, latestRunOfThread, runCheckpoints, runView } from "./adapter";
import { langgraphRoutes as routes, type CommandResult } from "./contract";
import { openInterrupt } from "./mapping";
import { stateOf } from "./protocol";
import { openProtocolStream } from "./protocol-stream";
import { ASSISTANT_ID, ownedThread, startRun } from "./runs";
import {
  InputRespondParams,
  ListCheckpointsParams,
  RunStartParams,
  StateGetParams,
  type CommandEnvelope,
} from "./schemas";
import { createThread } from "./threads";

type ErrorCode = Extract<CommandResult, { type: "error" }>["error"];

/** A command's failure, thrown by its handler and answered as the protocol's error result. */
class CommandError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The command's params by its method's schema; an `invalid_argument` naming the field otherwise. */
function paramsOf<S extends z.ZodType>(schema: S, command: CommandEnvelope): z.infer<S> {
  const parsed = schema.safeParse(command.params ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = ["params", ...(issue?.path ?? []).map(String)].join(".");
  throw new CommandError("invalid_argument", `${where}: ${issue?.message ?? "invalid"}`);
}

/** The error result of the API's own refusals on a run's start (bad input, a busy thread, the rate limit). */
function fromApiError(error: ApiError): CommandError {
  return new CommandError(error.status === 429 ? "unknown_error" : "invalid_argument", error.message);
}

/**
 * `run.start`: creates the thread when it is new (the SDK names its own thread ids), then
 * a run on it; a stranger's thread is a 404, as on every route.
 */
async function runStart(c: Context<AppEnv>, threadId: string, command: CommandEnvelope) {
  const params = paramsOf(RunStartParams, command);
  if (params.assistant_id !== ASSISTANT_ID)
    throw new CommandError("invalid_argument", `params.assistant_id: no assistant ${params.assistant_id}`);
  const { thread } = await createThread(c.env, { threadId, ownerId: ownerOf(c), metadata: params.metadata ?? {} });
  if (thread.owner_id !== ownerOf(c)) throw notFound("thread");
  try {
    const row = await startRun(c, threadId, params.input, params.multitask_strategy);
    return { run_id: row.id };
  } catch (error) {
    if (error instanceof ApiError && error.status !== 404) throw fromApiError(error);
    throw error;
  }
}

/**
 * `input.respond`: the answer to the open interrupt it names, through the legacy resume's
 * own path, so the first answer wins whichever API sent it; a late or mismatched one is an
 * error result that says so.
 */
async function inputRespond(c: Context<AppEnv>, threadId: string, command: CommandEnvelope) {
  const params = paramsOf(InputRespondParams, command);
  const answer = "responses" in params ? params.responses[0] : params;
  if (answer === undefined) throw new CommandError("invalid_argument", "params.responses: one answer is required");
  const latest = await latestRunOfThread(c.env, threadId);
  if (latest === undefined) throw new CommandError("no_such_run", "the thread has no run");
  const view = await runView(c.env, latest.id);
  const open = view === null ? null : openInterrupt(view);
  if (open === null || open.id !== answer.interrupt_id) {
    throw new CommandError(
      "no_such_interrupt",
      `interrupt ${answer.interrupt_id} is not open: already answered (the first answer wins), or not reached`,
    );
  }
  const answered = await answerRunGate(c.env, latest.id, answer.response);
  if (answered.ok) return {};
  if (answered.reason === "invalid") throw new CommandError("invalid_argument", `response.${answered.message}`);
  if (answered.reason === "ended") throw new CommandError("no_such_run", "the run has ended");
  throw new CommandError(
    "no_such_interrupt",
    `interrupt ${answer.interrupt_id} was answered by another request first (the first answer wins)`,
  );
}

/** `state.get`: the newest run's values (with an open gate's interrupt), narrowed to `keys`. */
async function stateGet(c: Context<AppEnv>, threadId: string, command: CommandEnvelope) {
  const params = paramsOf(StateGetParams, command);
  const latest = await latestRunOfThread(c.env, threadId);
  const { values } = stateOf(latest === undefined ? null : await runView(c.env, latest.id));
  const keys = params.keys;
  return {
    values: keys === undefined ? values : Object.fromEntries(Object.entries(values).filter(([k]) => keys.includes(k))),
  };
}

/** `state.listCheckpoints`: the newest run's checkpoints, newest first. */
async function listCheckpoints(c: Context<AppEnv>, threadId: string, command: CommandEnvelope) {
  const params = paramsOf(ListCheckpointsParams, command);
  const latest = await latestRunOfThread(c.env, threadId);
  if (latest === undefined) return { checkpoints: [] };
  const tuples = await runCheckpoints(c.env, latest.id, { limit: params.limit ?? 10, before: params.before });
  return {
    checkpoints: tuples.map((t) => ({
      id: t.checkpoint.id,
      timestamp: t.checkpoint.ts,
      step: t.metadata?.step ?? -1,
      metadata: { source: t.metadata?.source ?? "loop" },
    })),
  };
}

/** One command's result, or the CommandError (or API error) its handler threw. */
async function resultOf(
  c: Context<AppEnv>,
  threadId: string,
  command: CommandEnvelope,
): Promise<Record<string, unknown>> {
  switch (command.method) {
    case "run.start":
      return runStart(c, threadId, command);
    case "input.respond":
      await ownedThread(c, threadId);
      return inputRespond(c, threadId, command);
    case "state.get":
      await ownedThread(c, threadId);
      return stateGet(c, threadId, command);
    case "state.listCheckpoints":
      await ownedThread(c, threadId);
      return listCheckpoints(c, threadId, command);
    case "subscription.subscribe":
    case "subscription.unsubscribe":
      // Over SSE a subscription is its connection (`stream/events`): there is nothing to keep.
      await ownedThread(c, threadId);
      return {};
    default:
      throw new CommandError("unknown_command", `unknown command ${command.method}`);
  }
}

export const protocolRoutes = router()
  .openapi(routes.commands, async (c) => {
    const { thread_id } = c.req.valid("param");
    const command = c.req.valid("json");
    try {
      const result = await resultOf(c, thread_id, command);
      return c.json({ type: "success" as const, id: command.id, result }, 200);
    } catch (error) {
      if (!(error instanceof CommandError)) throw error;
      return c.json({ type: "error" as const, id: command.id, error: error.code, message: error.message }, 200);
    }
  })
  .openapi(routes.streamEvents, async (c) => {
    const { thread_id } = c.req.valid("param");
    await ownedThread(c, thread_id);
    const body = openProtocolStream(c.env, {
      threadId: thread_id,
      request: c.req.valid("json"),
      clientGone: c.req.raw.signal,
    });
    return new Response(body, { headers: SSE_HEADERS });
  });
