/**
 * The OpenAI client behind the LLM path: `@langchain/openai` against OpenAI or any
 * OpenAI-compatible server (`OPENAI_BASE_URL`). It is the Worker's largest dependency, so
 * nothing imports this module statically: `createModel` loads it when a key is set.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { MessageContent } from "@langchain/core/messages";
import { ChatOpenAI, ChatOpenAICompletions } from "@langchain/openai";

/** Transport retries per call (429 honours Retry-After, 5xx backs off); content retries are the nodes'. */
export const MODEL_MAX_RETRIES = 2;
/** One model call may not hold a node longer than this. */
export const MODEL_TIMEOUT_MS = 60_000;

/**
 * Chat Completions that estimates token counts locally. When streaming, the client counts
 * tokens for usage metadata with tiktoken, whose ranks it downloads from a third-party
 * host on first use (with retries): a network dependency on the hot path of a Worker,
 * and a long stall wherever that host is unreachable. Four characters a token is close
 * enough for usage figures; billing-grade counts come from the server's own usage.
 */
class EdgeCompletions extends ChatOpenAICompletions {
  override async getNumTokens(content: MessageContent): Promise<number> {
    const text =
      typeof content === "string"
        ? content
        : content
            .map((part) =>
              typeof part === "object" && "text" in part && typeof part.text === "string" ? part.text : "",
            )
            .join("");
    return Math.ceil(text.length / 4);
  }
}

export interface ModelOptions {
  apiKey: string;
  model: string;
  /** An OpenAI-compatible server; OpenAI's own when absent. */
  baseURL?: string;
  /** Stream tokens (they reach the browser as `token` events). */
  streaming?: boolean;
  maxRetries?: number;
  timeoutMs?: number;
}

/** The chat model the workflow thinks with. */
export function chatModel(o: ModelOptions): BaseChatModel {
  const fields = {
    apiKey: o.apiKey,
    model: o.model,
    temperature: 0.2,
    streaming: o.streaming ?? true,
    maxRetries: o.maxRetries ?? MODEL_MAX_RETRIES,
    timeout: o.timeoutMs ?? MODEL_TIMEOUT_MS,
    ...(o.baseURL === undefined ? {} : { configuration: { baseURL: o.baseURL } }),
  };
  // ChatOpenAI delegates Chat Completions calls to this object; ours counts tokens locally.
  return new ChatOpenAI({ ...fields, completions: new EdgeCompletions(fields) });
}
