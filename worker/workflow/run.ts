/**
 * Runs a workflow's graph for one queue invocation: a fresh start, a continuation after a
 * crash (from the last checkpoint), or a resume at a human gate. Streams LangGraph in
 * `updates`, `messages` and `custom` modes and turns them into events; the nodes' own
 * events arrive through `custom`, the LLM's tokens through `messages`.
 */
import { Command } from "@langchain/langgraph";
import { newEvent, type FinalOutputs, type NewEvent } from "../contract/events";
import { EVENT_SINK_KEY, type RunnableGraph, type WorkflowDefinition, type WorkflowInput } from "./runtime";

/** Tokens are sent in batches at most this often: smooth to read, cheap to fan out. */
export const TOKEN_FLUSH_MS = 75;
/** Upper bound on buffered token text per node before a flush is forced. */
const TOKEN_BUFFER_CHARS = 4096;

/** How a run ended, and whether it consumed the gate answer it was given. */
export type RunOutcome = ({ kind: "completed"; outputs: FinalOutputs } | { kind: "interrupted" }) & {
  usedResume: boolean;
};

/** Where a run sends its events: buffered, sent in order, with backpressure. */
export interface RunSink {
  emit(event: NewEvent): void;
  /** Awaited between stream chunks: lets the sink push back on a fast producer. */
  drain(): Promise<void>;
  /** Sends what was emitted now (the first event of a run should not wait behind its first step). */
  flush(): Promise<void>;
}

export interface RunArgs {
  definition: WorkflowDefinition;
  graph: RunnableGraph;
  decisionSetId: string;
  jobId: string;
  attempt: number;
  input: WorkflowInput;
  /** The answer to the gate the graph is waiting at, if this invocation resumes one. */
  resume: Record<string, unknown> | null;
  /** Where the run's events go. */
  sink: RunSink;
  signal: AbortSignal;
  runId: string;
}

/** Runs the graph until it ends or waits at a gate. Throws on failure (the consumer retries). */
export async function runWorkflow(args: RunArgs): Promise<RunOutcome> {
  const { graph, definition, decisionSetId, sink } = args;
  const emit = (event: NewEvent) => sink.emit(event);
  const config = { configurable: { thread_id: decisionSetId } };
  const before = await graph.getState(config);
  const checkpointId = String(before.config?.configurable?.checkpoint_id ?? "none");
  const hasCheckpoint =
    before.values !== null && typeof before.values === "object" && Object.keys(before.values).length > 0;

  let input: unknown;
  // The answer is only consumed when the graph is actually waiting at a gate. After a crash
  // the gate's interrupt may not have been saved: the graph first re-runs up to the gate,
  // and the answer stays pending for the invocation after that.
  const usedResume = args.resume !== null && before.next.length > 0;
  if (usedResume) {
    emit(newEvent("workflow-resumed", {}, `workflow-resumed:${checkpointId}`));
    input = new Command({ resume: args.resume });
  } else if (hasCheckpoint) {
    // A retry after a crash: continue from the last checkpoint; finished nodes do not run again.
    // Only a checkpoint with no tasks at all is the end of the graph: one whose tasks all
    // saved their writes (the process died before the next checkpoint) shows `next` empty too.
    if (before.next.length === 0 && before.tasks.length === 0) {
      return { kind: "completed", outputs: definition.finish(before.values), usedResume };
    }
    emitStart(args);
    input = null;
  } else {
    emitStart(args);
    input = definition.input(args.input);
  }

  // Watchers see the run start before its first step takes the CPU.
  await sink.flush();
  const tokens = new TokenBatcher(emit);
  let interrupted = false;
  try {
    const stream = await graph.stream(input, {
      // Nodes emit straight into the sink and flush it before their writes are saved.
      configurable: { ...config.configurable, [EVENT_SINK_KEY]: { emit, flush: () => sink.flush() } },
      streamMode: ["updates", "messages", "custom"],
      signal: args.signal,
      recursionLimit: 200,
      // Each step's checkpoint (and, through beforePut, its events) is stored before the
      // next step starts: a crash loses no finished step, and a cancel is seen at the
      // next step boundary.
      durability: "sync",
      runName: `${definition.graph_type} workflow`,
      metadata: {
        run_id: args.runId,
        thread_id: args.input.thread_id,
        decision_set_id: decisionSetId,
        job_id: args.jobId,
      },
    });
    for await (const chunk of stream) {
      if (!Array.isArray(chunk) || chunk.length !== 2) continue;
      const mode: unknown = chunk[0];
      const payload: unknown = chunk[1];
      if (mode === "custom" && isNewEvent(payload)) emit(payload);
      else if (mode === "messages") tokens.add(payload);
      else if (mode === "updates" && payload !== null && typeof payload === "object" && "__interrupt__" in payload) {
        interrupted = true;
      }
      await sink.drain();
    }
  } finally {
    tokens.flush();
  }
  if (interrupted) return { kind: "interrupted", usedResume };
  const after = await graph.getState(config);
  if (after.next.length > 0) return { kind: "interrupted", usedResume };
  return { kind: "completed", outputs: definition.finish(after.values), usedResume };
}

function emitStart(args: RunArgs): void {
  args.sink.emit(
    newEvent(
      "workflow-start",
      {
        run_id: args.runId,
        thread_id: args.input.thread_id,
        job_id: args.jobId,
        attempt: args.attempt,
        planned_nodes: args.definition.plan,
      },
      `workflow-start:${args.attempt}`,
    ),
  );
}

function isNewEvent(value: unknown): value is NewEvent {
  return value !== null && typeof value === "object" && "type" in value && "data" in value;
}

/** Collects LLM token chunks per node and sends them as `token` events every TOKEN_FLUSH_MS. */
class TokenBatcher {
  private readonly buffers = new Map<string, string>();
  private lastFlush = Date.now();
  constructor(private readonly emit: (event: NewEvent) => void) {}

  add(payload: unknown): void {
    if (!Array.isArray(payload)) return;
    const message: unknown = payload[0];
    const metadata: unknown = payload[1];
    const text = textOf(message);
    const nodeName =
      metadata !== null && typeof metadata === "object" && "langgraph_node" in metadata
        ? metadata.langgraph_node
        : undefined;
    if (text === "" || typeof nodeName !== "string") return;
    const buffered = (this.buffers.get(nodeName) ?? "") + text;
    this.buffers.set(nodeName, buffered);
    if (Date.now() - this.lastFlush >= TOKEN_FLUSH_MS || buffered.length >= TOKEN_BUFFER_CHARS) this.flush();
  }

  flush(): void {
    for (const [nodeName, text] of this.buffers) {
      if (text !== "") this.emit(newEvent("token", { node: nodeName, text }));
    }
    this.buffers.clear();
    this.lastFlush = Date.now();
  }
}

function textOf(message: unknown): string {
  if (message === null || typeof message !== "object" || !("content" in message)) return "";
  const content = message.content;
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (part !== null && typeof part === "object" && "text" in part ? String(part.text) : ""))
      .join("");
  }
  return "";
}
