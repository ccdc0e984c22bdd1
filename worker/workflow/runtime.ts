/**
 * The seam between a workflow and the machinery that runs it. A workflow is a
 * `WorkflowDefinition`: its planned steps, a graph factory, how to seed it from a job and
 * how to read its final outputs. Its nodes are wrapped by `node()`, which emits
 * `node-start`, reason cards and `node-complete` into the runner's event sink (or, for a
 * graph run on its own, through LangGraph's custom stream mode).
 * The queue consumer only ever sees this interface: it never knows a node's name.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { AsyncLocalStorageProviderSingleton } from "@langchain/core/singletons";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { newEvent, type FinalOutputs, type NewEvent, type PlannedNode, type ReasonCard } from "../contract/events";
import type { ChatMessage } from "../contract/api";

// LangGraph's workerd ("browser") build does not install the async context that
// `interrupt()` and `getConfig()` need; nodes run inside workerd, so install it here,
// once, before any graph is built.
AsyncLocalStorageProviderSingleton.initializeGlobalInstance(new AsyncLocalStorage());

/** What a node can reach beyond its state: storage for artifacts and the thread's previous design. */
export interface WorkflowServices {
  decisionSetId: string;
  putArtifacts(files: { path: string; content: string }[]): Promise<void>;
  previousOutputs(): Promise<FinalOutputs | null>;
  /** Seconds a human gate waits before taking the defaults (0: take them at once). */
  hitlTimeoutSeconds: number;
}

/** The job as a workflow sees it. */
export interface WorkflowInput {
  messages: ChatMessage[];
  thread_id: string;
  previous_id: string | null;
}

export interface BuildArgs {
  /** An LLM when one is configured; null means the offline expert thinks alone. */
  model: BaseChatModel | null;
  checkpointer: BaseCheckpointSaver;
  services: WorkflowServices;
}

/** A compiled graph, typed as loosely as the runner needs. */
export interface RunnableGraph {
  stream(
    input: unknown,
    options: {
      configurable: Record<string, unknown>;
      streamMode: ("updates" | "messages" | "custom")[];
      signal?: AbortSignal;
      recursionLimit?: number;
      durability?: "sync" | "async" | "exit";
      /** On every trace (LangSmith, when LANGCHAIN_TRACING_V2 is set) and so on every log line's ids. */
      metadata?: Record<string, string>;
      runName?: string;
    },
  ): Promise<AsyncIterable<unknown>>;
  getState(config: { configurable: Record<string, unknown> }): Promise<{
    values: unknown;
    next: readonly string[];
    tasks: readonly unknown[];
    /** The checkpoint the state was read from. */
    config?: { configurable?: { checkpoint_id?: string } };
  }>;
}

export interface WorkflowDefinition {
  graph_type: string;
  /** The steps in their planned order, for progress before and after `workflow-start`. */
  plan: PlannedNode[];
  build(args: BuildArgs): RunnableGraph;
  /** The graph's input state for a new run. */
  input(job: WorkflowInput): Record<string, unknown>;
  /** The final outputs from the graph's end state. */
  finish(state: unknown): FinalOutputs;
}

/** The helpers a node body gets from `node()`. */
export interface NodeKit {
  readonly node: string;
  /** Emits this node's canonical reason card (timestamp, ids and timing are filled in). */
  card(
    card: Omit<ReasonCard, "agent" | "node" | "decision_set_id" | "timestamp" | "duration_ms"> & { agent?: string },
  ): void;
  /** Emits any other stored event with an idempotency key derived from the node and step. */
  emit(event: NewEvent, name: string): void;
  /** The LangGraph config, for interrupt() and model calls that should stream tokens. */
  readonly config: LangGraphRunnableConfig;
}

/**
 * Where a node's events go when the runner hands it a sink (under `EVENT_SINK_KEY` in the
 * run's `configurable`; LangGraph keeps `__` keys out of checkpoint metadata). A node then
 * emits straight into it and flushes it before it returns, so a step's events are stored
 * before LangGraph saves the step's writes: a process that dies between those writes and
 * the next checkpoint resumes past the step without running it again, and must not lose
 * its card. Without a sink (a graph run on its own), events go through the custom stream.
 */
export interface NodeEventSink {
  emit(event: NewEvent): void;
  flush(): Promise<void>;
}

/** The `configurable` key under which the runner hands nodes its `NodeEventSink`. */
export const EVENT_SINK_KEY = "__rs_event_sink";

function isNodeEventSink(value: unknown): value is NodeEventSink {
  return (
    value !== null &&
    typeof value === "object" &&
    "emit" in value &&
    typeof value.emit === "function" &&
    "flush" in value &&
    typeof value.flush === "function"
  );
}

/** Wraps a node body so that every run of it streams its start, its cards and its end. */
export function node<S, U>(
  id: string,
  title: string,
  body: (state: S, kit: NodeKit) => Promise<U> | U,
): (state: S, config: LangGraphRunnableConfig) => Promise<U> {
  return async (state, config) => {
    // A cancelled run stops here, before this step's side effects.
    config.signal?.throwIfAborted();
    // The step number is stable across a crash and a resume, so a re-run step re-sends
    // the same keys and the Durable Object stores its events once.
    const rawStep = config.metadata?.langgraph_step;
    const step = typeof rawStep === "number" || typeof rawStep === "string" ? String(rawStep) : "0";
    const handed: unknown = config.configurable?.[EVENT_SINK_KEY];
    const sink = isNodeEventSink(handed) ? handed : null;
    const write = (event: NewEvent) => (sink === null ? config.writer?.(event) : sink.emit(event));
    const started = Date.now();
    const decisionSetId = String(config.configurable?.thread_id ?? "");
    write(newEvent("node-start", { node: id, title }, `node-start:${id}:${step}`));
    let cards = 0;
    const kit: NodeKit = {
      node: id,
      config,
      card(card) {
        cards += 1;
        const full: ReasonCard = {
          ...card,
          agent: card.agent ?? id,
          node: id,
          decision_set_id: decisionSetId,
          timestamp: new Date().toISOString(),
          duration_ms: Date.now() - started,
        };
        write(newEvent("reason-card", full, `reason-card:${id}:${step}:${cards}`));
      },
      emit(event, name) {
        write({ ...event, key: `${event.type}:${id}:${step}:${name}` });
      },
    };
    const update = await body(state, kit);
    write(
      newEvent(
        "node-complete",
        { node: id, duration_ms: Date.now() - started, outputs: summarise(update) },
        `node-complete:${id}:${step}`,
      ),
    );
    // Stored before LangGraph saves this step's writes (see NodeEventSink).
    if (sink !== null) await sink.flush();
    return update;
  };
}

/** A bounded, readable summary of a node's state update for `node-complete`. */
function summarise(update: unknown): Record<string, unknown> {
  if (update === null || typeof update !== "object") return {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(update)) {
    const text = JSON.stringify(v) ?? "null";
    out[k] = text.length <= 2000 ? v : `${text.slice(0, 2000)}… (${text.length} chars)`;
  }
  return out;
}
