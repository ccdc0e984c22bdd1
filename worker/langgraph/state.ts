/**
 * A thread's state and history in LangGraph's shapes. The checkpoints are the workflow's
 * own (the DecisionSet object stores them as the graph runs); the current state's values
 * are the workflow view the stream's `values` mode carries, so a client that reads the
 * state after a stream sees the same thing it last streamed.
 */
import type { CheckpointTuple } from "@langchain/langgraph-checkpoint";
import { runCheckpoints, runView, type DecisionSetRow } from "./adapter";
import type { CheckpointRef, ThreadState, ThreadTask } from "./contract";
import { interruptNode, openInterrupt, valuesOf } from "./mapping";
import { runsOfThread } from "./threads";

/** Runs of a thread looked through for one history page: each holds many checkpoints. */
const HISTORY_RUNS_MAX = 20;

const ref = (threadId: string, checkpointId: string | undefined): CheckpointRef | null =>
  checkpointId === undefined
    ? null
    : { thread_id: threadId, checkpoint_ns: "", checkpoint_id: checkpointId, checkpoint_map: null };

/** LangGraph's own bookkeeping channels, not the workflow's state. */
const isInternalChannel = (name: string) => name.startsWith("__") || name.startsWith("branch:");

function record(value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value));
}

/** One checkpoint of a run as a LangGraph thread state. */
function checkpointState(threadId: string, runId: string, tuple: CheckpointTuple): ThreadState {
  const channels = record(tuple.checkpoint.channel_values);
  const values = Object.fromEntries(Object.entries(channels).filter(([name]) => !isInternalChannel(name)));
  // A node is next when its trigger channel holds a value in this checkpoint.
  const next = Object.keys(channels)
    .filter((name) => name.startsWith("branch:to:"))
    .map((name) => name.slice("branch:to:".length));
  const tasks = new Map<string, ThreadTask>();
  for (const [taskId, channel, value] of tuple.pendingWrites ?? []) {
    if (channel !== "__interrupt__") continue;
    const task = tasks.get(taskId) ?? {
      id: taskId,
      name: next[0] ?? "",
      error: null,
      interrupts: [],
      checkpoint: null,
      state: null,
    };
    for (const item of Array.isArray(value) ? value : [value]) {
      const fields = record(item);
      task.interrupts.push({
        id: typeof fields.id === "string" ? fields.id : taskId,
        value: fields.value ?? item,
        when: "during",
      });
    }
    tasks.set(taskId, task);
  }
  return {
    values,
    next,
    tasks: [...tasks.values()],
    checkpoint: ref(threadId, tuple.checkpoint.id),
    parent_checkpoint: ref(threadId, tuple.parentConfig?.configurable?.checkpoint_id),
    metadata: { ...record(tuple.metadata), run_id: runId, thread_id: threadId },
    created_at: tuple.checkpoint.ts,
  };
}

/** The thread's current state: its newest run's view, its open gate, its newest checkpoint. */
export async function threadState(env: Env, threadId: string, latest: DecisionSetRow | undefined) {
  if (latest === undefined) {
    const empty: ThreadState = {
      values: {},
      next: [],
      tasks: [],
      checkpoint: null,
      parent_checkpoint: null,
      metadata: {},
      created_at: null,
    };
    return empty;
  }
  const [view, newest] = await Promise.all([runView(env, latest.id), runCheckpoints(env, latest.id, { limit: 1 })]);
  const head = newest[0];
  const interrupt = view === null ? null : openInterrupt(view);
  const node = view === null ? "" : interruptNode(view);
  const body: ThreadState = {
    values: view === null ? {} : valuesOf(view),
    next: interrupt === null ? [] : [node],
    tasks:
      interrupt === null
        ? []
        : [{ id: interrupt.id, name: node, error: null, interrupts: [interrupt], checkpoint: null, state: null }],
    checkpoint: ref(threadId, head?.checkpoint.id),
    parent_checkpoint: ref(threadId, head?.parentConfig?.configurable?.checkpoint_id),
    metadata: { ...record(head?.metadata), run_id: latest.id, thread_id: threadId },
    created_at: head?.checkpoint.ts ?? new Date(latest.updatedAt).toISOString(),
  };
  return body;
}

/**
 * The thread's history, newest first: the checkpoints of its runs, newest run first.
 * `before` is a checkpoint id: only older checkpoints come back (checkpoint ids sort by time).
 */
export async function threadHistory(
  env: Env,
  threadId: string,
  options: { limit: number; before?: string },
): Promise<ThreadState[]> {
  const runs = await runsOfThread(env, threadId, HISTORY_RUNS_MAX, 0);
  const states: ThreadState[] = [];
  for (const run of runs) {
    const want = options.limit - states.length;
    if (want <= 0) break;
    const tuples = await runCheckpoints(env, run.id, { limit: want, before: options.before });
    for (const tuple of tuples) states.push(checkpointState(threadId, run.id, tuple));
  }
  return states;
}
