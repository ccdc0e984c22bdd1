/**
 * The DecisionSet Durable Object: the home of one decision set's live state.
 * It assigns seq ids, stores the event log (bounded), folds trimmed history into a
 * snapshot, fans every event out to its subscribers (hibernatable WebSockets held by
 * the edge Worker, which writes the SSE), replays from a cursor, runs the human gates'
 * deadlines on its alarm, and stores the workflow's LangGraph checkpoints and artifacts.
 */
import { DurableObject } from "cloudflare:workers";
import { readConfig, type Config } from "../config";
import { endsWorkflow, isEphemeral, type NewEvent, type StreamEvent } from "../contract/events";
import { initialView, reduce, toSnapshot, type WorkflowView } from "../contract/reduce";
import { recoverJob } from "../jobs/recover";
import { resumeJob } from "../jobs/resume";
import { logger } from "../log";
import { CheckpointStore } from "../workflow/checkpoint-store";
import { sseFrame } from "./sse";

const encoder = new TextEncoder();

/** Close code the object uses when a finished stream has sent everything. */
export const CLOSE_ENDED = 4000;
/** The largest WebSocket message the object sends; a replay is split into messages of this size. */
const MAX_MESSAGE_CHARS = 256 * 1024;
/** Most events one `/events` page returns. */
const EVENTS_PAGE_MAX = 1000;
/** Most artifacts and bytes one decision set stores. */
const MAX_ARTIFACTS = 200;
const MAX_ARTIFACT_BYTES = 512 * 1024;

export type GateKind = "input" | "final";

interface Gate {
  kind: GateKind;
  deadline_ms: number;
  defaults: Record<string, unknown>;
}

interface Meta {
  decision_set_id: string;
  job_id: string;
  thread_id: string;
  created_at: string;
  last_seq: number;
  /** The oldest retained seq; everything before it lives only in the base snapshot. */
  oldest_seq: number;
  ended: boolean;
  gate: Gate | null;
  /** The answer waiting for the consumer to resume the graph with. */
  resume: PendingResume | null;
  subscribers_cut: number;
  trimmed: number;
}

/** An answer waiting to be resumed with; `id` tells one answer from the next of the same gate. */
export interface PendingResume {
  id: string;
  gate: GateKind;
  value: Record<string, unknown>;
}

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

export type StoredEventRow = {
  seq: number;
  type: string;
  ts: string;
  data: string;
};

export class DecisionSet extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private readonly config: Config;
  private meta: Meta | null = null;
  private readonly checkpoints: CheckpointStore;
  /** The full current view, rebuilt on demand and dropped on every append. */
  private viewCache: WorkflowView | null = null;
  /**
   * The subscribers' sockets, kept up to date on accept and close so that an append does
   * not ask the runtime for the list (which builds a new array of every socket each time).
   * Null after a wake from hibernation, until first needed. Bounded by the sockets the
   * runtime holds for this object.
   */
  private sockets: Set<WebSocket> | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.config = readConfig(env);
    this.checkpoints = new CheckpointStore(this.sql);
    void ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`CREATE TABLE IF NOT EXISTS events (
        seq INTEGER PRIMARY KEY, type TEXT NOT NULL, ts TEXT NOT NULL, data TEXT NOT NULL)`);
      this.sql.exec(`CREATE TABLE IF NOT EXISTS event_keys (key TEXT PRIMARY KEY, seq INTEGER NOT NULL)`);
      this.sql.exec(`CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT NOT NULL)`);
      this.sql.exec(`CREATE TABLE IF NOT EXISTS artifacts (path TEXT PRIMARY KEY, content TEXT NOT NULL)`);
      this.checkpoints.ensureSchema();
      this.meta = this.loadMeta();
    });
  }

  // ---------------------------------------------------------------- storage helpers

  private readKv<T>(k: string): T | null {
    const row = this.sql.exec<{ v: string }>("SELECT v FROM kv WHERE k = ?", k).toArray()[0];
    return row === undefined ? null : (JSON.parse(row.v) as T);
  }

  private writeKv(k: string, v: unknown): void {
    this.sql.exec(
      "INSERT INTO kv (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v",
      k,
      JSON.stringify(v),
    );
  }

  /**
   * The stored meta row, with `last_seq` taken from the event log: an append that assigns
   * seqs and changes nothing else does not rewrite the row (see `append`).
   */
  private loadMeta(): Meta | null {
    const meta = this.readKv<Meta>("meta");
    if (meta === null) return null;
    const row = this.sql.exec<{ last: number | null }>("SELECT MAX(seq) AS last FROM events").toArray()[0];
    const last = row?.last ?? null;
    return last !== null && last > meta.last_seq ? { ...meta, last_seq: last } : meta;
  }

  private saveMeta(meta: Meta): void {
    this.meta = meta;
    this.writeKv("meta", meta);
  }

  /** The subscribers' sockets (see `sockets`). */
  private subscribers(): Set<WebSocket> {
    this.sockets ??= new Set(this.ctx.getWebSockets());
    return this.sockets;
  }

  /** Forgets a socket that closed; if it was not in the set, the set is rebuilt from the runtime's list. */
  private forget(ws: WebSocket): void {
    if (this.sockets !== null && !this.sockets.delete(ws)) this.sockets = null;
  }

  private baseView(meta: Meta): WorkflowView {
    return this.readKv<WorkflowView>("base") ?? initialView(meta.decision_set_id);
  }

  private rowToEvent(meta: Meta, row: StoredEventRow): StreamEvent {
    return {
      type: row.type,
      decision_set_id: meta.decision_set_id,
      seq: row.seq,
      timestamp: row.ts,
      data: JSON.parse(row.data),
    } as StreamEvent;
  }

  private rowsAfter(after: number, limit: number): StoredEventRow[] {
    return this.sql
      .exec<StoredEventRow>("SELECT seq, type, ts, data FROM events WHERE seq > ? ORDER BY seq LIMIT ?", after, limit)
      .toArray();
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
   * Appends a batch of events in order. Stored events get the next seqs; an event whose
   * `key` was seen before is dropped (a step re-run after a crash); ephemeral events are
   * fanned out and never stored. After the decision set ends nothing more is accepted.
   */
  append(events: NewEvent[]): AppendResult {
    const meta = this.meta;
    if (meta === null) throw new Error("decision set not initialised");
    if (meta.ended) return { seqs: [], last_seq: meta.last_seq, ended: true };
    const seqs: number[] = [];
    const frames: string[] = [];
    let next: Meta = { ...meta };
    for (const event of events) {
      if (next.ended) break;
      const ts = new Date().toISOString();
      const dataJson = JSON.stringify(event.data);
      if (isEphemeral(event.type)) {
        frames.push(sseFrame(event.type, meta.decision_set_id, undefined, ts, dataJson));
        continue;
      }
      const seq = next.last_seq + 1;
      if (event.key !== undefined) {
        // One statement both checks and records the key: nothing written means seen before.
        const claimed = this.sql.exec(
          "INSERT INTO event_keys (key, seq) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
          event.key,
          seq,
        );
        if (claimed.rowsWritten === 0) continue;
      }
      this.sql.exec("INSERT INTO events (seq, type, ts, data) VALUES (?, ?, ?, ?)", seq, event.type, ts, dataJson);
      next.last_seq = seq;
      seqs.push(seq);
      frames.push(sseFrame(event.type, meta.decision_set_id, seq, ts, dataJson));
      next = this.applyGateEffects(next, event);
      if (endsWorkflow(event)) next = { ...next, ended: true, gate: null };
    }
    if (seqs.length > 0) {
      next = this.trim(next);
      this.viewCache = null;
      // The log itself records last_seq (loadMeta): the row is rewritten only when something else changed.
      if (
        next.oldest_seq !== meta.oldest_seq ||
        next.ended !== meta.ended ||
        next.gate !== meta.gate ||
        next.resume !== meta.resume
      )
        this.saveMeta(next);
      else this.meta = next;
    }
    if (next.gate !== meta.gate || next.ended !== meta.ended) void this.rearm();
    this.fanOut(frames.join(""));
    if (next.ended && !meta.ended) this.closeAll();
    return { seqs, last_seq: next.last_seq, ended: next.ended };
  }

  /** Opens or closes a human gate as the events that announce them pass through. */
  private applyGateEffects(meta: Meta, event: NewEvent): Meta {
    // A gate the workflow answered itself (no waiting configured) closes as its answer passes.
    if (event.type === "responses-collected") return meta.gate === null ? meta : { ...meta, gate: null };
    if (event.type === "questions-presented" && event.data.timeout_seconds === 0) return meta;
    if (event.type === "questions-presented") {
      const deadline = Date.parse(event.data.deadline);
      return {
        ...meta,
        resume: null,
        gate: { kind: "input", deadline_ms: deadline, defaults: event.data.smart_defaults },
      };
    }
    if (event.type === "workflow-paused" && event.data.gate === "final") {
      const deadline = event.data.deadline === undefined ? Date.now() : Date.parse(event.data.deadline);
      return {
        ...meta,
        resume: null,
        gate: { kind: "final", deadline_ms: deadline, defaults: { decision: "approved" } },
      };
    }
    return meta;
  }

  /**
   * One alarm serves two purposes: while a gate is open it ticks the countdown and fires
   * at the deadline; otherwise, until the workflow ends, it is the watchdog that notices a
   * job whose worker died (the alarm survives the process; the job row tells).
   */
  private async rearm(): Promise<void> {
    const meta = this.meta;
    if (meta === null || meta.ended) {
      await this.ctx.storage.deleteAlarm();
      return;
    }
    const now = Date.now();
    const at =
      meta.gate === null
        ? now + this.config.LEASE_MS
        : Math.min(meta.gate.deadline_ms, now + this.config.COUNTDOWN_TICK_MS);
    await this.ctx.storage.setAlarm(Math.max(at, now));
  }

  /** Drops the oldest events past HISTORY_MAX down to HISTORY_KEEP, folding them into the base snapshot. */
  private trim(meta: Meta): Meta {
    const retained = meta.last_seq - meta.oldest_seq + 1;
    if (retained <= this.config.HISTORY_MAX) return meta;
    const cut = meta.last_seq - this.config.HISTORY_KEEP;
    const rows = this.sql
      .exec<StoredEventRow>("SELECT seq, type, ts, data FROM events WHERE seq <= ? ORDER BY seq", cut)
      .toArray();
    let base = this.baseView(meta);
    for (const row of rows) base = reduce(base, this.rowToEvent(meta, row));
    this.writeKv("base", toSnapshot(base));
    this.sql.exec("DELETE FROM events WHERE seq <= ?", cut);
    return { ...meta, oldest_seq: cut + 1, trimmed: meta.trimmed + rows.length };
  }

  /** Sends one batch's frames to every subscriber, encoded to bytes once for all of them. */
  private fanOut(text: string): void {
    if (text.length === 0) return;
    const sockets = this.subscribers();
    if (sockets.size === 0) return;
    const bytes = encoder.encode(text);
    for (const ws of sockets) {
      try {
        ws.send(bytes);
      } catch {
        // A socket that closed under us is gone; its client reconnects with its cursor.
        sockets.delete(ws);
      }
    }
  }

  private closeAll(): void {
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.close(CLOSE_ENDED, "workflow ended");
      } catch {
        // already closed
      }
    }
    this.sockets = new Set();
  }

  /**
   * The retained events after `after` (at most `limit`), and the base snapshot when
   * `after` is older than what is retained. For clients that cannot hold a stream.
   */
  eventsAfter(
    after: number,
    limit = EVENTS_PAGE_MAX,
  ): {
    events: StreamEvent[];
    last_seq: number;
    oldest_retained_seq: number;
    snapshot: WorkflowView | null;
  } | null {
    const meta = this.meta;
    if (meta === null) return null;
    const needsSnapshot = after < meta.oldest_seq - 1;
    const from = needsSnapshot ? meta.oldest_seq - 1 : after;
    const rows = this.rowsAfter(from, Math.min(limit, EVENTS_PAGE_MAX));
    return {
      events: rows.map((r) => this.rowToEvent(meta, r)),
      last_seq: meta.last_seq,
      oldest_retained_seq: meta.oldest_seq,
      snapshot: needsSnapshot ? this.baseView(meta) : null,
    };
  }

  /** The full current view of the workflow (the snapshot of every event so far). */
  view(): WorkflowView | null {
    const meta = this.meta;
    if (meta === null) return null;
    if (this.viewCache !== null && this.viewCache.last_seq === meta.last_seq) return this.viewCache;
    let view = this.baseView(meta);
    let after = meta.oldest_seq - 1;
    for (;;) {
      const rows = this.rowsAfter(after, EVENTS_PAGE_MAX);
      for (const row of rows) view = reduce(view, this.rowToEvent(meta, row));
      const last = rows.at(-1);
      if (last === undefined || rows.length < EVENTS_PAGE_MAX) break;
      after = last.seq;
    }
    this.viewCache = toSnapshot(view);
    return this.viewCache;
  }

  /** Counters for `/stats`: stored, retained, trimmed, subscribers, cut-offs. */
  stats(): Record<string, number | boolean> | null {
    const meta = this.meta;
    if (meta === null) return null;
    return {
      stored: meta.last_seq,
      retained: meta.last_seq - meta.oldest_seq + 1,
      trimmed: meta.trimmed,
      oldest_retained_seq: meta.oldest_seq,
      subscribers: this.subscribers().size,
      subscribers_cut: meta.subscribers_cut,
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
   * later one gets `no-open-gate`. The caller then enqueues the resume.
   */
  answer(kind: GateKind, value: Record<string, unknown>, source: "user" | "auto"): AnswerResult {
    const meta = this.meta;
    if (meta === null) return { ok: false, reason: "not-found" };
    if (meta.ended) return { ok: false, reason: "ended" };
    if (meta.gate === null || meta.gate.kind !== kind) return { ok: false, reason: "no-open-gate" };
    const events: NewEvent[] = [];
    if (source === "auto") events.push({ type: "auto-approving", data: { responses: value } });
    events.push({ type: "responses-collected", data: { responses: value, source, gate: kind } });
    this.saveMeta({ ...meta, gate: null, resume: { id: crypto.randomUUID(), gate: kind, value } });
    this.append(events);
    void this.rearm();
    return { ok: true, job_id: meta.job_id };
  }

  /** The answer the graph must resume with, if a gate was answered and not yet resumed. */
  pendingResume(): PendingResume | null {
    return this.meta?.resume ?? null;
  }

  /** The gate currently waiting for a person, if any. */
  openGate(): Gate | null {
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
    this.append([{ type: "workflow-cancelled", data: { by } }]);
    return { ok: true, job_id: meta.job_id };
  }

  // ---------------------------------------------------------------- RPC: artifacts

  /** Stores generated files (idempotent per path; bounded in count and size). */
  putArtifacts(files: { path: string; content: string }[]): void {
    for (const f of files.slice(0, MAX_ARTIFACTS)) {
      if (f.content.length > MAX_ARTIFACT_BYTES) throw new Error(`artifact too large: ${f.path}`);
      this.sql.exec(
        "INSERT INTO artifacts (path, content) VALUES (?, ?) ON CONFLICT (path) DO UPDATE SET content = excluded.content",
        f.path,
        f.content,
      );
    }
  }

  /** Every stored artifact, sorted by path. */
  artifacts(): { path: string; content: string }[] {
    return this.sql
      .exec<{ path: string; content: string }>("SELECT path, content FROM artifacts ORDER BY path")
      .toArray();
  }

  // ---------------------------------------------------------------- RPC: checkpoints

  /** LangGraph checkpoint storage (see CheckpointStore). */
  cpGetTuple(q: Parameters<CheckpointStore["getTuple"]>[0]): ReturnType<CheckpointStore["getTuple"]> {
    return this.checkpoints.getTuple(q);
  }
  /** LangGraph checkpoint storage (see CheckpointStore). */
  cpList(q: Parameters<CheckpointStore["list"]>[0]): ReturnType<CheckpointStore["list"]> {
    return this.checkpoints.list(q);
  }
  /** LangGraph checkpoint storage (see CheckpointStore). */
  cpPut(row: Parameters<CheckpointStore["put"]>[0]): ReturnType<CheckpointStore["put"]> {
    return this.checkpoints.put(row);
  }
  /** LangGraph checkpoint storage (see CheckpointStore). */
  cpPutWrites(rows: Parameters<CheckpointStore["putWrites"]>[0]): ReturnType<CheckpointStore["putWrites"]> {
    return this.checkpoints.putWrites(rows);
  }
  /** LangGraph checkpoint storage (see CheckpointStore). */
  cpDeleteThread(threadId: string): ReturnType<CheckpointStore["deleteThread"]> {
    return this.checkpoints.deleteThread(threadId);
  }

  // ---------------------------------------------------------------- alarm: deadlines and watchdog

  /**
   * With a gate open: ticks its countdown and, at its deadline, answers it with the
   * defaults. Otherwise: re-enqueues the job if its worker died.
   */
  override async alarm(): Promise<void> {
    const meta = this.meta;
    if (meta === null || meta.ended) return;
    const log = logger({ decision_set_id: meta.decision_set_id, job_id: meta.job_id });
    const gate = meta.gate;
    if (gate === null) {
      await recoverJob(this.env, meta.job_id, log);
      await this.rearm();
      return;
    }
    const now = Date.now();
    if (now >= gate.deadline_ms) {
      const result = this.answer(gate.kind, gate.defaults, "auto");
      if (result.ok) await resumeJob(this.env, result.job_id, log);
      return;
    }
    if (this.subscribers().size > 0) {
      const deadline = new Date(gate.deadline_ms).toISOString();
      this.append([
        { type: "countdown-tick", data: { remaining_seconds: Math.ceil((gate.deadline_ms - now) / 1000), deadline } },
      ]);
    }
    await this.rearm();
  }

  // ---------------------------------------------------------------- subscriptions

  /**
   * `GET /subscribe?after=N`: 404 for an unknown decision set; 204 when it has ended and
   * the cursor has everything; 400 for a cursor ahead of the stream; for an ended stream,
   * the replay as a finished SSE body; otherwise a hibernatable WebSocket that first
   * carries the replay (a snapshot if the cursor is older than the retained history),
   * then `caught-up`, then every live event.
   */
  override async fetch(request: Request): Promise<Response> {
    const meta = this.meta;
    if (meta === null) return new Response("not found", { status: 404 });
    const after = Number(new URL(request.url).searchParams.get("after") ?? "0");
    if (!Number.isSafeInteger(after) || after < 0) return new Response("bad cursor", { status: 400 });
    if (after > meta.last_seq) return new Response("cursor ahead of stream", { status: 416 });
    if (meta.ended && after === meta.last_seq) return new Response(null, { status: 204 });
    const replay = this.replayMessages(meta, after);
    if (meta.ended) {
      return new Response(replay.join(""), { headers: { "content-type": "text/event-stream" } });
    }
    if (request.headers.get("upgrade") !== "websocket") return new Response("expected websocket", { status: 426 });
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1]);
    this.subscribers().add(pair[1]);
    // As text: the edge tells the replay (exempt from its slow-subscriber budget) from live bytes.
    for (const message of replay) pair[1].send(message);
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  /** The replay after `after`, ending with `caught-up`, in messages of bounded size. */
  private replayMessages(meta: Meta, after: number): string[] {
    const messages: string[] = [];
    let buffer = "";
    const push = (frame: string) => {
      if (buffer.length + frame.length > MAX_MESSAGE_CHARS && buffer.length > 0) {
        messages.push(buffer);
        buffer = "";
      }
      buffer += frame;
    };
    let cursor = after;
    let replayed = 0;
    if (after < meta.oldest_seq - 1) {
      const base = this.baseView(meta);
      push(sseFrame("snapshot", meta.decision_set_id, base.last_seq, new Date().toISOString(), JSON.stringify(base)));
      cursor = meta.oldest_seq - 1;
      replayed++;
    }
    for (;;) {
      const rows = this.rowsAfter(cursor, EVENTS_PAGE_MAX);
      for (const row of rows) {
        push(sseFrame(row.type as StreamEvent["type"], meta.decision_set_id, row.seq, row.ts, row.data));
        replayed++;
      }
      const last = rows.at(-1);
      if (last === undefined || rows.length < EVENTS_PAGE_MAX) break;
      cursor = last.seq;
    }
    const caughtUp = JSON.stringify({ last_seq: meta.last_seq, replayed });
    push(sseFrame("caught-up", meta.decision_set_id, undefined, new Date().toISOString(), caughtUp));
    messages.push(buffer);
    return messages;
  }

  override webSocketMessage(): void {
    // Subscribers only listen; anything they send is ignored (no endpoint injects events).
  }

  override webSocketClose(ws: WebSocket, code: number): void {
    this.forget(ws);
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, "closing");
    } catch {
      // already closed
    }
  }

  override webSocketError(ws: WebSocket): void {
    // The socket is gone; the client reconnects with its cursor.
    this.forget(ws);
  }
}
