/**
 * A thread's event stream in the agent streaming protocol (`POST .../stream/events`): every
 * run of the thread, oldest first, read from its object's log in pages and then followed
 * live through the edge subscriber, each stored event turned into protocol events by
 * `ProtocolMapper` and filtered by the connection's channels and namespaces. The stream
 * stays open, with heartbeats, after a run ends: the SDK takes a close for a dropped
 * connection and reconnects (a thread's next run is picked up on the same connection).
 */
import { parseStreamEvent } from "../contract/events";
import { FrameSplitter, writeFrame } from "../contract/sse";
import { heartbeatMs, openRunStream, runEventsAfter, type StreamEvent } from "./adapter";
import { matchesChannels, matchesNamespaces, ProtocolMapper, type ProtocolEvent } from "./protocol";
import type { EventStreamRequest } from "./schemas";
import { runsOfThread } from "./threads";

const encoder = new TextEncoder();

/** Most runs of a thread one connection replays (the newest ones). */
export const STREAM_RUNS_MAX = 50;
/**
 * How often an idle connection looks for the thread's next run: a `run.start` sent on a
 * `ThreadStream` that is already streaming opens no new connection.
 */
const RUN_POLL_MS = 1000;
/** Most bytes of one product frame held while it arrives in pieces: far above any real frame. */
const MAX_FRAME_CHARS = 4 * 1024 * 1024;

/** The connection's writer: frames in order, and whether the client is still there. */
class Connection {
  private gone = false;

  constructor(
    private readonly writer: WritableStreamDefaultWriter<Uint8Array>,
    private readonly request: EventStreamRequest,
    clientGone: AbortSignal,
  ) {
    clientGone.addEventListener("abort", () => this.close(), { once: true });
  }

  get open(): boolean {
    return !this.gone;
  }

  /** Writes the events the connection's filter takes, waiting for the client to take them. */
  async send(events: readonly ProtocolEvent[]): Promise<void> {
    const { channels, namespaces, depth } = this.request;
    const text = events
      .filter((e) => matchesChannels(e, channels) && matchesNamespaces(e, namespaces, depth))
      .map((e) => writeFrame({ event: e.method, data: JSON.stringify(e) }))
      .join("");
    if (text !== "") await this.write(text);
  }

  /** An SSE comment: the SDK measures its idle timeout from these. */
  heartbeat(): void {
    void this.write(": heartbeat\n\n");
  }

  close(): void {
    if (this.gone) return;
    this.gone = true;
    this.writer.close().catch(() => undefined);
  }

  private async write(text: string): Promise<void> {
    if (this.gone) return;
    try {
      await this.writer.write(encoder.encode(text));
    } catch {
      this.gone = true;
    }
  }
}

function sleep(ms: number, connection: Connection, clientGone: AbortSignal): Promise<void> {
  if (!connection.open) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      clientGone.removeEventListener("abort", done);
      resolve();
    }
    clientGone.addEventListener("abort", done, { once: true });
  });
}

/**
 * Follows one run from the first stored event after its last seen seq to its end (or the
 * client's departure): stored events in pages, then the live subscription; when that one
 * closes before the run's end, the pages again from where it stopped.
 */
async function followRun(
  env: Env,
  connection: Connection,
  runId: string,
  since: number,
  clientGone: AbortSignal,
): Promise<void> {
  const mapper = new ProtocolMapper(runId, since);
  let last = 0;
  const feed = async (event: StreamEvent) => {
    // The live stream starts with a replay after `last`; anything at or before it was fed.
    if (event.seq !== undefined && event.seq <= last) return;
    await connection.send(mapper.next(event));
    if (event.seq !== undefined) last = event.seq;
  };
  while (connection.open && !mapper.ended) {
    for (;;) {
      const page = await runEventsAfter(env, runId, last);
      if (page === null || page.events.length === 0) break;
      for (const event of page.events) await feed(event);
      if (last >= page.last_seq || !connection.open) break;
    }
    if (mapper.ended || !connection.open) return;
    const opened = await openRunStream(env, runId, last, clientGone);
    const body = opened.kind === "stream" ? opened.response.body : null;
    if (body === null) {
      // Not started yet (a queued run's object holds nothing): look again shortly.
      await sleep(RUN_POLL_MS, connection, clientGone);
      continue;
    }
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    const splitter = new FrameSplitter();
    try {
      while (connection.open && !mapper.ended) {
        const { done, value } = await reader.read();
        if (done) break;
        const frames = splitter.push(value);
        if (splitter.held > MAX_FRAME_CHARS) break;
        for (const frame of frames) {
          if (frame.data === "" || frame.event === "heartbeat") continue;
          const event = parseStreamEvent(frame.data);
          if (event !== null) await feed(event);
        }
      }
    } finally {
      await reader.cancel().catch(() => undefined);
    }
  }
}

/**
 * Streams thread `threadId`'s protocol events to one connection until the client leaves.
 * With `since`, only the newest run's events after that seq are replayed (a seq is a
 * run's); without it, every kept run from its start.
 */
export function openProtocolStream(
  env: Env,
  args: { threadId: string; request: EventStreamRequest; clientGone: AbortSignal },
): ReadableStream<Uint8Array> {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const connection = new Connection(writable.getWriter(), args.request, args.clientGone);
  const heartbeat = setInterval(() => connection.heartbeat(), heartbeatMs(env));
  void (async () => {
    const followed = new Set<string>();
    let since = args.request.since;
    let rows = await runsOfThread(env, args.threadId, STREAM_RUNS_MAX, 0);
    // With a cursor, the runs before the newest were read by the client already.
    if (since !== undefined) for (const row of rows.slice(1)) followed.add(row.id);
    while (connection.open) {
      const next = rows.filter((row) => !followed.has(row.id)).toReversed();
      if (next.length === 0) await sleep(RUN_POLL_MS, connection, args.clientGone);
      for (const row of next) {
        if (!connection.open) break;
        followed.add(row.id);
        await followRun(env, connection, row.id, since ?? 0, args.clientGone);
        since = undefined;
      }
      if (connection.open) rows = await runsOfThread(env, args.threadId, STREAM_RUNS_MAX, 0);
    }
  })()
    .catch(() => undefined)
    .finally(() => {
      clearInterval(heartbeat);
      connection.close();
    });
  return readable;
}
