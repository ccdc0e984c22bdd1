/**
 * The summary stream of a history page: one SSE response, held by the edge Worker, that
 * carries a small `summary` frame `{decision_set_id, status, progress}` whenever one of
 * several decision sets changes. Each object is followed over its hibernatable WebSocket
 * with a filter of the few types that move a summary, and the summary itself is the
 * object's own view (one `view()` call per burst of events), so it is never guessed.
 */
import type { EventType } from "../contract/events";
import { progressOf } from "../contract/reduce";
import { typeFilter } from "./filter";
import { SSE_HEADERS } from "./edge";
import { writeFrame } from "../contract/sse";
import { RETRY_FRAME, heartbeatFrame } from "./sse";
import { decisionSetStub } from "./stub";
import { CLOSE_ENDED, subscribeUrl } from "./subscribe";

/** Most decision sets one summary stream follows: a page shows the newest running ones. */
export const SUMMARY_MAX_SETS = 20;
/** Events of one set within this window become one summary (a replay is one burst). */
export const SUMMARY_COALESCE_MS = 150;
/** A client this far behind on summaries is cut off; it reconnects and gets the current ones. */
const SUMMARY_MAX_BUFFER_BYTES = 64 * 1024;

/** The events that change a status or a progress. */
const SUMMARY_TYPES: EventType[] = [
  "workflow-start",
  "node-complete",
  "workflow-paused",
  "workflow-resumed",
  "responses-collected",
  "workflow-complete",
  "workflow-cancelled",
  "error",
];

const encoder = new TextEncoder();

/** Opens the summary stream of `ids` (at most SUMMARY_MAX_SETS are followed). */
export function openSummaryStream(
  env: Env,
  ids: readonly string[],
  heartbeatMs: number,
  clientGone?: AbortSignal,
): Response {
  const { readable, writable } = new IdentityTransformStream({ highWaterMark: SUMMARY_MAX_BUFFER_BYTES });
  const writer = writable.getWriter();
  const sockets = new Set<WebSocket>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const followed = ids.slice(0, SUMMARY_MAX_SETS);
  let open = followed.length;
  let closed = false;

  function close(): void {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    for (const t of timers.values()) clearTimeout(t);
    for (const ws of sockets) {
      try {
        ws.close(1000, "summary stream closed");
      } catch {
        // already closed
      }
    }
    writer.close().catch(() => undefined);
  }

  function write(text: string): void {
    if (closed) return;
    if ((writer.desiredSize ?? 0) < 0) {
      close();
      return;
    }
    writer.write(encoder.encode(text)).catch(close);
  }

  async function summarise(id: string): Promise<void> {
    const view = await decisionSetStub(env, id).view();
    if (view === null) return;
    const data = JSON.stringify({ decision_set_id: id, status: view.status, progress: progressOf(view) });
    write(writeFrame({ event: "summary", data }));
  }

  function soon(id: string): void {
    if (timers.has(id)) return;
    timers.set(
      id,
      setTimeout(() => {
        timers.delete(id);
        void summarise(id).catch(() => undefined);
      }, SUMMARY_COALESCE_MS),
    );
  }

  /** Follows one set; false when there is nothing to follow (unknown, or already ended). */
  async function follow(id: string): Promise<boolean> {
    const stub = decisionSetStub(env, id);
    // The cursor is the present: the summary is read from the view, the events only wake it.
    const view = await stub.view();
    if (view === null) return false;
    await summarise(id);
    const upstream = await stub.fetch(subscribeUrl(view.last_seq, typeFilter(SUMMARY_TYPES)), {
      headers: { upgrade: "websocket" },
    });
    const ws = upstream.webSocket;
    if (ws === null || closed) return false;
    sockets.add(ws);
    ws.accept();
    ws.addEventListener("message", () => soon(id));
    ws.addEventListener("close", (event) => {
      sockets.delete(ws);
      if (event.code === CLOSE_ENDED) void summarise(id).catch(() => undefined);
      done();
    });
    return true;
  }

  function done(): void {
    open--;
    // Every followed run has ended: the page has their final summaries.
    if (open <= 0) setTimeout(close, SUMMARY_COALESCE_MS * 2);
  }

  const heartbeat = setInterval(() => write(heartbeatFrame("summary")), heartbeatMs);
  write(RETRY_FRAME);
  for (const id of followed) {
    void follow(id).then(
      (ok) => {
        if (!ok) done();
      },
      () => done(),
    );
  }
  if (followed.length === 0) setTimeout(close, 0);
  if (clientGone?.aborted === true) close();
  else clientGone?.addEventListener("abort", close, { once: true });
  return new Response(readable, { headers: SSE_HEADERS });
}
