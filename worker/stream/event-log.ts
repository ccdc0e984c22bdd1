/**
 * A decision set's event log in its object's SQLite: seqs assigned in order, idempotency
 * keys, trimming into the base snapshot, the current view, and the replay from a cursor.
 * Each event's JSON is stored as it was encoded for the wire, so a replay sends the
 * stored text unchanged.
 */
import { StreamEvent, type EventType } from "../contract/events";
import { initialView, reduce, toSnapshot, type WorkflowView } from "../contract/reduce";
import { ViewSnapshot } from "../contract/view";
import type { TypeFilter } from "./filter";
import type { KvTable } from "./kv";
import { envelopeJson, sseFrame } from "./sse";

/** Most events one read of the log returns (an `/events` page, a step of a replay). */
export const EVENTS_PAGE_MAX = 1000;
/** The largest WebSocket message of a replay; a longer replay is split into messages of this size. */
export const REPLAY_MESSAGE_MAX_CHARS = 256 * 1024;

export type StoredEventRow = {
  seq: number;
  type: EventType;
  ts: string;
  data: string;
};

/** Where the retained history stands: everything before `oldest_seq` lives only in the base snapshot. */
export interface LogBounds {
  decision_set_id: string;
  last_seq: number;
  oldest_seq: number;
}

export interface EventsPage {
  events: StreamEvent[];
  last_seq: number;
  oldest_retained_seq: number;
  snapshot: ViewSnapshot | null;
}

export class EventLog {
  /** The full current view, rebuilt on demand and dropped on every append. */
  private viewCache: WorkflowView | null = null;

  constructor(
    private readonly sql: SqlStorage,
    private readonly kv: KvTable,
  ) {}

  /** Creates the log's tables if they do not exist yet. */
  ensureSchema(): void {
    this.sql.exec(`CREATE TABLE IF NOT EXISTS events (
      seq INTEGER PRIMARY KEY, type TEXT NOT NULL, ts TEXT NOT NULL, data TEXT NOT NULL)`);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS event_keys (key TEXT PRIMARY KEY, seq INTEGER NOT NULL)`);
  }

  /** The highest stored seq, or null for an empty log. */
  maxSeq(): number | null {
    const row = this.sql.exec<{ last: number | null }>("SELECT MAX(seq) AS last FROM events").toArray()[0];
    return row?.last ?? null;
  }

  /** Records `key` for `seq`; false when the key was seen before (the event is a re-run's copy). */
  claimKey(key: string, seq: number): boolean {
    // One statement both checks and records the key: nothing written means seen before.
    const claimed = this.sql.exec(
      "INSERT INTO event_keys (key, seq) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
      key,
      seq,
    );
    return claimed.rowsWritten > 0;
  }

  /** Stores one event whose data is already encoded. */
  insert(seq: number, type: EventType, ts: string, dataJson: string): void {
    this.sql.exec("INSERT INTO events (seq, type, ts, data) VALUES (?, ?, ?, ?)", seq, type, ts, dataJson);
    this.viewCache = null;
  }

  /**
   * Drops the oldest events past `max` down to `keep`, folding them into the base snapshot.
   * Returns the new oldest retained seq and how many events were dropped.
   */
  trim(bounds: LogBounds, max: number, keep: number): { oldest_seq: number; dropped: number } {
    const retained = bounds.last_seq - bounds.oldest_seq + 1;
    if (retained <= max) return { oldest_seq: bounds.oldest_seq, dropped: 0 };
    const cut = bounds.last_seq - keep;
    const rows = this.sql
      .exec<StoredEventRow>("SELECT seq, type, ts, data FROM events WHERE seq <= ? ORDER BY seq", cut)
      .toArray();
    let base = this.baseView(bounds.decision_set_id);
    for (const row of rows) base = reduce(base, this.toEvent(bounds.decision_set_id, row));
    this.kv.write("base", toSnapshot(base));
    this.sql.exec("DELETE FROM events WHERE seq <= ?", cut);
    return { oldest_seq: cut + 1, dropped: rows.length };
  }

  /** The view folded from every trimmed event (the initial view before any trim). */
  baseView(decisionSetId: string): WorkflowView {
    const base = this.kv.read("base", ViewSnapshot);
    return base === null ? initialView(decisionSetId) : toSnapshot(base);
  }

  /** The full current view (the base snapshot and every retained event after it). */
  view(bounds: LogBounds): WorkflowView {
    if (this.viewCache !== null && this.viewCache.last_seq === bounds.last_seq) return this.viewCache;
    let view = this.baseView(bounds.decision_set_id);
    this.forEachAfter(bounds.oldest_seq - 1, (row) => {
      view = reduce(view, this.toEvent(bounds.decision_set_id, row));
    });
    this.viewCache = toSnapshot(view);
    return this.viewCache;
  }

  /**
   * The retained events after `after` (at most `limit`, only the types of `filter`), with
   * the base snapshot when `after` is older than them.
   */
  page(bounds: LogBounds, after: number, limit: number, filter: TypeFilter = null): EventsPage {
    const needsSnapshot = after < bounds.oldest_seq - 1;
    const from = needsSnapshot ? bounds.oldest_seq - 1 : after;
    const rows = this.rowsAfter(from, Math.min(limit, EVENTS_PAGE_MAX), filter);
    return {
      events: rows.map((r) => this.toEvent(bounds.decision_set_id, r)),
      last_seq: bounds.last_seq,
      oldest_retained_seq: bounds.oldest_seq,
      snapshot: needsSnapshot ? this.baseView(bounds.decision_set_id) : null,
    };
  }

  /**
   * The replay after `after` as SSE text, ending with `caught-up`, in messages of bounded
   * size: a snapshot first when `after` is older than the retained history; only the
   * types of `filter`. Built in one synchronous pass, so no append can fall between it and
   * the live events that follow. `replayed` counts the frames before `caught-up`.
   */
  replay(bounds: LogBounds, after: number, filter: TypeFilter = null): { messages: string[]; replayed: number } {
    const id = bounds.decision_set_id;
    const messages: string[] = [];
    let buffer = "";
    const push = (frame: string) => {
      if (buffer.length + frame.length > REPLAY_MESSAGE_MAX_CHARS && buffer.length > 0) {
        messages.push(buffer);
        buffer = "";
      }
      buffer += frame;
    };
    let cursor = after;
    let replayed = 0;
    if (after < bounds.oldest_seq - 1) {
      const base = this.baseView(id);
      push(sseFrame("snapshot", id, base.last_seq, new Date().toISOString(), JSON.stringify(toSnapshot(base))));
      cursor = bounds.oldest_seq - 1;
      replayed++;
    }
    this.forEachAfter(
      cursor,
      (row) => {
        push(sseFrame(row.type, id, row.seq, row.ts, row.data));
        replayed++;
      },
      filter,
    );
    const caughtUp = JSON.stringify({ last_seq: bounds.last_seq, replayed });
    push(sseFrame("caught-up", id, undefined, new Date().toISOString(), caughtUp));
    messages.push(buffer);
    return { messages, replayed };
  }

  /**
   * One page of the trace: the lines (envelopes exactly as on the wire) of the retained
   * events after `after` up to `upTo`, at most `limit` of them and about
   * REPLAY_MESSAGE_MAX_CHARS of text, the base snapshot first when `after` is 0 and history
   * was trimmed. Null when events after `after` were trimmed since the trace began: a
   * trace with a hole in it would be a lie, so the export fails instead.
   */
  tracePage(bounds: LogBounds, after: number, upTo: number, limit: number): { lines: string[]; next: number } | null {
    const id = bounds.decision_set_id;
    const lines: string[] = [];
    let cursor = after;
    if (after === 0 && bounds.oldest_seq > 1) {
      const base = this.baseView(id);
      lines.push(envelopeJson("snapshot", id, base.last_seq, new Date().toISOString(), JSON.stringify(base)));
      cursor = bounds.oldest_seq - 1;
    } else if (after < bounds.oldest_seq - 1) {
      return null;
    }
    let chars = 0;
    for (const row of this.rowsAfter(cursor, Math.min(limit, EVENTS_PAGE_MAX))) {
      if (row.seq > upTo || (chars >= REPLAY_MESSAGE_MAX_CHARS && lines.length > 0)) break;
      const line = envelopeJson(row.type, id, row.seq, row.ts, row.data);
      lines.push(line);
      chars += line.length;
      cursor = row.seq;
    }
    return { lines, next: cursor };
  }

  /** A stored row as the event it is, checked against the contract (it was when it entered). */
  private toEvent(decisionSetId: string, row: StoredEventRow): StreamEvent {
    return StreamEvent.parse({
      type: row.type,
      decision_set_id: decisionSetId,
      seq: row.seq,
      timestamp: row.ts,
      data: JSON.parse(row.data),
    });
  }

  private rowsAfter(after: number, limit: number, filter: TypeFilter = null): StoredEventRow[] {
    if (filter === null) {
      return this.sql
        .exec<StoredEventRow>("SELECT seq, type, ts, data FROM events WHERE seq > ? ORDER BY seq LIMIT ?", after, limit)
        .toArray();
    }
    // The types are the contract's own names (parsed at the API), bound as parameters all the same.
    const marks = filter.map(() => "?").join(",");
    return this.sql
      .exec<StoredEventRow>(
        `SELECT seq, type, ts, data FROM events WHERE seq > ? AND type IN (${marks}) ORDER BY seq LIMIT ?`,
        after,
        ...filter,
        limit,
      )
      .toArray();
  }

  /** Visits every retained row after `after` (of the types of `filter`), a page at a time. */
  private forEachAfter(after: number, visit: (row: StoredEventRow) => void, filter: TypeFilter = null): void {
    let cursor = after;
    for (;;) {
      const rows = this.rowsAfter(cursor, EVENTS_PAGE_MAX, filter);
      for (const row of rows) visit(row);
      const last = rows.at(-1);
      if (last === undefined || rows.length < EVENTS_PAGE_MAX) break;
      cursor = last.seq;
    }
  }
}
