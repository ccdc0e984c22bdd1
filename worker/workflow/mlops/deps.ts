/** What every node factory receives: the optional LLM and the services beyond state. */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { WorkflowServices } from "../runtime";
import type { ThinkResult } from "../llm/structured";

export interface NodeDeps {
  /** Null: the offline expert thinks alone. */
  model: BaseChatModel | null;
  services: WorkflowServices;
}

/** How a node's thinking went, for its reason card. */
export interface Thinking {
  thinker: "offline expert" | "LLM" | "offline expert (LLM fallback)";
  note: string;
}

/** Describes an LLM attempt (or its absence) for the reason card. */
export function thinkingOf(result: ThinkResult<unknown> | null): Thinking {
  if (result === null)
    return { thinker: "offline expert", note: "No model is configured; the offline expert's rules decided." };
  if (result.ok)
    return {
      thinker: "LLM",
      note: `The LLM answered in ${result.attempts} attempt${result.attempts === 1 ? "" : "s"}; its output passed the schema.`,
    };
  return {
    thinker: "offline expert (LLM fallback)",
    note: `The LLM failed (${result.error}); the offline expert decided instead.`,
  };
}
