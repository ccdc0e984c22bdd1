/** Test helpers that run in workerd: an SSE frame reader and a few fixtures. */
import { exports } from "cloudflare:workers";
import { env } from "cloudflare:workers";
import { Annotation, END, START, StateGraph } from "@langchain/langgraph";
import type { NewEvent } from "../../worker/contract/events";
import { node, type WorkflowDefinition } from "../../worker/workflow/runtime";
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { createDecisionSetWithJob, db } from "../../worker/db/queries";
import { handleQueue, type ConsumerDeps } from "../../worker/jobs/consumer";
import { decisionSetStub } from "../../worker/stream/stub";
import { FrameSplitter, type Frame } from "../../worker/contract/sse";

/** An open SSE response, read frame by frame. */
export class SseReader {
  private readonly splitter = new FrameSplitter();
  readonly frames: Frame[] = [];
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  done = false;

  constructor(response: Response) {
    if (response.body === null) throw new Error("no body");
    this.reader = response.body.getReader();
  }

  /** Reads until `until(frames)` holds or the stream ends; throws after `timeoutMs`. */
  async readUntil(until: (frames: Frame[]) => boolean, timeoutMs = 10_000): Promise<Frame[]> {
    const deadline = Date.now() + timeoutMs;
    while (!until(this.frames)) {
      if (this.done) return this.frames;
      if (Date.now() > deadline) throw new Error(`timed out with ${this.frames.length} frames`);
      const timer = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), Math.max(1, deadline - Date.now())));
      const next = await Promise.race([this.reader.read(), timer]);
      if (next === "timeout") continue;
      if (next.done) {
        this.done = true;
        break;
      }
      this.frames.push(...this.splitter.push(this.decoder.decode(next.value, { stream: true })));
    }
    return this.frames;
  }

  async cancel(): Promise<void> {
    await this.reader.cancel().catch(() => undefined);
  }
}

/** Stored frames only (those with an id), as seq numbers. */
export function seqsOf(frames: Frame[]): number[] {
  return frames.filter((f) => f.id !== undefined && f.event !== "snapshot").map((f) => Number(f.id));
}

/** Opens the SSE stream of a decision set through the Worker. */
export function openSse(id: string, init: { lastEventId?: number; query?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  if (init.lastEventId !== undefined) headers["last-event-id"] = String(init.lastEventId);
  return exports.default.fetch(`http://localhost/api/streams/${id}${init.query ?? ""}`, { headers });
}

/** A fresh decision set object (no D1 row), for stream-level tests. */
export async function freshDecisionSet(): Promise<{ id: string; stub: ReturnType<typeof decisionSetStub> }> {
  const id = crypto.randomUUID();
  const stub = decisionSetStub(env, id);
  await stub.init({ decision_set_id: id, job_id: crypto.randomUUID(), thread_id: crypto.randomUUID() });
  return { id, stub };
}

/** n node-start events, named by number. */
export function nodeStarts(n: number, from = 0): NewEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    type: "node-start" as const,
    data: { node: `n${from + i}`, title: `Step ${from + i}` },
  }));
}

/** A JSON request to the Worker. */
export function api(
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string>; raw?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...init.headers };
  let body: string | undefined;
  if (init.raw !== undefined) body = init.raw;
  else if (init.body !== undefined) body = JSON.stringify(init.body);
  if (body !== undefined && headers["content-type"] === undefined) headers["content-type"] = "application/json";
  return exports.default.fetch(`http://localhost${path}`, {
    method: init.method ?? (body === undefined ? "GET" : "POST"),
    headers,
    body,
  });
}

const State = Annotation.Root({ done: Annotation<string[]>({ reducer: (a, b) => [...a, ...b], default: () => [] }) });

/**
 * A three-step workflow without gates, whose second step fails the first `failures` times
 * it runs: the backbone tests run it instead of the product workflow.
 */
export function threeSteps(failures: number, sideEffects: string[]): WorkflowDefinition {
  let failed = 0;
  const step = (id: string, fail: boolean) =>
    node(id, `Step ${id}`, (_s: typeof State.State, kit) => {
      if (fail && failed < failures) {
        failed += 1;
        throw new Error(`${id} crashed`);
      }
      sideEffects.push(id);
      kit.card({
        reasoning: `ran ${id}`,
        decision: id,
        confidence: 1,
        category: "test",
        priority: "low",
        inputs: {},
        outputs: {},
        alternatives_considered: [],
        references: [],
      });
      return { done: [id] };
    });
  return {
    graph_type: "flaky",
    plan: ["a", "b", "c"].map((id) => ({ id, title: `Step ${id}` })),
    build: ({ checkpointer }) =>
      new StateGraph(State)
        .addNode("a", step("a", false))
        .addNode("b", step("b", true))
        .addNode("c", step("c", false))
        .addEdge(START, "a")
        .addEdge("a", "b")
        .addEdge("b", "c")
        .addEdge("c", END)
        .compile({ checkpointer }),
    input: () => ({ done: [] }),
    finish: (state) => ({
      status: "completed",
      report_markdown: (state as typeof State.State).done.join(","),
      architecture: {},
      cost_estimate: {},
      artifacts: [],
    }),
  };
}

/** A decision set and its job, written the way the API writes them, but not enqueued. */
export async function seedJob(
  options: { ownerId?: string; maxAttempts?: number; content?: string } = {},
): Promise<{ decisionSetId: string; jobId: string; threadId: string }> {
  const decisionSetId = crypto.randomUUID();
  const jobId = crypto.randomUUID();
  const threadId = crypto.randomUUID();
  await createDecisionSetWithJob(db(env.DB), {
    decisionSetId,
    jobId,
    threadId,
    ownerId: options.ownerId ?? "owner",
    previousId: null,
    title: "t",
    payload: {
      messages: [{ role: "user", content: options.content ?? "a batch scoring service" }],
      thread_id: threadId,
      previous_id: null,
    },
    maxAttempts: options.maxAttempts ?? 4,
  });
  await decisionSetStub(env, decisionSetId).init({
    decision_set_id: decisionSetId,
    job_id: jobId,
    thread_id: threadId,
  });
  return { decisionSetId, jobId, threadId };
}

/** Delivers one queue message for `jobId` to the consumer, as its `attempts`-th delivery. */
export async function deliver(jobId: string, attempts: number, deps?: ConsumerDeps) {
  const batch = createMessageBatch("reasonstream-jobs", [
    { id: crypto.randomUUID(), timestamp: new Date(), attempts, body: { job_id: jobId } },
  ]);
  const ctx = createExecutionContext();
  await handleQueue(batch, env, deps);
  return getQueueResult(batch, ctx);
}
