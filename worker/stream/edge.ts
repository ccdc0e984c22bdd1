/**
 * The edge side of a stream: the Worker holds the browser's SSE response and writes
 * the frames and heartbeats, while the DecisionSet object feeds it over a hibernatable
 * WebSocket (so the object sleeps between events instead of being held awake by every
 * open tab). Frames arrive already encoded; they are written through unchanged.
 */
import type { TypeFilter } from "./filter";
import { subscribe, type Region } from "./relay-route";
import { RETRY_FRAME, heartbeatFrame } from "./sse";
import { decisionSetStub } from "./stub";
import { CLOSE_ENDED, refusalOf, type SubscribeRefusal } from "./subscribe";

/**
 * A subscriber whose unsent live frames exceed this is cut off rather than buffered
 * without bound; it reconnects with its Last-Event-ID and loses nothing. The replay a
 * subscriber starts with is not counted: it is bounded by the object's history
 * (HISTORY_MAX events and the snapshot) and may be larger than this, and a newcomer that
 * is catching up has not stopped reading.
 */
export const SUBSCRIBER_MAX_BUFFER_BYTES = 1024 * 1024;

/**
 * How long after its last write a stream is probed once with an SSE comment (which
 * EventSource ignores). Where the runtime does not report a departed client (locally, the
 * request signal does not fire and an idle response never learns its socket closed), the
 * edge learns of it only when a write fails: without the probe, a client that left at the
 * end of a burst would be counted, and sent to, until the next heartbeat (HEARTBEAT_MS).
 * The probe is written at most once per quiet spell, so an idle stream costs nothing more.
 */
export const IDLE_PROBE_MS = 1000;

const encoder = new TextEncoder();
const PROBE_FRAME = encoder.encode(":\n\n");

export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  // no-transform: nothing between here and the browser may compress or buffer frames.
  "cache-control": "no-cache, no-transform",
  "x-accel-buffering": "no",
} as const;

/** A stream, or why the object refused one (see `SUBSCRIBE_REFUSALS`). */
export type OpenResult = { kind: SubscribeRefusal } | { kind: "stream"; response: Response };

/** Opens the SSE stream of a decision set for a client whose cursor is `after`. */
export async function openStream(
  env: Env,
  decisionSetId: string,
  after: number,
  heartbeatMs: number,
  /** The browser's request signal: it aborts when the browser goes away (enable_request_signal). */
  clientGone?: AbortSignal,
  /** The types the client named (`?types=`); null for every event. */
  filter: TypeFilter = null,
  /** Where the client is (`regionOf`): past RELAY_THRESHOLD it is fed by a relay placed there. */
  region: Region = "any",
): Promise<OpenResult> {
  const stub = decisionSetStub(env, decisionSetId);
  // The home object, or one of its relays (worker/stream/relay.ts): both answer alike.
  const upstream = await subscribe(env, stub, decisionSetId, after, filter, region);
  const refused = refusalOf(upstream.status);
  if (refused !== null) return { kind: refused };

  // A finished run: the object sends the whole replay as one body.
  const socket = upstream.webSocket;
  if (socket === null) {
    const body = upstream.body;
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    const writer = writable.getWriter();
    void (async () => {
      await writer.write(encoder.encode(RETRY_FRAME));
      writer.releaseLock();
      if (body !== null) await body.pipeTo(writable);
      else await writable.close();
    })().catch(() => undefined);
    return { kind: "stream", response: new Response(readable, { headers: SSE_HEADERS }) };
  }

  // The runtime's own byte pipe: the response body is read natively, with no JS per chunk.
  // Its high-water mark counts the bytes written and not yet taken by the client.
  const { readable, writable } = new IdentityTransformStream({ highWaterMark: SUBSCRIBER_MAX_BUFFER_BYTES });
  const writer = writable.getWriter();
  let closed = false;
  /**
   * Replay bytes allowed above the budget. The object sends the replay as text and live
   * batches as bytes; the allowance grows with each replay message and ends at the first
   * later write that finds the queue back within the budget.
   */
  let replayAllowance = 0;
  // A heartbeat is a probe itself: it does not arm another.
  const heartbeat = setInterval(() => send(encoder.encode(heartbeatFrame(decisionSetId)), false, false), heartbeatMs);
  /** Writes since the probe was armed: the probe fires after one quiet IDLE_PROBE_MS. */
  let writes = 0;
  let probe: ReturnType<typeof setTimeout> | null = null;
  // A heartbeat sooner than the probe learns as early.
  const probeMs = IDLE_PROBE_MS < heartbeatMs ? IDLE_PROBE_MS : null;

  function probeIdle(): void {
    probe = null;
    if (closed) return;
    if (writes > 0) {
      writes = 0;
      probe = setTimeout(probeIdle, probeMs ?? 0);
      return;
    }
    writer.write(PROBE_FRAME).catch(writeFailed);
  }

  function close(reason: "ended" | "client-gone" | "upstream-closed" | "too-slow"): void {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    if (probe !== null) clearTimeout(probe);
    try {
      socket?.close(1000, reason);
    } catch {
      // already closed
    }
    if (reason === "too-slow") {
      void stub.noteSubscriberCut().catch(() => undefined);
      writer.abort(new Error("subscriber too slow")).catch(() => undefined);
    } else {
      writer.close().catch(() => undefined);
    }
  }

  const writeFailed = () => close("client-gone");

  function send(chunk: ArrayBuffer | Uint8Array, replay = false, armProbe = true): void {
    if (closed) return;
    // desiredSize goes negative by the bytes queued beyond the high-water mark: past the
    // replay's allowance, the client stopped reading. Cut it off instead of growing the queue.
    const desired = writer.desiredSize ?? 0;
    if (replay) replayAllowance += chunk.byteLength;
    else if (desired >= 0) replayAllowance = 0;
    if (desired < -replayAllowance) {
      close("too-slow");
      return;
    }
    writer.write(chunk).catch(writeFailed);
    if (probe !== null) writes++;
    else if (armProbe && probeMs !== null) probe = setTimeout(probeIdle, probeMs);
  }

  socket.binaryType = "arraybuffer";
  socket.accept();
  send(encoder.encode(RETRY_FRAME));
  socket.addEventListener("message", (event) => {
    // Live frames arrive as bytes, encoded once by the object for every subscriber.
    if (event.data instanceof ArrayBuffer) send(event.data);
    // The replay (see replayAllowance).
    else if (typeof event.data === "string") send(encoder.encode(event.data), true);
  });
  socket.addEventListener("close", (event) => close(event.code === CLOSE_ENDED ? "ended" : "upstream-closed"));
  socket.addEventListener("error", () => close("upstream-closed"));
  writer.closed.catch(() => close("client-gone"));
  // Without this, a departed client is noticed only when its queue fills: its socket to the
  // object (and the object's fan-out to it) would linger until then.
  if (clientGone?.aborted === true) close("client-gone");
  else clientGone?.addEventListener("abort", () => close("client-gone"), { once: true });
  return { kind: "stream", response: new Response(readable, { headers: SSE_HEADERS }) };
}
