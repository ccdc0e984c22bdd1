/**
 * The queue consumer. Each message names a job; the consumer claims it in D1 with a
 * lease (a duplicate delivery claims nothing and is acked), runs the workflow from its
 * last checkpoint, and acks. A failure is retried with backoff (`job-retry`); after the
 * last attempt the job fails with an `error` event. A human gate ends the invocation:
 * the job is `paused` until an answer or the deadline enqueues it again.
 */
import { JobMessage, StoredJobPayload, type JobPayload } from "../contract/queue";
import { newEvent } from "../contract/events";
import { readConfig, type Config } from "../config";
import { claimJob, db, getDecisionSet, renewLease, transitionJob } from "../db/queries";
import type { JobRow } from "../db/schema";
import { logger, type Logger } from "../log";
import { decisionSetStub, type DecisionSetStub } from "../stream/stub";
import { checkArtifacts } from "../workflow/artifacts";
import { DurableCheckpointer } from "../workflow/checkpointer";
import { createModel } from "../workflow/model";
import { runWorkflow } from "../workflow/run";
import type { RunnableGraph, WorkflowDefinition } from "../workflow/runtime";
import { defaultWorkflow } from "../workflow";
import { failJob, settleFailure } from "./failure";
import { EventSink } from "./sink";
import { resumeJob } from "./requeue";

/** Backoff before retry n (1-based): 2, 4, 8 … seconds, capped, with jitter. */
export function retryDelaySeconds(attempt: number): number {
  const base = Math.min(2 ** attempt, 300);
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

export interface ConsumerDeps {
  workflow: WorkflowDefinition;
  /** Backoff schedule; tests shorten it. */
  delaySeconds: (attempt: number) => number;
}

const defaults: ConsumerDeps = { workflow: defaultWorkflow, delaySeconds: retryDelaySeconds };

/** The `queue` handler for the jobs queue and its dead-letter queue. */
export async function handleQueue(batch: MessageBatch, env: Env, deps: ConsumerDeps = defaults): Promise<void> {
  const deadLetter = batch.queue.endsWith("-dlq");
  await Promise.all(
    batch.messages.map((message) => (deadLetter ? handleDeadLetter(message, env) : handleMessage(message, env, deps))),
  );
}

/** A claimed job, ready to run: what `prepare` found, and who holds the lease. */
interface Prepared {
  jobId: string;
  owner: string;
  job: JobRow;
  payload: JobPayload;
  stub: DecisionSetStub;
  /** The gate answer this invocation resumes with, if any. */
  resume: Awaited<ReturnType<DecisionSetStub["pendingResume"]>>;
  runId: string;
  log: Logger;
}

/**
 * Parses the message, claims its job and reads what the run needs. Everything that ends
 * the delivery without running the graph is settled (and the message acked) here; null then.
 */
async function prepare(message: Message, env: Env, config: Config): Promise<Prepared | null> {
  const parsed = JobMessage.safeParse(message.body);
  if (!parsed.success) {
    logger().warn("queue message rejected", { issues: parsed.error.issues.length });
    message.ack();
    return null;
  }
  const jobId = parsed.data.job_id;
  const d = db(env.DB);
  const owner = crypto.randomUUID();
  const job = await claimJob(d, jobId, owner, config.LEASE_MS);
  if (job === undefined) {
    // Already running elsewhere, finished, or cancelled: a duplicate delivery is a no-op.
    logger({ job_id: jobId }).info("job not claimable; message acked");
    message.ack();
    return null;
  }
  const payload = StoredJobPayload.safeParse(job.payload);
  if (!payload.success) {
    // No attempt can run a payload that does not parse: fail now instead of retrying.
    const reason = `the job payload is invalid: ${payload.error.issues.map((i) => i.message).join("; ")}`;
    await failJob(env, jobId, reason, job.attempts, logger({ job_id: jobId }), owner);
    message.ack();
    return null;
  }
  const stub = decisionSetStub(env, job.decisionSetId);
  const { gate, resume, exists } = await stub.claimed();
  if (!exists) {
    await transitionJob(d, jobId, ["running"], "failed", { owner, error: "decision set storage missing" });
    message.ack();
    return null;
  }
  if (gate !== null && resume === null) {
    // A stray delivery while the workflow waits for a person: nothing to do until they answer.
    await transitionJob(d, jobId, ["running"], "paused", { owner });
    message.ack();
    return null;
  }
  const runId = crypto.randomUUID();
  const log = logger({
    job_id: jobId,
    decision_set_id: job.decisionSetId,
    thread_id: payload.data.thread_id,
    run_id: runId,
  });
  return { jobId, owner, job, payload: payload.data, stub, resume, runId, log };
}

/** The workflow's graph for this job, its services bound to the job's decision set. */
async function buildGraph(
  env: Env,
  config: Config,
  deps: ConsumerDeps,
  p: Prepared,
  sink: EventSink,
): Promise<RunnableGraph> {
  const checkpointer = new DurableCheckpointer({ backend: p.stub, beforePut: () => sink.flush() });
  return deps.workflow.build({
    model: await createModel(env),
    checkpointer,
    services: {
      decisionSetId: p.job.decisionSetId,
      hitlTimeoutSeconds: config.HITL_TIMEOUT_SECONDS,
      putArtifacts: async (files) => {
        // Checked here, whole, so that an over-limit bundle fails the run with a reason.
        checkArtifacts(files);
        await p.stub.putArtifacts(files);
      },
      previousOutputs: async () => {
        if (p.payload.previous_id === null) return null;
        const previous = await getDecisionSet(db(env.DB), p.payload.previous_id);
        if (previous === undefined) return null;
        const view = await decisionSetStub(env, previous.id).view();
        return view?.final_outputs ?? null;
      },
    },
  });
}

async function handleMessage(message: Message, env: Env, deps: ConsumerDeps): Promise<void> {
  const config = readConfig(env);
  const p = await prepare(message, env, config);
  if (p === null) return;
  const { jobId, owner, job, payload, stub, resume, log } = p;
  const d = db(env.DB);

  const abort = new AbortController();
  const sink = new EventSink(stub, () => abort.abort(new Error("decision set ended")));
  const renew = setInterval(() => {
    void renewLease(d, jobId, owner, config.LEASE_MS).then((held) => {
      if (!held) abort.abort(new Error("lease lost"));
    });
  }, config.LEASE_MS / 3);

  try {
    const graph = await buildGraph(env, config, deps, p, sink);
    log.info("job started", { attempt: job.attempts, resume: resume !== null });
    const outcome = await runWorkflow({
      definition: deps.workflow,
      graph,
      decisionSetId: job.decisionSetId,
      jobId,
      attempt: job.attempts,
      input: { messages: payload.messages, thread_id: payload.thread_id, previous_id: payload.previous_id },
      resume: resume?.value ?? null,
      sink,
      signal: abort.signal,
      runId: p.runId,
    });
    if (resume !== null && outcome.usedResume) await stub.resumeTaken(resume.id);
    if (outcome.kind === "interrupted") {
      await sink.flush();
      await transitionJob(d, jobId, ["running"], "paused", { owner });
      // An answer that arrived before the pause was recorded must not be stranded.
      if ((await stub.pendingResume()) !== null) await resumeJob(env, jobId, log);
      log.info("job paused at a gate");
    } else {
      const status = outcome.outputs.status;
      const summary = JSON.stringify(outcome.outputs.architecture).slice(0, 2000);
      await transitionJob(d, jobId, ["running"], "completed", { owner, decisionSetStatus: status, summary });
      sink.emit(
        newEvent(
          "workflow-complete",
          { final_outputs: outcome.outputs, duration_ms: runDuration(job.createdAt) },
          "workflow-complete",
        ),
      );
      await sink.flush();
      log.info("job completed", { status });
    }
    message.ack();
  } catch (err) {
    // Deliveries of this message count the attempts: a resume is a new message with its own budget.
    await settleFailure({
      err,
      sink,
      abort,
      env,
      jobId,
      owner,
      attempt: message.attempts,
      maxAttempts: job.maxAttempts,
      message,
      delaySeconds: deps.delaySeconds,
      log,
    });
  } finally {
    clearInterval(renew);
  }
}

function runDuration(createdAt: number): number {
  return Math.max(0, Date.now() - createdAt);
}

/** Messages that exhausted their deliveries: fail the job if nothing else has. */
async function handleDeadLetter(message: Message, env: Env): Promise<void> {
  const parsed = JobMessage.safeParse(message.body);
  if (parsed.success) {
    const log = logger({ job_id: parsed.data.job_id });
    const job = await db(env.DB).query.jobs.findFirst({ where: (j, { eq }) => eq(j.id, parsed.data.job_id) });
    if (job !== undefined && (job.status === "queued" || job.status === "running")) {
      await failJob(env, job.id, "the job exhausted its deliveries", job.attempts, log);
    }
  }
  message.ack();
}
