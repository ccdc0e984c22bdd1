/**
 * The LangGraph API's few, narrow calls into the rest of the product: the DecisionSet
 * object (view, gate, cancel, checkpoints), the edge subscriber, the D1 index and the
 * queue. Everything under `worker/langgraph/` reaches those layers only through here, so
 * that a change beneath (the contract's event union, the object's modules, the routes'
 * own definitions) is met in this one file.
 */
import type { CheckpointTuple } from "@langchain/langgraph-checkpoint";
import { ApproveRequest, ResponsesRequest } from "../contract/api";
import { StreamEvent } from "../contract/events";
import type { WorkflowView } from "../contract/reduce";
import { LiveStatus } from "../contract/status";
import { readConfig } from "../config";
import { db, getDecisionSet, jobOfDecisionSet, latestOfThread, transitionJob } from "../db/queries";
import type { DecisionSetRow } from "../db/schema";
import { answerGate } from "../jobs/answer-gate";
import { logger } from "../log";
import { openStream, type OpenResult } from "../stream/edge";
import { decisionSetStub } from "../stream/stub";
import { DurableCheckpointer } from "../workflow/checkpointer";
import { mlopsGraph } from "../workflow/mlops/graph";
import type { WorkflowServices } from "../workflow/runtime";

export type { DecisionSetRow, StreamEvent, WorkflowView };

/** Drawing a graph runs none of its nodes, so its services are never called. */
const DRAWING_SERVICES: WorkflowServices = {
  decisionSetId: "drawing",
  putArtifacts: async () => undefined,
  previousOutputs: async () => null,
  hitlTimeoutSeconds: 0,
};

let drawing: Promise<Record<string, unknown>> | undefined;

/**
 * The workflow's compiled graph as LangChain draws it (`Graph.toJSON()`): every node and
 * edge, the loops and the gates' branches included. Built once per isolate.
 */
export function workflowDrawing(): Promise<Record<string, unknown>> {
  drawing ??= mlopsGraph({ model: null, services: DRAWING_SERVICES })
    .compile()
    .getGraphAsync()
    .then((graph) => graph.toJSON())
    .catch((error: unknown) => {
      // A failed drawing is not kept: the next request tries again.
      drawing = undefined;
      throw error;
    });
  return drawing;
}

/** Milliseconds between heartbeats on a stream, as configured for every stream. */
export const heartbeatMs = (env: Env) => readConfig(env).HEARTBEAT_MS;

/** The decision set (a run) by id, from the D1 index. */
export async function runRow(env: Env, decisionSetId: string): Promise<DecisionSetRow | undefined> {
  return getDecisionSet(db(env.DB), decisionSetId);
}

/** The newest decision set (run) of a thread. */
export async function latestRunOfThread(env: Env, threadId: string): Promise<DecisionSetRow | undefined> {
  return latestOfThread(db(env.DB), threadId);
}

/** The run's current view, or null when its object holds nothing. */
export async function runView(env: Env, decisionSetId: string): Promise<WorkflowView | null> {
  return decisionSetStub(env, decisionSetId).view();
}

/** The number of the run's attempt, for the stream's `metadata` event. */
export async function runAttempt(env: Env, decisionSetId: string): Promise<number> {
  const job = await jobOfDecisionSet(db(env.DB), decisionSetId);
  return Math.max(1, job?.attempts ?? 1);
}

export type GateAnswer =
  | { ok: true; after: number }
  | { ok: false; reason: "no-open-gate" | "ended" | "not-found" }
  | { ok: false; reason: "invalid"; message: string };

/**
 * Answers the run's open gate with `resume`, the body the REST endpoints take for that
 * gate (`{responses}` or `{decision, comment?}`), through the same path: the object lets
 * exactly one answer win, then the job is re-queued. `after` is the last seq before the
 * answer, where a stream of the resumed run starts.
 */
export async function answerRunGate(env: Env, decisionSetId: string, resume: unknown): Promise<GateAnswer> {
  const stub = decisionSetStub(env, decisionSetId);
  const [gate, view] = await Promise.all([stub.openGate(), stub.view()]);
  if (view === null) return { ok: false, reason: "not-found" };
  if (gate === null) return { ok: false, reason: "no-open-gate" };
  let value: Record<string, unknown>;
  if (gate.kind === "input") {
    const parsed = ResponsesRequest.safeParse(resume);
    if (!parsed.success) return { ok: false, reason: "invalid", message: firstIssue(parsed.error, "responses") };
    value = parsed.data.responses;
  } else {
    const parsed = ApproveRequest.safeParse(resume);
    if (!parsed.success) return { ok: false, reason: "invalid", message: firstIssue(parsed.error, "decision") };
    value = {
      decision: parsed.data.decision,
      comment: parsed.data.comment ?? "",
      approved_by: parsed.data.approved_by ?? "owner",
    };
  }
  const result = await answerGate(env, decisionSetId, gate.kind, value);
  return result.ok ? { ok: true, after: view.last_seq } : { ok: false, reason: result.reason };
}

function firstIssue(error: { issues: { path: PropertyKey[]; message: string }[] }, what: string): string {
  const issue = error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? what : issue.path.map(String).join(".");
  return `${where}: ${issue?.message ?? "invalid"}`;
}

/** Cancels the run as the product's own cancel does. False when it had already ended. */
export async function cancelRun(env: Env, decisionSetId: string): Promise<boolean> {
  const result = await decisionSetStub(env, decisionSetId).cancel("user");
  if (!result.ok) return false;
  const d = db(env.DB);
  const job = await jobOfDecisionSet(d, decisionSetId);
  if (job !== undefined) await transitionJob(d, job.id, LiveStatus.options, "cancelled");
  logger({ decision_set_id: decisionSetId, job_id: job?.id }).info("workflow cancelled");
  return true;
}

/**
 * One page of the run's stored events after `after`, in seq order, and the log's last seq;
 * null before the run's object holds anything. When `after` is older than the history the
 * object keeps, the page starts with a `snapshot` event of the view the kept history
 * follows, so a reader that reduces the page still ends with the whole view.
 */
export async function runEventsAfter(
  env: Env,
  decisionSetId: string,
  after: number,
): Promise<{ events: StreamEvent[]; last_seq: number } | null> {
  const page = await decisionSetStub(env, decisionSetId).eventsAfter(after);
  if (page === null) return null;
  if (page.snapshot === null) return { events: page.events, last_seq: page.last_seq };
  const snapshot = StreamEvent.parse({
    type: "snapshot",
    decision_set_id: decisionSetId,
    seq: page.snapshot.last_seq,
    timestamp: new Date().toISOString(),
    data: page.snapshot,
  });
  return { events: [snapshot, ...page.events], last_seq: page.last_seq };
}

/** The first frame of every stream the product writes, so the re-framed one retries as it does. */
export { RETRY_FRAME } from "../stream/sse";

/** The run's SSE stream in the product's own wire format, from the edge subscriber. */
export async function openRunStream(
  env: Env,
  decisionSetId: string,
  after: number,
  clientGone: AbortSignal,
): Promise<OpenResult> {
  return openStream(env, decisionSetId, after, heartbeatMs(env), clientGone);
}

/** Most checkpoints one history request reads. */
export const HISTORY_LIMIT_MAX = 100;

/**
 * The run's LangGraph checkpoints, newest first, read through the same saver the
 * workflow writes with (so values come back deserialized, exactly as the graph sees them).
 */
export async function runCheckpoints(
  env: Env,
  decisionSetId: string,
  options: { limit: number; before?: string },
): Promise<CheckpointTuple[]> {
  const saver = new DurableCheckpointer({ backend: decisionSetStub(env, decisionSetId) });
  const tuples: CheckpointTuple[] = [];
  const config = { configurable: { thread_id: decisionSetId, checkpoint_ns: "" } };
  const before = options.before === undefined ? undefined : { configurable: { checkpoint_id: options.before } };
  for await (const tuple of saver.list(config, { limit: Math.min(options.limit, HISTORY_LIMIT_MAX), before })) {
    tuples.push(tuple);
  }
  return tuples;
}
