/**
 * The LLM, when one is configured: `@langchain/openai` against OpenAI or any
 * OpenAI-compatible server (`OPENAI_BASE_URL`). Without `OPENAI_API_KEY` there is no
 * model and the offline expert does all the thinking.
 */
import { ChatOpenAI } from "@langchain/openai";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";

/** Builds the chat model from the environment, or null for the offline expert. */
export function createModel(env: Env): BaseChatModel | null {
  const apiKey = env.OPENAI_API_KEY;
  if (apiKey === undefined || apiKey === "") return null;
  const baseURL = env.OPENAI_BASE_URL === "" ? undefined : env.OPENAI_BASE_URL;
  return new ChatOpenAI({
    apiKey,
    model: env.OPENAI_MODEL,
    temperature: 0.2,
    streaming: true,
    maxRetries: 2,
    timeout: 60_000,
    ...(baseURL === undefined ? {} : { configuration: { baseURL } }),
  });
}
