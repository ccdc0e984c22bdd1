/**
 * What the LangGraph routes and the agent streaming protocol's commands share: the one
 * assistant, the caller's thread, the brief as the product's chat messages, and starting a
 * run on a thread under its multitask strategy.
 */
import type { Context } from "hono";
import { LIMITS, type ChatMessage } from "../contract/api";
import { ApiError, notFound } from "../http/errors";
import { ownerOf } from "../http/owner";
import type { AppEnv } from "../http/types";
import { createRun, RATE_LIMIT_PERIOD_S } from "../jobs/create-run";
import { cancelRun, latestRunOfThread, runRow, runView, type DecisionSetRow } from "./adapter";
import { isInflight } from "./mapping";
import { RunInput, type RunCreate } from "./schemas";
import { findThread, type ThreadRecord } from "./threads";

/** The one assistant: the registered MLOps workflow. */
export const ASSISTANT_ID = "mlops";

/** Refuses every assistant but the one (404, as for any unknown id). */
export function requireAssistant(id: string): void {
  if (id !== ASSISTANT_ID) throw notFound(`assistant ${id}`);
}

/** The caller's thread: 404 for an unknown one and for a stranger's alike (it is not revealed). */
export async function ownedThread(c: Context<AppEnv>, threadId: string): Promise<ThreadRecord> {
  const thread = await findThread(c.env, threadId);
  if (thread === null || thread.owner_id !== ownerOf(c)) throw notFound("thread");
  return thread;
}

/** The brief as the product's chat messages, with the product's own limits. */
export function messagesOf(input: unknown): ChatMessage[] {
  const parsed = RunInput.safeParse(input);
  if (!parsed.success)
    throw new ApiError(400, "invalid_request", "input.messages: a list of {role, content} is required");
  const messages: ChatMessage[] = [];
  for (const m of parsed.data.messages) {
    const kind = m.role ?? m.type ?? "user";
    const role =
      kind === "human" || kind === "user" ? "user" : kind === "ai" || kind === "assistant" ? "assistant" : "system";
    const content = typeof m.content === "string" ? m.content : m.content.map((part) => part.text ?? "").join("\n");
    const text = content.trim();
    if (text === "") throw new ApiError(400, "invalid_request", "input.messages: a message has no text");
    if (text.length > LIMITS.MAX_CHAT_MESSAGE_CHARS)
      throw new ApiError(
        400,
        "invalid_request",
        `input.messages: a message exceeds ${LIMITS.MAX_CHAT_MESSAGE_CHARS} characters`,
      );
    messages.push({ role, content: text });
  }
  if (!messages.some((m) => m.role === "user"))
    throw new ApiError(400, "invalid_request", "input.messages: at least one user message is required");
  return messages;
}

/**
 * Starts a run on the caller's thread with the brief in `input`. A run in flight is
 * refused (422) under `reject` and `enqueue`, and cancelled first under `interrupt` and
 * `rollback`, as its owner could do. Throws the API's errors (400, 422, 429, 404).
 */
export async function startRun(
  c: Context<AppEnv>,
  threadId: string,
  input: unknown,
  multitask: RunCreate["multitask_strategy"],
): Promise<DecisionSetRow> {
  const messages = messagesOf(input);
  const latest = await latestRunOfThread(c.env, threadId);
  if (latest !== undefined) {
    const view = await runView(c.env, latest.id);
    if (isInflight(view)) {
      const strategy = multitask ?? "reject";
      if (strategy === "reject" || strategy === "enqueue")
        throw new ApiError(
          422,
          "thread_busy",
          "Thread is already running a task. Wait for it to finish or choose a different multitask strategy.",
        );
      await cancelRun(c.env, latest.id);
    }
  }
  const started = await createRun(c.env, { ownerId: ownerOf(c), threadId, messages });
  if (!started.ok && started.reason === "rate-limited") {
    c.header("retry-after", String(RATE_LIMIT_PERIOD_S));
    throw new ApiError(429, "rate_limited", `too many workflows started; try again in ${RATE_LIMIT_PERIOD_S} s`);
  }
  if (!started.ok) throw notFound("thread");
  const row = await runRow(c.env, started.decisionSetId);
  if (row === undefined) throw new Error("a run just created is missing");
  return row;
}
