/**
 * The subscribers of one DecisionSet object: hibernatable WebSockets held by edge Workers.
 * A batch of frames is encoded to bytes once and the same bytes go to every unfiltered
 * subscriber; subscribers that named their types get one encoding per distinct filter.
 */
import type { EventType } from "../contract/events";
import { FilterAttachment, filterParam, passes, typeFilter, type TypeFilter } from "./filter";
import { CLOSE_ENDED } from "./subscribe";

const encoder = new TextEncoder();

/** One event of a batch, already framed for SSE. */
export interface Frame {
  type: EventType;
  text: string;
}

/** The filter a socket carries in its attachment (null: none, or an attachment this code did not write). */
function filterOf(ws: WebSocket): TypeFilter {
  const parsed = FilterAttachment.safeParse(ws.deserializeAttachment());
  return parsed.success ? typeFilter(parsed.data.types) : null;
}

export class Subscribers {
  /**
   * The sockets and their filters, kept up to date on accept and close so that an append
   * does not ask the runtime for the list (which builds a new array of every socket each
   * time). Null after a wake from hibernation, until first needed; then rebuilt from the
   * attachments. Bounded by the sockets the runtime holds.
   */
  private sockets: Map<WebSocket, TypeFilter> | null = null;

  constructor(private readonly ctx: DurableObjectState) {}

  /** How many subscribers are connected. */
  get size(): number {
    return this.map().size;
  }

  /**
   * Accepts a new subscriber's socket (hibernatable) with its filter and sends it
   * `messages` first, as text.
   */
  accept(ws: WebSocket, messages: readonly string[], filter: TypeFilter = null): void {
    this.ctx.acceptWebSocket(ws);
    if (filter !== null) ws.serializeAttachment({ types: filter });
    this.map().set(ws, filter);
    // As text: the edge tells the replay (exempt from its slow-subscriber budget) from live bytes.
    for (const message of messages) ws.send(message);
  }

  /** Sends one batch's frames to every subscriber, encoded once per distinct filter. */
  send(frames: readonly Frame[]): void {
    if (frames.length === 0) return;
    const sockets = this.map();
    if (sockets.size === 0) return;
    // Encoded lazily: a batch nobody unfiltered listens to is never joined whole.
    let all: Uint8Array | null = null;
    const byFilter = new Map<string, Uint8Array | null>();
    for (const [ws, filter] of sockets) {
      let bytes: Uint8Array | null;
      if (filter === null) bytes = all ??= encoder.encode(frames.map((f) => f.text).join(""));
      else {
        const key = filterParam(filter);
        const cached = byFilter.get(key);
        if (cached !== undefined) bytes = cached;
        else {
          const text = frames
            .filter((f) => passes(filter, f.type))
            .map((f) => f.text)
            .join("");
          bytes = text.length === 0 ? null : encoder.encode(text);
          byFilter.set(key, bytes);
        }
      }
      if (bytes === null) continue;
      try {
        ws.send(bytes);
      } catch {
        // A socket that closed under us is gone; its client reconnects with its cursor.
        sockets.delete(ws);
      }
    }
  }

  /** Closes every subscriber: the stream has ended and they have everything. */
  closeAll(): void {
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.close(CLOSE_ENDED, "workflow ended");
      } catch {
        // already closed
      }
    }
    this.sockets = new Map();
  }

  /** Forgets a socket that closed; if it was not in the set, the set is rebuilt from the runtime's list. */
  forget(ws: WebSocket): void {
    if (this.sockets !== null && !this.sockets.delete(ws)) this.sockets = null;
  }

  private map(): Map<WebSocket, TypeFilter> {
    if (this.sockets === null) {
      this.sockets = new Map(this.ctx.getWebSockets().map((ws) => [ws, filterOf(ws)]));
    }
    return this.sockets;
  }
}
