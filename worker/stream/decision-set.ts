/**
 * The DecisionSet Durable Object: the home of one decision set's live state. It composes
 * the modules that each hold one concern over its SQLite: the event log (`event-log`:
 * seqs, keys, trim, view, replay), the fan-out to subscribers (`fan-out`), the human gates
 * (`gates`), the alarm that serves gates and the watchdog (`watchdog`), the artifacts
 * (`artifacts`) and the LangGraph checkpoints (`CheckpointStore`, handed out whole).
 * Putting a job back on the queue is not this module's: the class the runtime builds
 * (`jobs/decision-set.ts`) hands it in, so stream/ imports nothing of jobs or D1.
 */
import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import { readConfig, type Config } from "../config";
import { Cursor, TypesParam } from "../contract/api";
import { ProducedEvent, endsWorkflow, isEphemeral, type EventType, type NewEvent } from "../contract/events";
import { OpenGate, PendingResume, type AnsweredBy, type AnswerSource, type GateKind } from "../contract/gate";
import type { WorkflowView } from "../contract/reduce";
import { logger, type Logger } from "../log";
import { CheckpointStore } from "./checkpoint-store";
import { ArtifactStore, type ArtifactFile } from "./artifacts";
import { EVENTS_PAGE_MAX, EventLog, type EventsPage } from "./event-log";
import { Subscribers, type Frame } from "./fan-out";
import { RelayRouter, Region, SubscribeRoute, countRelays, markRelay, routeToRelay } from "./relay-route";
import { typeFilter, type TypeFilter } from "./filter";
import { answerEvents, countdownTick, gateChange } from "./gates";
import { KvTable } from "./kv";
import { sseFrame } from "./sse";
import { SUBSCRIBE_REFUSALS, refusal, type SubscribeRefusal } from "./subscribe";
import { alarmAt, arm } from "./watchdog";

export type { GateKind, PendingResume } from "../contract/gate";
export { CLOSE_ENDED } from "./subscribe";

/** Events per page of a trace export: a page is one RPC answer, so it stays far below RPC's size limit. */
export const TRACE_PAGE_EVENTS = 200;

/** Most events one append may carry (the producer sends at most a few hundred). */
export const APPEND_BATCH_MAX = 1024;

const ProducedBatch = z.array(ProducedEvent).max(APPEND_BATCH_MAX);

const Meta = z.object({
  decision_set_id: z.string(),
  job_id: z.string(),
  thread_id: z.string(),
  created_at: z.string(),
  last_seq: z.number().int().nonnegative(),
  /** The oldest retained seq; everything before it lives only in the base snapshot. */
  oldest_seq: z.number().int().positive(),
  ended: z.boolean(),
  gate: OpenGate.nullable(),
  /** The answer waiting for the consumer to resume the graph with. */
  resume: PendingResume.nullable(),
  subscribers_cut: z.number().int().nonnegative(),
  trimmed: z.number().int().nonnegative(),
  /** Work accepted and not yet done, which the alarm delivers (see `Owed`); absent in rows stored before it existed. */
  owed: z.enum(["delivery", "cancel"]).nullable().default(null),
});
type Meta = z.infer<typeof Meta>;

export interface InitArgs {
  decision_set_id: string;
  job_id: string;
  thread_id: string;
}

export interface AppendResult {
  /** Seqs assigned to the stored events of this batch, in order (duplicates get none). */
  seqs: number[];
  last_seq: number;
  /** True once the decision set has ended: the producer must stop. */
  ended: boolean;
}

export type AnswerResult = { ok: true; job_id: string } | { ok: false; reason: "not-found" | "no-open-gate" | "ended" };

/** Why a producer's batch was refused: which event, and what about it is wrong. */
function describeRefusal(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return "malformed events";
  const where = issue.path.length === 0 ? "the batch" : `event ${issue.path.map(String).join(".")}`;
  return `malformed event refused, nothing stored: ${where}: ${issue.message}`;
}

/** The answer to a subscribe request the object refuses. */
function refuse(kind: SubscribeRefusal): Response {
  return new Response(null, { status: SUBSCRIBE_REFUSALS[kind] });
}

export abstract class DecisionSet extends DurableObject<Env> {
  /** Re-enqueues the job if its worker died (the watchdog's alarm, no gate open); says whether it did. */
  protected abstract recoverJob(jobId: string, log: Logger): Promise<boolean>;
  /** Puts the job back on the queue once its gate is answered (here: at the gate's deadline). */
  protected abstract resumeJob(jobId: string, log: Logger): Promise<void>;
  /** Delivers the work the object owes its job (a run or an answer no consumer has claimed); says whether it sent. */
  protected abstract deliverOwed(jobId: string, log: Logger): Promise<boolean>;
  /** Settles a cancelled workflow's job in D1. */
  protected abstract settleCancelled(jobId: string): Promise<void>;

  private readonly config: Config;
  private meta: Meta | null = null;
  private readonly kv: KvTable;
  private readonly log: EventLog;
  private readonly subscribers: Subscribers;
  private readonly artifactStore: ArtifactStore;
  private readonly checkpointStore: CheckpointStore;
  /** When new subscribers go to relays (RELAY_THRESHOLD), and which; public so a test can lower the threshold. */
  readonly relayRouting: RelayRouter;
  /** Batches fanned out since the object woke, and the messages sent for them (at most one per socket each). */
  private fanoutBatches = 0;
  private fanoutSends = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const sql = ctx.storage.sql;
    this.config = readConfig(env);
    this.kv = new KvTable(sql);
    this.log = new EventLog(sql, this.kv);
    this.subscribers = new Subscribers(ctx);
    this.artifactStore = new ArtifactStore(sql);
    this.checkpointStore = new CheckpointStore(sql);
    this.relayRouting = new RelayRouter(this.config.RELAY_THRESHOLD);
    void ctx.blockConcurrencyWhile(async () => {
      this.kv.ensureSchema();
      this.log.ensureSchema();
      this.artifactStore.ensureSchema();
      this.checkpointStore.ensureSchema();
      this.meta = this.loadMeta();
    });
  }

  /**
   * The stored meta row, with `last_seq` taken from the event log: an append that assigns
   * seqs and changes nothing else does not rewrite the row (see `store`).
   */
  private loadMeta(): Meta | null {
    const meta = this.kv.read("meta", Meta);
    if (meta === null) return null;
    const last = this.log.maxSeq();
    return last !== null && last > meta.last_seq ? { ...meta, last_seq: last } : meta;
  }

  private saveMeta(meta: Meta): void {
    this.meta = meta;
    this.kv.write("meta", meta);
  }

  // ---------------------------------------------------------------- RPC: lifecycle

  /**
   * Creates the decision set's log. Idempotent: a second call with the same ids changes nothing.
   */
  init(args: InitArgs): { created: boolean } {
    if (this.meta !== null) return { created: false };
    this.saveMeta({
      ...args,
      created_at: new Date().toISOString(),
      last_seq: 0,
      oldest_seq: 1,
      ended: false,
      gate: null,
      resume: null,
      subscribers_cut: 0,
      trimmed: 0,
      // The run is owed to a consumer from the moment it is accepted.
      owed: "delivery",
    });
    void this.rearm();
    return { created: true };
  }

  /** Whether this object holds a decision set at all (unknown ids are 404 everywhere). */
  exists(): boolean {
    return this.meta !== null;
  }

  // ---------------------------------------------------------------- RPC: events

  /**
   * Appends a producer's batch of events in order, once it has parsed as the contract's
   * events: a malformed batch is refused whole with an error naming the event, and nothing
   * of it is stored. Stored events get the next seqs; an event whose `key` was seen before
   * is dropped (a step re-run after a crash); ephemeral events are fanned out and never
   * stored. After the decision set ends nothing more is accepted.
   */
  append(events: unknown): AppendResult {
    const parsed = ProducedBatch.safeParse(events);
    if (!parsed.success) throw new Error(describeRefusal(parsed.error));
    return this.store(parsed.data);
  }

  /** Stores and fans out events the object has typed itself or parsed. */
  private store(events: readonly NewEvent[]): AppendResult {
    const meta = this.meta;
    if (meta === null) throw new Error("decision set not initialised");
    if (meta.ended) return { seqs: [], last_seq: meta.last_seq, ended: true };
    const seqs: number[] = [];
    const frames: Frame[] = [];
    let next: Meta = { ...meta };
    for (const event of events) {
      if (next.ended) break;
      const ts = new Date().toISOString();
      // Encoded once: the same text is stored, framed for the live subscribers, and replayed.
      const dataJson = JSON.stringify(event.data);
      if (isEphemeral(event.type)) {
        frames.push({ type: event.type, text: sseFrame(event.type, meta.decision_set_id, undefined, ts, dataJson) });
        continue;
      }
      const seq = next.last_seq + 1;
      if (event.key !== undefined && !this.log.claimKey(event.key, seq)) continue;
      this.log.insert(seq, event.type, ts, dataJson);
      next.last_seq = seq;
      seqs.push(seq);
      frames.push({ type: event.type, text: sseFrame(event.type, meta.decision_set_id, seq, ts, dataJson) });
      const gate = gateChange(event, Date.now());
      // Opening a gate forgets an answer still waiting: it was for the gate before this one.
      if (gate !== undefined) next = gate === null ? { ...next, gate } : { ...next, gate, resume: null };
      if (endsWorkflow(event)) next = { ...next, ended: true, gate: null };
    }
    if (seqs.length > 0) {
      const trimmed = this.log.trim(next, this.config.HISTORY_MAX, this.config.HISTORY_KEEP);
      if (trimmed.dropped > 0)
        next = { ...next, oldest_seq: trimmed.oldest_seq, trimmed: next.trimmed + trimmed.dropped };
      // The log itself records last_seq (loadMeta): the row is rewritten only when something else changed.
      if (
        next.oldest_seq !== meta.oldest_seq ||
        next.ended !== meta.ended ||
        next.gate !== meta.gate ||
        next.resume !== meta.resume ||
        next.owed !== meta.owed
      )
        this.saveMeta(next);
      else this.meta = next;
    }
    if (next.gate !== meta.gate || next.ended !== meta.ended) void this.rearm();
    if (frames.length > 0) {
      this.fanoutBatches++;
      this.fanoutSends += this.subscribers.size;
    }
    this.subscribers.send(frames);
    if (next.ended && !meta.ended) this.subscribers.closeAll();
    return { seqs, last_seq: next.last_seq, ended: next.ended };
  }

  /**
   * The retained events after `after` (at most `limit`), and the base snapshot when
   * `after` is older than what is retained. For clients that cannot hold a stream.
   */
  eventsAfter(after: number, limit = EVENTS_PAGE_MAX, types?: readonly EventType[]): EventsPage | null {
    const meta = this.meta;
    return meta === null ? null : this.log.page(meta, after, limit, typeFilter(types));
  }

  /**
   * One page of the trace export (see `EventLog.tracePage`): start with `after` 0 and
   * `upTo` null, then pass back `next` and `up_to` until `done`. `up_to` is the last seq
   * when the export began, so a running workflow's trace ends where it was asked for.
   * Null for an unknown decision set; `{ trimmed: true }` when history the trace had not
   * yet reached was trimmed meanwhile.
   */
  tracePage(
    after: number,
    upTo: number | null,
  ): { lines: string[]; next: number; up_to: number; done: boolean } | { trimmed: true } | null {
    const meta = this.meta;
    if (meta === null) return null;
    const end = upTo ?? meta.last_seq;
    const page = this.log.tracePage(meta, after, end, TRACE_PAGE_EVENTS);
    if (page === null) return { trimmed: true };
    return { ...page, up_to: end, done: page.next >= end };
  }

  /** The full current view of the workflow (the snapshot of every event so far). */
  view(): WorkflowView | null {
    const meta = this.meta;
    return meta === null ? null : this.log.view(meta);
  }

  /**
   * For a StreamRelay: the replay after `after` (a snapshot first when it is older than the
   * retained history; only `types`), in messages ending with `caught-up`, and the last seq
   * it reaches. Null for an unknown decision set or a cursor ahead of the stream.
   */
  replayFor(after: number, types?: readonly EventType[]): { messages: string[]; last_seq: number } | null {
    const meta = this.meta;
    if (meta === null || after > meta.last_seq) return null;
    return { messages: this.log.replay(meta, after, typeFilter(types)).messages, last_seq: meta.last_seq };
  }

  /**
   * Counters for `/stats`: stored, retained, trimmed, subscribers (relays among them),
   * cut-offs, and the fan-out since the object woke: batches, and the messages sent for them.
   */
  stats(): Record<string, number | boolean> | null {
    const meta = this.meta;
    if (meta === null) return null;
    return {
      stored: meta.last_seq,
      retained: meta.last_seq - meta.oldest_seq + 1,
      trimmed: meta.trimmed,
      oldest_retained_seq: meta.oldest_seq,
      subscribers: this.subscribers.size,
      subscribers_cut: meta.subscribers_cut,
      relays: countRelays(this.ctx),
      routed_to_relays: this.relayRouting.routedTotal,
      fanout_batches: this.fanoutBatches,
      fanout_sends: this.fanoutSends,
      ended: meta.ended,
      storage_bytes: this.ctx.storage.sql.databaseSize,
    };
  }

  /** Counts a subscriber the edge cut off for not keeping up. */
  noteSubscriberCut(): void {
    if (this.meta !== null) this.saveMeta({ ...this.meta, subscribers_cut: this.meta.subscribers_cut + 1 });
  }

  // ---------------------------------------------------------------- RPC: gates and cancel

  /**
   * Answers the open gate of `kind` with `value`. Exactly one answer wins: the first
   * closes the gate, records the resume value and appends `responses-collected`; any
   * later one gets `no-open-gate`. The caller then enqueues the resume. `by` names the
   * person who answered, as the caller vouched for them.
   */
  answer(kind: GateKind, value: Record<string, unknown>, source: AnswerSource, by?: AnsweredBy): AnswerResult {
    const meta = this.meta;
    if (meta === null) return { ok: false, reason: "not-found" };
    if (meta.ended) return { ok: false, reason: "ended" };
    if (meta.gate === null || meta.gate.kind !== kind) return { ok: false, reason: "no-open-gate" };
    // The answer is owed to a consumer until one claims the job: if the caller dies before
    // it enqueues the resume, the alarm does it.
    this.saveMeta({ ...meta, gate: null, resume: { id: crypto.randomUUID(), gate: kind, value }, owed: "delivery" });
    this.store(answerEvents(kind, value, source, by));
    void this.rearm();
    return { ok: true, job_id: meta.job_id };
  }

  /**
   * Called by a consumer that has claimed the job: what it needs to run (the open gate, the
   * answer to resume with, whether the decision set exists), and the delivery the object
   * owed is done. Anything after the claim is the lease's business.
   */
  claimed(): { exists: boolean; gate: OpenGate | null; resume: PendingResume | null } {
    const meta = this.meta;
    if (meta === null) return { exists: false, gate: null, resume: null };
    if (meta.owed === "delivery") {
      this.saveMeta({ ...meta, owed: null });
      void this.rearm();
    }
    return { exists: true, gate: meta.gate, resume: meta.resume };
  }

  /** The answer the graph must resume with, if a gate was answered and not yet resumed. */
  pendingResume(): PendingResume | null {
    return this.meta?.resume ?? null;
  }

  /** The gate currently waiting for a person, if any. */
  openGate(): OpenGate | null {
    return this.meta?.gate ?? null;
  }

  /**
   * Clears the resume value `id` once the graph has taken it. A newer answer (the next
   * gate, answered while the previous invocation was still winding down) is kept.
   */
  resumeTaken(id: string): void {
    if (this.meta !== null && this.meta.resume?.id === id) this.saveMeta({ ...this.meta, resume: null });
  }

  /** Ends the workflow as cancelled. False when it had already ended. */
  cancel(by: string): { ok: boolean; job_id: string | null } {
    const meta = this.meta;
    if (meta === null) return { ok: false, job_id: null };
    if (meta.ended) return { ok: false, job_id: meta.job_id };
    this.store([{ type: "workflow-cancelled", data: { by } }]);
    // D1 must say so too: the caller settles it, and the alarm does if the caller dies first.
    if (this.meta !== null) this.saveMeta({ ...this.meta, owed: "cancel" });
    void this.rearm();
    return { ok: true, job_id: meta.job_id };
  }

  // ---------------------------------------------------------------- RPC: artifacts and checkpoints

  /** Stores generated files (idempotent per path; bounded in count and size, see ArtifactStore). */
  putArtifacts(files: ArtifactFile[]): void {
    this.artifactStore.put(files);
  }

  /** Every stored artifact, sorted by path. */
  artifacts(): ArtifactFile[] {
    return this.artifactStore.all();
  }

  /** The LangGraph checkpoint store, whole: an RpcTarget whose methods the checkpointer calls directly. */
  checkpoints(): CheckpointStore {
    return this.checkpointStore;
  }

  // ---------------------------------------------------------------- alarm: deadlines and watchdog

  private async rearm(): Promise<void> {
    const meta = this.meta;
    await arm(this.ctx.storage, meta === null ? null : alarmAt(meta, this.config, Date.now()));
  }

  /**
   * With a gate open: ticks its countdown and, at its deadline, answers it with the
   * defaults its pause carried. Otherwise: re-enqueues the job if its worker died.
   */
  override async alarm(): Promise<void> {
    const meta = this.meta;
    if (meta === null) return;
    const log = logger({ decision_set_id: meta.decision_set_id, job_id: meta.job_id });
    if (meta.ended) {
      if (meta.owed === "cancel") {
        await this.settleCancelled(meta.job_id);
        this.saveMeta({ ...meta, owed: null });
      }
      return;
    }
    const gate = meta.gate;
    if (gate === null) {
      if (meta.owed === "delivery") await this.deliverOwed(meta.job_id, log);
      else await this.recoverJob(meta.job_id, log);
      await this.rearm();
      return;
    }
    const now = Date.now();
    if (now >= gate.deadline_ms) {
      const result = this.answer(gate.kind, gate.defaults, "auto");
      if (result.ok) await this.resumeJob(result.job_id, log);
      return;
    }
    if (this.subscribers.size > 0) this.store([countdownTick(gate, now)]);
    await this.rearm();
  }

  // ---------------------------------------------------------------- subscriptions

  /**
   * `GET /subscribe?after=N`: refused with a status of `SUBSCRIBE_REFUSALS` (unknown
   * decision set, ended with nothing new, cursor ahead); for an ended stream, the replay
   * as a finished SSE body; otherwise a hibernatable WebSocket that first carries the
   * replay (a snapshot if the cursor is older than the retained history), then
   * `caught-up`, then every live event.
   */
  override async fetch(request: Request): Promise<Response> {
    const meta = this.meta;
    if (meta === null) return refuse("not-found");
    const params = new URL(request.url).searchParams;
    const cursor = Cursor.safeParse(params.get("after") ?? "0");
    if (!cursor.success) return refuse("bad-cursor");
    const types = params.get("types");
    let filter: TypeFilter = null;
    if (types !== null) {
      const parsed = TypesParam.safeParse(types);
      if (!parsed.success) return refuse("bad-cursor");
      filter = typeFilter(parsed.data);
    }
    const refused = refusal(meta, cursor.data);
    if (refused !== null) return refuse(refused);
    // Only an edge's request (openStream) may be routed on; any other caller is taken directly.
    const route = SubscribeRoute.catch("direct").parse(params.get("route") ?? "direct");
    const region = Region.catch("any").parse(params.get("region") ?? "any");
    if (route === "edge" && !meta.ended) {
      const shard = this.relayRouting.shardFor(this.subscribers.size - countRelays(this.ctx), region);
      if (shard !== null) return routeToRelay(shard);
    }
    // Built and handed over with no await in between: no append can fall between the
    // replay and the first live frame.
    const replay = this.log.replay(meta, cursor.data, filter);
    if (meta.ended) {
      // A filtered cursor stops short of last_seq when the last events are of other types:
      // it has all it asked for once nothing of its types is left, and must hear 204 then,
      // or EventSource would reconnect to an empty replay forever.
      if (filter !== null && replay.replayed === 0) return refuse("no-content");
      return new Response(replay.messages.join(""), { headers: { "content-type": "text/event-stream" } });
    }
    if (request.headers.get("upgrade") !== "websocket") return new Response("expected websocket", { status: 426 });
    const pair = new WebSocketPair();
    this.subscribers.accept(pair[1], replay.messages, filter);
    if (route === "relay") markRelay(pair[1]);
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  override webSocketMessage(): void {
    // Subscribers only listen; anything they send is ignored (no endpoint injects events).
  }

  override webSocketClose(ws: WebSocket, code: number): void {
    this.subscribers.forget(ws);
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, "closing");
    } catch {
      // already closed
    }
  }

  override webSocketError(ws: WebSocket): void {
    // The socket is gone; the client reconnects with its cursor.
    this.subscribers.forget(ws);
  }
}
