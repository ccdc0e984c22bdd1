/**
 * A LangGraph checkpoint saver whose storage is the decision set's Durable Object.
 *
 * The graph runs in the queue consumer; its checkpoints must outlive that invocation (a
 * crash is retried from the last checkpoint, a human gate resumes hours later), so they
 * are stored in the DecisionSet object's SQLite through the `CheckpointStore` its
 * `checkpoints()` RPC method hands out. This class does the LangGraph side: validating configs, serializing
 * with the serde, splitting channel values out of the checkpoint, ordering writes and
 * filtering `list` by metadata.
 */
import type { RunnableConfig } from "@langchain/core/runnables";
import {
  BaseCheckpointSaver,
  TASKS,
  WRITES_IDX_MAP,
  compareWritesSortKeys,
  copyCheckpoint,
  getCheckpointId,
  maxChannelVersion,
  writesSortKey,
  type ChannelVersions,
  type Checkpoint,
  type CheckpointListOptions,
  type CheckpointMetadata,
  type CheckpointPendingWrite,
  type CheckpointTuple,
  type PendingWrite,
  type SerializerProtocol,
} from "@langchain/langgraph-checkpoint";
import type {
  GetTupleQuery,
  ListCursor,
  ListPage,
  ListQuery,
  PutCheckpointRequest,
  PutWritesRequest,
  SerializedValue,
  StoredChannelValue,
  StoredCheckpoint,
} from "../stream/checkpoint-store";

/** Rows asked for per `list` call when the saver cannot tell how many it will keep. */
const LIST_PAGE_ROWS = 50;

/** The checkpoint store's methods as a caller sees them over RPC: every result awaited. */
export interface CheckpointRpc {
  getTuple(q: GetTupleQuery): Promise<StoredCheckpoint | null> | StoredCheckpoint | null;
  list(q: ListQuery): Promise<ListPage> | ListPage;
  put(row: PutCheckpointRequest): Promise<void> | void;
  putWrites(rows: PutWritesRequest): Promise<void> | void;
  deleteThread(threadId: string): Promise<void> | void;
}

/**
 * Where checkpoints are stored: anything that hands out the store, such as the DecisionSet
 * stub, whose one `checkpoints()` method returns its `CheckpointStore` (an RpcTarget).
 */
export interface CheckpointBackend {
  checkpoints(): Promise<CheckpointRpc> | CheckpointRpc;
}

/** Options of `DurableCheckpointer`. */
export interface DurableCheckpointerOptions {
  backend: CheckpointBackend;
  /**
   * Awaited before every `put`. The consumer flushes its buffered events into the object
   * here, so a checkpoint is never stored ahead of the events of the node it records.
   */
  beforePut?: () => Promise<void>;
  /** The serializer; LangGraph's JsonPlusSerializer by default. */
  serde?: SerializerProtocol;
}

/** `Object.hasOwn` without prototype-chain surprises for keys like "constructor". */
function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** A thread, namespace or checkpoint id from a config: absent, or a string (numbers are accepted). */
function optionalId(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  throw new TypeError(`configurable.${field} must be a string`);
}

/** Like `optionalId`, but a missing or empty id is an error. */
function requiredId(value: unknown, field: string, action: string): string {
  const id = optionalId(value, field);
  if (id === undefined || id === "") {
    throw new Error(
      `Failed to ${action}: the config is missing "configurable.${field}". ` +
        `Pass it when running a graph with a checkpointer, e.g. { configurable: { thread_id: "..." } }.`,
    );
  }
  return id;
}

/** Structural equality of JSON-like values, for `list`'s metadata filter. */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => jsonEqual(item, b[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const ra: Record<string, unknown> = { ...a };
  const rb: Record<string, unknown> = { ...b };
  return ka.every((k) => hasOwn(rb, k) && jsonEqual(ra[k], rb[k]));
}

/** Whether every key of `filter` equals the same key of the metadata. */
function matchesFilter(metadata: CheckpointMetadata | undefined, filter: Record<string, unknown>): boolean {
  const fields: Record<string, unknown> = { ...metadata };
  return Object.entries(filter).every(([key, value]) => hasOwn(fields, key) && jsonEqual(fields[key], value));
}

/**
 * LangGraph checkpointer backed by a DecisionSet Durable Object.
 *
 * Channel values are stored once per (channel, version) and shared by later checkpoints,
 * as LangGraph's blob savers do; only the channels in `newVersions` are written by `put`.
 */
export class DurableCheckpointer extends BaseCheckpointSaver {
  private readonly backend: CheckpointBackend;
  private readonly beforePut: (() => Promise<void>) | undefined;

  /** @param options the object to store in, and an optional hook awaited before every `put`. */
  constructor(options: DurableCheckpointerOptions) {
    super(options.serde);
    this.backend = options.backend;
    this.beforePut = options.beforePut;
  }

  /** The store, asked for once per saver (one RPC stub held, not one per call). */
  private store: Promise<CheckpointRpc> | null = null;

  /** Calls the store; after a failure the next call asks for it again (the object may have restarted). */
  private async use<T>(call: (store: CheckpointRpc) => Promise<T> | T): Promise<T> {
    const store = (this.store ??= Promise.resolve(this.backend.checkpoints()));
    try {
      return await call(await store);
    } catch (err) {
      if (this.store === store) this.store = null;
      throw err;
    }
  }

  /**
   * Channel versions that are unique per write, not only increasing. Values are stored by
   * (channel, version), so two branches of a thread (a fork from an older checkpoint, e.g.
   * `updateState` on history) must never give the same version to different values. The
   * integer part still counts like the default saver's; the random fraction tells
   * branches apart while keeping every new version above the one it follows.
   */
  override getNextVersion(current: number | undefined): number {
    const counter = current === undefined ? 0 : Math.floor(current);
    return counter + 1 + Math.random() * 0.5;
  }

  private async dump(value: unknown): Promise<SerializedValue> {
    const [type, bytes] = await this.serde.dumpsTyped(value);
    return { type, bytes };
  }

  private async load(value: SerializedValue): Promise<unknown> {
    return this.serde.loadsTyped(value.type, value.bytes);
  }

  /** Turns a stored row (metadata already loaded) into a CheckpointTuple. */
  private async toTuple(row: StoredCheckpoint, metadata: CheckpointMetadata): Promise<CheckpointTuple> {
    const stored: Checkpoint = await this.serde.loadsTyped(row.checkpoint.type, row.checkpoint.bytes);
    const loaded = await Promise.all(
      row.channel_values.map(async (cv: StoredChannelValue): Promise<[string, unknown]> => [
        cv.channel,
        await this.load(cv.value),
      ]),
    );
    // fromEntries defines own properties, so a channel named like "__proto__" stays a channel.
    let channel_values: Record<string, unknown> = Object.fromEntries([
      ...Object.entries(stored.channel_values ?? {}),
      ...loaded,
    ]);
    let channel_versions: ChannelVersions = { ...stored.channel_versions };
    if (row.pending_sends !== null && stored.v < 4) {
      // Format < 4 kept pending sends as the parent's TASKS writes; LangGraph now reads them
      // from the TASKS channel, so they are moved there as MemorySaver does.
      const sends = await Promise.all(row.pending_sends.map((s) => this.load(s)));
      const versions = Object.values(channel_versions);
      channel_values = Object.fromEntries([...Object.entries(channel_values), [TASKS, sends]]);
      channel_versions = {
        ...channel_versions,
        [TASKS]: versions.length > 0 ? maxChannelVersion(...versions) : this.getNextVersion(undefined),
      };
    }
    const checkpoint: Checkpoint = { ...stored, channel_values, channel_versions };

    const ordered = [...row.pending_writes].sort((a, b) =>
      compareWritesSortKeys(writesSortKey(a.task_path, a.task_id, a.idx), writesSortKey(b.task_path, b.task_id, b.idx)),
    );
    const pendingWrites = await Promise.all(
      ordered.map(async (w): Promise<CheckpointPendingWrite> => [w.task_id, w.channel, await this.load(w.value)]),
    );

    const tuple: CheckpointTuple = {
      config: {
        configurable: { thread_id: row.thread_id, checkpoint_ns: row.checkpoint_ns, checkpoint_id: row.checkpoint_id },
      },
      checkpoint,
      metadata,
      pendingWrites,
    };
    if (row.parent_checkpoint_id !== null) {
      tuple.parentConfig = {
        configurable: {
          thread_id: row.thread_id,
          checkpoint_ns: row.checkpoint_ns,
          checkpoint_id: row.parent_checkpoint_id,
        },
      };
    }
    return tuple;
  }

  private async loadMetadata(row: StoredCheckpoint): Promise<CheckpointMetadata> {
    const metadata: CheckpointMetadata = await this.serde.loadsTyped(row.metadata.type, row.metadata.bytes);
    return metadata;
  }

  /**
   * The checkpoint `configurable.checkpoint_id` of the thread and namespace, or the newest
   * one when no id is given; undefined when there is none or no thread_id.
   */
  override async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const thread_id = optionalId(config.configurable?.thread_id, "thread_id");
    if (thread_id === undefined) return undefined;
    const checkpoint_ns = optionalId(config.configurable?.checkpoint_ns, "checkpoint_ns") ?? "";
    const id = optionalId(getCheckpointId(config), "checkpoint_id");
    const row = await this.use((store) =>
      store.getTuple({
        thread_id,
        checkpoint_ns,
        checkpoint_id: id === undefined || id === "" ? null : id,
      }),
    );
    if (row === null) return undefined;
    return this.toTuple(row, await this.loadMetadata(row));
  }

  /**
   * Checkpoints newest first, optionally of one thread, namespace or id, older than
   * `before`, whose metadata matches `filter`, at most `limit` of them. Pages are fetched
   * lazily, so a consumer that stops early does not read the whole history.
   */
  override async *list(config: RunnableConfig, options?: CheckpointListOptions): AsyncGenerator<CheckpointTuple> {
    const { before, limit, filter } = options ?? {};
    let remaining = limit ?? Number.POSITIVE_INFINITY;
    if (remaining <= 0) return;
    const thread_id = optionalId(config.configurable?.thread_id, "thread_id");
    const checkpoint_ns = optionalId(config.configurable?.checkpoint_ns, "checkpoint_ns");
    const checkpoint_id = optionalId(config.configurable?.checkpoint_id, "checkpoint_id");
    const beforeId = optionalId(before?.configurable?.checkpoint_id, "checkpoint_id");
    const wanted: Record<string, unknown> = { ...filter };
    const filtering = Object.keys(wanted).length > 0;
    let after: ListCursor | null = null;
    for (;;) {
      const page: ListPage = await this.use((store) =>
        store.list({
          // An empty thread_id is treated as absent, as by LangGraph's SQL savers.
          thread_id: thread_id === undefined || thread_id === "" ? null : thread_id,
          checkpoint_ns: checkpoint_ns ?? null,
          checkpoint_id: checkpoint_id === undefined || checkpoint_id === "" ? null : checkpoint_id,
          before: beforeId === undefined || beforeId === "" ? null : beforeId,
          after,
          // Without a filter every row is kept, so ask for no more than are still wanted.
          limit: filtering ? LIST_PAGE_ROWS : Math.min(remaining, LIST_PAGE_ROWS),
        }),
      );
      for (const row of page.rows) {
        const metadata = await this.loadMetadata(row);
        if (filtering && !matchesFilter(metadata, wanted)) continue;
        yield await this.toTuple(row, metadata);
        remaining -= 1;
        if (remaining <= 0) return;
      }
      if (page.next === null) return;
      after = page.next;
    }
  }

  /**
   * Stores a checkpoint under `configurable.thread_id`/`checkpoint_ns`, with the config's
   * `checkpoint_id` as its parent. Only the channels in `newVersions` get their values
   * written; the others are already stored under their unchanged versions.
   */
  override async put(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    newVersions: ChannelVersions,
  ): Promise<RunnableConfig> {
    const configurable = config.configurable;
    if (configurable === undefined) throw new Error('Failed to put checkpoint: the config has no "configurable".');
    const thread_id = requiredId(configurable.thread_id, "thread_id", "put checkpoint");
    const checkpoint_ns = optionalId(configurable.checkpoint_ns, "checkpoint_ns") ?? "";
    const parent = optionalId(configurable.checkpoint_id, "checkpoint_id");
    if (this.beforePut !== undefined) await this.beforePut();

    const copy = copyCheckpoint(checkpoint);
    const versions = copy.channel_versions;
    const unversioned: [string, unknown][] = [];
    const blobs: Promise<StoredChannelValue>[] = [];
    for (const [channel, value] of Object.entries(copy.channel_values)) {
      const version = hasOwn(versions, channel) ? versions[channel] : undefined;
      // A value without a version cannot be looked up by version: it stays in the checkpoint.
      if (version === undefined) unversioned.push([channel, value]);
      // Stored under the checkpoint's version, which is what a load looks up.
      else if (hasOwn(newVersions, channel)) {
        blobs.push(this.dump(value).then((v) => ({ channel, version: String(version), value: v })));
      }
    }
    const [serializedCheckpoint, serializedMetadata, storedBlobs] = await Promise.all([
      this.dump({ ...copy, channel_values: Object.fromEntries(unversioned) }),
      this.dump(metadata),
      Promise.all(blobs),
    ]);
    await this.use((store) =>
      store.put({
        thread_id,
        checkpoint_ns,
        checkpoint_id: copy.id,
        parent_checkpoint_id: parent === undefined || parent === "" ? null : parent,
        format_v: copy.v,
        checkpoint: serializedCheckpoint,
        metadata: serializedMetadata,
        channel_versions: Object.entries(versions).map(([channel, version]): [string, string] => [
          channel,
          String(version),
        ]),
        blobs: storedBlobs,
      }),
    );
    return { configurable: { thread_id, checkpoint_ns, checkpoint_id: copy.id } };
  }

  /**
   * Stores a task's writes against the checkpoint of `configurable.checkpoint_id`. Writes to
   * the special channels (error, interrupt, resume, scheduled) take their WRITES_IDX_MAP
   * index and replace earlier ones; regular writes keep what was stored first.
   */
  override async putWrites(
    config: RunnableConfig,
    writes: PendingWrite[],
    taskId: string,
    taskPath?: string,
  ): Promise<void> {
    const thread_id = requiredId(config.configurable?.thread_id, "thread_id", "put writes");
    const checkpoint_id = requiredId(config.configurable?.checkpoint_id, "checkpoint_id", "put writes");
    const checkpoint_ns = optionalId(config.configurable?.checkpoint_ns, "checkpoint_ns") ?? "";
    const rows = await Promise.all(
      writes.map(async ([channel, value], i) => {
        const special = hasOwn(WRITES_IDX_MAP, channel) ? WRITES_IDX_MAP[channel] : undefined;
        return { idx: special ?? i, channel, value: await this.dump(value) };
      }),
    );
    await this.use((store) =>
      store.putWrites({
        thread_id,
        checkpoint_ns,
        checkpoint_id,
        task_id: taskId,
        task_path: taskPath ?? "",
        writes: rows,
      }),
    );
  }

  /** Deletes every checkpoint and write of a thread. */
  override async deleteThread(threadId: string): Promise<void> {
    await this.use((store) => store.deleteThread(threadId));
  }
}
