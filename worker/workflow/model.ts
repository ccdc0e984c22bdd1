/**
 * The LLM, when one is configured. Without `OPENAI_API_KEY` there is no model and the
 * offline expert does all the thinking; with one, the OpenAI client (./llm/openai) is
 * loaded on the first job that needs it, so a Worker's start-up never parses it.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";

/** Builds the chat model from the environment, or null for the offline expert. */
export async function createModel(env: Env): Promise<BaseChatModel | null> {
  const apiKey = env.OPENAI_API_KEY;
  if (apiKey === undefined || apiKey === "") return null;
  const baseURL = env.OPENAI_BASE_URL === "" ? undefined : env.OPENAI_BASE_URL;
  const { chatModel } = await import("./llm/openai");
  return chatModel({ apiKey, model: env.OPENAI_MODEL, ...(baseURL === undefined ? {} : { baseURL }) });
}
