/**
 * Structured thinking with an LLM: the model is asked for one JSON object, the answer is
 * parsed and validated by the same zod schema the offline expert's output satisfies, and
 * an invalid answer is sent back with the validation errors for a bounded number of
 * retries. Whatever still fails is reported, never thrown: the node then thinks offline
 * and says so in its reason card. Transport retries (429 with Retry-After, 5xx) are the
 * client's (`maxRetries` on ChatOpenAI); this layer only judges the content.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import type { RunnableConfig } from "@langchain/core/runnables";
import { z } from "zod";

/** Attempts per node, counting the first: one retry with the validation errors. */
export const MAX_LLM_ATTEMPTS = 2;
/** Longest answer accepted before parsing (a runaway generation is an invalid answer). */
const MAX_ANSWER_CHARS = 40_000;

export type ThinkResult<T> =
  | { ok: true; value: T; attempts: number; raw: string }
  | { ok: false; error: string; attempts: number };

export interface ThinkArgs<T> {
  model: BaseChatModel;
  schema: z.ZodType<T>;
  /** What the node is deciding, as instructions. */
  system: string;
  /** The facts, as the user turn. */
  prompt: string;
  /** The node's LangGraph config: passing it lets the tokens stream in messages mode. */
  config: RunnableConfig;
  /** A check beyond the schema (e.g. "that pattern is infeasible"); returns an error or null. */
  check?: (value: T) => string | null;
  maxAttempts?: number;
}

/** Asks the model for a JSON object matching `schema`; retries invalid output, then gives up. */
export async function thinkStructured<T>(args: ThinkArgs<T>): Promise<ThinkResult<T>> {
  const attempts = Math.max(1, Math.min(args.maxAttempts ?? MAX_LLM_ATTEMPTS, 5));
  const jsonSchema = JSON.stringify(z.toJSONSchema(args.schema, { unrepresentable: "any" }));
  const messages: BaseMessage[] = [
    new SystemMessage(
      `${args.system}\n\nAnswer with one JSON object and nothing else: no prose, no code fences. It must match this JSON Schema:\n${jsonSchema}`,
    ),
    new HumanMessage(args.prompt),
  ];
  let lastError = "no answer";
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    let text: string;
    try {
      const reply = await args.model.invoke(messages, args.config);
      text = contentText(reply.content);
    } catch (err) {
      // A cancelled run must stop, not fall back: the abort is the caller's to handle.
      if (args.config.signal?.aborted === true) throw err;
      return { ok: false, error: `model call failed: ${errorText(err)}`, attempts: attempt };
    }
    const parsed = parseAnswer(text, args.schema);
    const problem = parsed.ok ? (args.check?.(parsed.value) ?? null) : parsed.error;
    if (parsed.ok && problem === null) return { ok: true, value: parsed.value, attempts: attempt, raw: text };
    lastError = problem ?? "invalid answer";
    messages.push(new AIMessage(text.slice(0, 4000)));
    messages.push(
      new HumanMessage(`That answer was rejected: ${lastError}\nReply again with only the corrected JSON object.`),
    );
  }
  return { ok: false, error: `invalid output after ${attempts} attempts: ${lastError}`, attempts };
}

/** Extracts and validates the JSON object in a model's answer. */
export function parseAnswer<T>(
  text: string,
  schema: z.ZodType<T>,
): { ok: true; value: T } | { ok: false; error: string } {
  if (text.length > MAX_ANSWER_CHARS) return { ok: false, error: `answer too long (${text.length} chars)` };
  const json = jsonIn(text);
  if (json === null) return { ok: false, error: "no JSON object in the answer" };
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (err) {
    return { ok: false, error: `not valid JSON (${errorText(err)})` };
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    const issues = result.error.issues.slice(0, 8).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    return { ok: false, error: `schema mismatch: ${issues.join("; ")}` };
  }
  return { ok: true, value: result.data };
}

/** The JSON object in an answer: the whole text, a fenced block, or the outermost braces. */
function jsonIn(text: string): string | null {
  const trimmed = text.trim();
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(trimmed);
  const body = fenced?.[1]?.trim() ?? trimmed;
  const start = body.indexOf("{");
  const end = body.lastIndexOf("}");
  if (start < 0 || end <= start) return null;
  return body.slice(start, end + 1);
}

function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((part: unknown) =>
        part !== null && typeof part === "object" && "text" in part && typeof part.text === "string" ? part.text : "",
      )
      .join("");
  }
  return "";
}

function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
