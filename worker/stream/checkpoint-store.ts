/**
 * LangGraph checkpoint storage inside the DecisionSet Durable Object's SQLite.
 *
 * The store only moves bytes: the saver (`DurableCheckpointer`, running in the queue
 * consumer) serializes with its serde and sends plain rows over Workers RPC, and gets
 * plain rows back. Every method is synchronous, so the SQL it runs is one implicit
 * transaction of the object: a checkpoint, its channel values and its chunks are stored
 * together or not at all.
 *
 * Layout, like LangGraph's blob savers:
 * - `cp_checkpoints`: one row per checkpoint, keyed (thread_id, checkpoint_ns, checkpoint_id),
 *   holding the checkpoint without its versioned channel values, and its metadata.
 * - `cp_blobs`: channel values keyed (thread_id, checkpoint_ns, channel, version). A value
 *   is written once, when its version is new, and shared by every later checkpoint that
 *   still holds that version, so a large channel is not rewritten on every super-step.
 * - `cp_writes`: pending writes keyed (thread_id, checkpoint_ns, checkpoint_id, task_id, idx).
 * - `cp_chunks`: values larger than INLINE_MAX_BYTES, split into CHUNK_BYTES parts, because
 *   a Durable Object SQLite row or value may not exceed 2 MB.
 */
import { RpcTarget } from "cloudflare:workers";
import { TASKS } from "@langchain/langgraph-checkpoint";

/** Values up to this size live in their row; a checkpoint row holds two, so two must fit in 2 MB. */
const INLINE_MAX_BYTES = 512 * 1024;
/** Size of one part of a chunked value (one row of `cp_chunks`). */
const CHUNK_BYTES = 1024 * 1024;
/** A list page stops growing once it carries this many bytes (it always holds at least one row). */
const PAGE_MAX_BYTES = 8 * 1024 * 1024;
/** Most rows one list page returns. */
const PAGE_MAX_ROWS = 100;
/** Checkpoint format before which pending sends were kept as the parent's TASKS writes. */
const PENDING_SENDS_FORMAT = 4;

/** A value serialized by the saver's serde (`dumpsTyped`): its type tag and bytes. */
export interface SerializedValue {
  type: string;
  bytes: Uint8Array;
}

/** One channel's value at one version. */
export interface StoredChannelValue {
  channel: string;
  /** The channel version as a string (`String(version)`), the key the value is stored under. */
  version: string;
  value: SerializedValue;
}

/** One pending write of a task against a checkpoint. */
export interface StoredWrite {
  task_id: string;
  /** The task's path (`""` for writes without one), the first part of the writes' sort key. */
  task_path: string;
  /** Position in the task's writes, or a negative WRITES_IDX_MAP index for special channels. */
  idx: number;
  channel: string;
  value: SerializedValue;
}

/** A stored checkpoint with everything needed to rebuild a LangGraph CheckpointTuple. */
export interface StoredCheckpoint {
  thread_id: string;
  checkpoint_ns: string;
  checkpoint_id: string;
  parent_checkpoint_id: string | null;
  /** The checkpoint as put, minus the channel values that are returned in `channel_values`. */
  checkpoint: SerializedValue;
  metadata: SerializedValue;
  /** The values of the checkpoint's channels at the versions it records. */
  channel_values: StoredChannelValue[];
  /** Writes against this checkpoint, ordered by (task_path, task_id, idx). */
  pending_writes: StoredWrite[];
  /**
   * For checkpoints of format < 4 that have a parent: the parent's TASKS writes, which the
   * saver folds into `channel_values[TASKS]` (the old home of pending sends). Otherwise null.
   */
  pending_sends: SerializedValue[] | null;
}

/** `getTuple`: a checkpoint by id, or the newest of a thread and namespace when the id is null. */
export interface GetTupleQuery {
  thread_id: string;
  checkpoint_ns: string;
  checkpoint_id: string | null;
}

/** Where a list page ended; the next page starts after it. */
export interface ListCursor {
  checkpoint_id: string;
  thread_id: string;
  checkpoint_ns: string;
}

/**
 * `list`: checkpoints newest first (by checkpoint_id, then thread_id and checkpoint_ns, all
 * descending). Null fields do not filter. Metadata filters are applied by the saver.
 */
export interface ListQuery {
  thread_id: string | null;
  checkpoint_ns: string | null;
  checkpoint_id: string | null;
  /** Only checkpoints whose id sorts before this one. */
  before: string | null;
  /** Continue after this cursor (from the previous page's `next`). */
  after: ListCursor | null;
  /** Most rows wanted in this page (capped at PAGE_MAX_ROWS). */
  limit: number;
}

/** One page of `list`; `next` is null when there are no more rows. */
export interface ListPage {
  rows: StoredCheckpoint[];
  next: ListCursor | null;
}

/** `put`: one checkpoint and the channel values whose versions are new in it. */
export interface PutCheckpointRequest {
  thread_id: string;
  checkpoint_ns: string;
  checkpoint_id: string;
  parent_checkpoint_id: string | null;
  /** The checkpoint's format version (`checkpoint.v`). */
  format_v: number;
  /** The checkpoint minus the channel values sent in `blobs` or held by earlier versions. */
  checkpoint: SerializedValue;
  metadata: SerializedValue;
  /** Every [channel, String(version)] of the checkpoint: which values it reads back. */
  channel_versions: [string, string][];
  /** Values of the channels whose versions are new in this checkpoint. */
  blobs: StoredChannelValue[];
}

/** `putWrites`: a task's writes against one checkpoint. */
export interface PutWritesRequest {
  thread_id: string;
  checkpoint_ns: string;
  checkpoint_id: string;
  task_id: string;
  task_path: string;
  writes: { idx: number; channel: string; value: SerializedValue }[];
}

/** A stored value: in its row (`parts` 0) or in `parts` chunks (the column is then NULL). */
interface ValueColumns {
  inline: ArrayBuffer | null;
  parts: number;
}

type CheckpointRow = {
  thread_id: string;
  checkpoint_ns: string;
  checkpoint_id: string;
  parent_checkpoint_id: string | null;
  format_v: number;
  channel_versions: string;
  checkpoint_type: string;
  checkpoint: ArrayBuffer | null;
  checkpoint_parts: number;
  metadata_type: string;
  metadata: ArrayBuffer | null;
  metadata_parts: number;
};

type BlobRow = { type: string; value: ArrayBuffer | null; parts: number };

type WriteRow = {
  task_id: string;
  task_path: string;
  idx: number;
  channel: string;
  type: string;
  value: ArrayBuffer | null;
  parts: number;
};

const CHECKPOINT_COLUMNS = `thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, format_v, channel_versions,
  checkpoint_type, checkpoint, checkpoint_parts, metadata_type, metadata, metadata_parts`;

/** The key of a stored value in `cp_chunks` (unambiguous for any ids, channels and versions). */
function ownerKey(...parts: (string | number)[]): string {
  return JSON.stringify(parts);
}

/** A copy of `bytes` as its own ArrayBuffer (what SQLite bindings take). */
function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer;
}

/**
 * The checkpoints of one Durable Object, in its SQLite. Constructed with the object's
 * `ctx.storage.sql`; `ensureSchema()` must run once (in `blockConcurrencyWhile`) before use.
 * An `RpcTarget`: the object hands it out whole (`DecisionSet.checkpoints()`), so callers
 * reach these methods directly; its helpers are `#private`, out of RPC's reach.
 */
export class CheckpointStore extends RpcTarget {
  constructor(private readonly sql: SqlStorage) {
    super();
  }

  /** Creates the checkpoint tables if they do not exist yet. */
  ensureSchema(): void {
    this.sql.exec(`CREATE TABLE IF NOT EXISTS cp_checkpoints (
      thread_id TEXT NOT NULL,
      checkpoint_ns TEXT NOT NULL,
      checkpoint_id TEXT NOT NULL,
      parent_checkpoint_id TEXT,
      format_v INTEGER NOT NULL,
      channel_versions TEXT NOT NULL,
      checkpoint_type TEXT NOT NULL,
      checkpoint BLOB,
      checkpoint_parts INTEGER NOT NULL,
      metadata_type TEXT NOT NULL,
      metadata BLOB,
      metadata_parts INTEGER NOT NULL,
      PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id))`);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS cp_blobs (
      thread_id TEXT NOT NULL,
      checkpoint_ns TEXT NOT NULL,
      channel TEXT NOT NULL,
      version TEXT NOT NULL,
      type TEXT NOT NULL,
      value BLOB,
      parts INTEGER NOT NULL,
      PRIMARY KEY (thread_id, checkpoint_ns, channel, version))`);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS cp_writes (
      thread_id TEXT NOT NULL,
      checkpoint_ns TEXT NOT NULL,
      checkpoint_id TEXT NOT NULL,
      task_id TEXT NOT NULL,
      idx INTEGER NOT NULL,
      task_path TEXT NOT NULL,
      channel TEXT NOT NULL,
      type TEXT NOT NULL,
      value BLOB,
      parts INTEGER NOT NULL,
      PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id, task_id, idx))`);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS cp_chunks (
      thread_id TEXT NOT NULL,
      owner TEXT NOT NULL,
      part INTEGER NOT NULL,
      data BLOB NOT NULL,
      PRIMARY KEY (thread_id, owner, part))`);
  }

  // ------------------------------------------------------------------ chunked values

  /** Stores `bytes` for `owner`, replacing whatever it had; returns the row's columns. */
  #saveValue(threadId: string, owner: string, bytes: Uint8Array): ValueColumns {
    // A value that was chunked before may now be small (or smaller): old parts must go.
    this.sql.exec("DELETE FROM cp_chunks WHERE thread_id = ? AND owner = ?", threadId, owner);
    if (bytes.byteLength <= INLINE_MAX_BYTES) return { inline: toArrayBuffer(bytes), parts: 0 };
    let parts = 0;
    for (let start = 0; start < bytes.byteLength; start += CHUNK_BYTES) {
      const chunk = bytes.slice(start, Math.min(start + CHUNK_BYTES, bytes.byteLength));
      this.sql.exec(
        "INSERT INTO cp_chunks (thread_id, owner, part, data) VALUES (?, ?, ?, ?)",
        threadId,
        owner,
        parts,
        chunk.buffer,
      );
      parts += 1;
    }
    return { inline: null, parts };
  }

  /** Reads back a value stored by `saveValue`. */
  #loadValue(threadId: string, owner: string, inline: ArrayBuffer | null, parts: number): Uint8Array {
    if (parts === 0) return inline === null ? new Uint8Array(0) : new Uint8Array(inline);
    const chunks = this.sql
      .exec<{ data: ArrayBuffer }>(
        "SELECT data FROM cp_chunks WHERE thread_id = ? AND owner = ? ORDER BY part",
        threadId,
        owner,
      )
      .toArray();
    if (chunks.length !== parts) {
      throw new Error(`checkpoint value ${owner} has ${chunks.length} of ${parts} chunks`);
    }
    const total = chunks.reduce((n, c) => n + c.data.byteLength, 0);
    const out = new Uint8Array(total);
    let offset = 0;
    for (const c of chunks) {
      out.set(new Uint8Array(c.data), offset);
      offset += c.data.byteLength;
    }
    return out;
  }

  // ------------------------------------------------------------------ reads

  /** Rebuilds the full stored checkpoint of a `cp_checkpoints` row. */
  #hydrate(row: CheckpointRow): StoredCheckpoint {
    const { thread_id, checkpoint_ns, checkpoint_id } = row;
    const value = (kind: "checkpoint" | "metadata", type: string, inline: ArrayBuffer | null, parts: number) => ({
      type,
      bytes: this.#loadValue(thread_id, ownerKey(kind, checkpoint_ns, checkpoint_id), inline, parts),
    });
    const checkpoint: SerializedValue = value("checkpoint", row.checkpoint_type, row.checkpoint, row.checkpoint_parts);
    const metadata: SerializedValue = value("metadata", row.metadata_type, row.metadata, row.metadata_parts);
    const versions = JSON.parse(row.channel_versions) as [string, string][];
    const channel_values: StoredChannelValue[] = [];
    for (const [channel, version] of versions) {
      const blob = this.sql
        .exec<BlobRow>(
          "SELECT type, value, parts FROM cp_blobs WHERE thread_id = ? AND checkpoint_ns = ? AND channel = ? AND version = ?",
          thread_id,
          checkpoint_ns,
          channel,
          version,
        )
        .toArray()[0];
      // A version without a value is a channel that was empty when it was written.
      if (blob === undefined) continue;
      channel_values.push({
        channel,
        version,
        value: {
          type: blob.type,
          bytes: this.#loadValue(thread_id, ownerKey("blob", checkpoint_ns, channel, version), blob.value, blob.parts),
        },
      });
    }
    const pending_writes = this.#writesOf(thread_id, checkpoint_ns, checkpoint_id, null);
    const pending_sends =
      row.format_v < PENDING_SENDS_FORMAT && row.parent_checkpoint_id !== null
        ? this.#writesOf(thread_id, checkpoint_ns, row.parent_checkpoint_id, TASKS).map((w) => w.value)
        : null;
    return {
      thread_id,
      checkpoint_ns,
      checkpoint_id,
      parent_checkpoint_id: row.parent_checkpoint_id,
      checkpoint,
      metadata,
      channel_values,
      pending_writes,
      pending_sends,
    };
  }

  /** The writes against one checkpoint (of one channel, when given), in sort-key order. */
  #writesOf(threadId: string, ns: string, checkpointId: string, channel: string | null): StoredWrite[] {
    const rows =
      channel === null
        ? this.sql
            .exec<WriteRow>(
              `SELECT task_id, task_path, idx, channel, type, value, parts FROM cp_writes
               WHERE thread_id = ? AND checkpoint_ns = ? AND checkpoint_id = ?
               ORDER BY task_path, task_id, idx`,
              threadId,
              ns,
              checkpointId,
            )
            .toArray()
        : this.sql
            .exec<WriteRow>(
              `SELECT task_id, task_path, idx, channel, type, value, parts FROM cp_writes
               WHERE thread_id = ? AND checkpoint_ns = ? AND checkpoint_id = ? AND channel = ?
               ORDER BY task_path, task_id, idx`,
              threadId,
              ns,
              checkpointId,
              channel,
            )
            .toArray();
    return rows.map((w) => ({
      task_id: w.task_id,
      task_path: w.task_path,
      idx: w.idx,
      channel: w.channel,
      value: {
        type: w.type,
        bytes: this.#loadValue(threadId, ownerKey("write", ns, checkpointId, w.task_id, w.idx), w.value, w.parts),
      },
    }));
  }

  /**
   * The checkpoint `q.checkpoint_id` of a thread and namespace, or its newest checkpoint
   * when the id is null; null when there is none.
   */
  getTuple(q: GetTupleQuery): StoredCheckpoint | null {
    const row =
      q.checkpoint_id === null
        ? this.sql
            .exec<CheckpointRow>(
              `SELECT ${CHECKPOINT_COLUMNS} FROM cp_checkpoints WHERE thread_id = ? AND checkpoint_ns = ?
               ORDER BY checkpoint_id DESC LIMIT 1`,
              q.thread_id,
              q.checkpoint_ns,
            )
            .toArray()[0]
        : this.sql
            .exec<CheckpointRow>(
              `SELECT ${CHECKPOINT_COLUMNS} FROM cp_checkpoints
               WHERE thread_id = ? AND checkpoint_ns = ? AND checkpoint_id = ?`,
              q.thread_id,
              q.checkpoint_ns,
              q.checkpoint_id,
            )
            .toArray()[0];
    return row === undefined ? null : this.#hydrate(row);
  }

  /**
   * One page of checkpoints, newest first. A page holds at most `q.limit` rows and stops
   * early once it carries PAGE_MAX_BYTES, so a thread of large checkpoints is read in
   * several RPCs instead of one oversized one.
   */
  list(q: ListQuery): ListPage {
    const where: string[] = [];
    const args: (string | number)[] = [];
    const filters: [string, string | null][] = [
      ["thread_id = ?", q.thread_id],
      ["checkpoint_ns = ?", q.checkpoint_ns],
      ["checkpoint_id = ?", q.checkpoint_id],
      ["checkpoint_id < ?", q.before],
    ];
    for (const [clause, value] of filters) {
      if (value === null) continue;
      where.push(clause);
      args.push(value);
    }
    if (q.after !== null) {
      // Within one thread and namespace ids are unique, and this stays an index range scan.
      if (q.thread_id !== null && q.checkpoint_ns !== null) {
        where.push("checkpoint_id < ?");
        args.push(q.after.checkpoint_id);
      } else {
        where.push("(checkpoint_id, thread_id, checkpoint_ns) < (?, ?, ?)");
        args.push(q.after.checkpoint_id, q.after.thread_id, q.after.checkpoint_ns);
      }
    }
    const limit = Math.max(0, Math.min(Math.floor(q.limit), PAGE_MAX_ROWS));
    if (limit === 0) return { rows: [], next: null };
    const keys = this.sql
      .exec<{ thread_id: string; checkpoint_ns: string; checkpoint_id: string }>(
        `SELECT thread_id, checkpoint_ns, checkpoint_id FROM cp_checkpoints
         ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
         ORDER BY checkpoint_id DESC, thread_id DESC, checkpoint_ns DESC LIMIT ?`,
        ...args,
        limit + 1,
      )
      .toArray();
    const rows: StoredCheckpoint[] = [];
    let bytes = 0;
    for (const key of keys.slice(0, limit)) {
      if (rows.length > 0 && bytes >= PAGE_MAX_BYTES) break;
      const row = this.getTuple(key);
      if (row === null) continue;
      rows.push(row);
      bytes += sizeOf(row);
    }
    const last = rows.at(-1);
    const more = rows.length < keys.length;
    return {
      rows,
      next:
        more && last !== undefined
          ? { checkpoint_id: last.checkpoint_id, thread_id: last.thread_id, checkpoint_ns: last.checkpoint_ns }
          : null,
    };
  }

  // ------------------------------------------------------------------ writes

  /**
   * Stores a checkpoint (replacing one with the same key) and the channel values whose
   * versions are new in it.
   */
  put(row: PutCheckpointRequest): void {
    const { thread_id, checkpoint_ns, checkpoint_id } = row;
    for (const blob of row.blobs) {
      const stored = this.#saveValue(
        thread_id,
        ownerKey("blob", checkpoint_ns, blob.channel, blob.version),
        blob.value.bytes,
      );
      this.sql.exec(
        `INSERT INTO cp_blobs (thread_id, checkpoint_ns, channel, version, type, value, parts)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (thread_id, checkpoint_ns, channel, version)
         DO UPDATE SET type = excluded.type, value = excluded.value, parts = excluded.parts`,
        thread_id,
        checkpoint_ns,
        blob.channel,
        blob.version,
        blob.value.type,
        stored.inline,
        stored.parts,
      );
    }
    const checkpoint = this.#saveValue(
      thread_id,
      ownerKey("checkpoint", checkpoint_ns, checkpoint_id),
      row.checkpoint.bytes,
    );
    const metadata = this.#saveValue(thread_id, ownerKey("metadata", checkpoint_ns, checkpoint_id), row.metadata.bytes);
    this.sql.exec(
      `INSERT INTO cp_checkpoints (${CHECKPOINT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id) DO UPDATE SET
         parent_checkpoint_id = excluded.parent_checkpoint_id, format_v = excluded.format_v,
         channel_versions = excluded.channel_versions,
         checkpoint_type = excluded.checkpoint_type, checkpoint = excluded.checkpoint,
         checkpoint_parts = excluded.checkpoint_parts,
         metadata_type = excluded.metadata_type, metadata = excluded.metadata, metadata_parts = excluded.metadata_parts`,
      thread_id,
      checkpoint_ns,
      checkpoint_id,
      row.parent_checkpoint_id,
      row.format_v,
      JSON.stringify(row.channel_versions),
      row.checkpoint.type,
      checkpoint.inline,
      checkpoint.parts,
      row.metadata.type,
      metadata.inline,
      metadata.parts,
    );
  }

  /**
   * Stores a task's writes against a checkpoint. A regular write (idx >= 0) that is
   * already stored is kept: a task re-run after a crash must not change what the first
   * run recorded. Special writes (negative idx: error, interrupt, resume, scheduled)
   * replace the stored one.
   */
  putWrites(rows: PutWritesRequest): void {
    const { thread_id, checkpoint_ns, checkpoint_id, task_id } = rows;
    for (const write of rows.writes) {
      if (write.idx >= 0) {
        const exists = this.sql
          .exec(
            `SELECT 1 AS x FROM cp_writes
             WHERE thread_id = ? AND checkpoint_ns = ? AND checkpoint_id = ? AND task_id = ? AND idx = ?`,
            thread_id,
            checkpoint_ns,
            checkpoint_id,
            task_id,
            write.idx,
          )
          .toArray();
        if (exists.length > 0) continue;
      }
      const stored = this.#saveValue(
        thread_id,
        ownerKey("write", checkpoint_ns, checkpoint_id, task_id, write.idx),
        write.value.bytes,
      );
      this.sql.exec(
        `INSERT INTO cp_writes (thread_id, checkpoint_ns, checkpoint_id, task_id, idx, task_path, channel, type, value, parts)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id, task_id, idx) DO UPDATE SET
           task_path = excluded.task_path, channel = excluded.channel, type = excluded.type,
           value = excluded.value, parts = excluded.parts`,
        thread_id,
        checkpoint_ns,
        checkpoint_id,
        task_id,
        write.idx,
        rows.task_path,
        write.channel,
        write.value.type,
        stored.inline,
        stored.parts,
      );
    }
  }

  /** Deletes every checkpoint, channel value, write and chunk of a thread. */
  deleteThread(threadId: string): void {
    this.sql.exec("DELETE FROM cp_checkpoints WHERE thread_id = ?", threadId);
    this.sql.exec("DELETE FROM cp_blobs WHERE thread_id = ?", threadId);
    this.sql.exec("DELETE FROM cp_writes WHERE thread_id = ?", threadId);
    this.sql.exec("DELETE FROM cp_chunks WHERE thread_id = ?", threadId);
  }
}

/** Bytes a stored checkpoint carries over RPC (its values; keys and names are noise). */
function sizeOf(row: StoredCheckpoint): number {
  let n = row.checkpoint.bytes.byteLength + row.metadata.bytes.byteLength;
  for (const v of row.channel_values) n += v.value.bytes.byteLength;
  for (const w of row.pending_writes) n += w.value.bytes.byteLength;
  for (const s of row.pending_sends ?? []) n += s.bytes.byteLength;
  return n;
}
