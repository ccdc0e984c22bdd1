/**
 * The subscribers of one DecisionSet object: hibernatable WebSockets held by edge Workers.
 * A batch of frames is encoded to bytes once and the same bytes go to every subscriber.
 */
import { CLOSE_ENDED } from "./subscribe";

const encoder = new TextEncoder();

export class Subscribers {
  /**
   * The sockets, kept up to date on accept and close so that an append does not ask the
   * runtime for the list (which builds a new array of every socket each time). Null after
   * a wake from hibernation, until first needed. Bounded by the sockets the runtime holds.
   */
  private sockets: Set<WebSocket> | null = null;

  constructor(private readonly ctx: DurableObjectState) {}

  /** How many subscribers are connected. */
  get size(): number {
    return this.set().size;
  }

  /** Accepts a new subscriber's socket (hibernatable) and sends it `messages` first, as text. */
  accept(ws: WebSocket, messages: readonly string[]): void {
    this.ctx.acceptWebSocket(ws);
    this.set().add(ws);
    // As text: the edge tells the replay (exempt from its slow-subscriber budget) from live bytes.
    for (const message of messages) ws.send(message);
  }

  /** Sends one batch's frames to every subscriber, encoded once for all of them. */
  send(text: string): void {
    if (text.length === 0) return;
    const sockets = this.set();
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

  /** Closes every subscriber: the stream has ended and they have everything. */
  closeAll(): void {
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.close(CLOSE_ENDED, "workflow ended");
      } catch {
        // already closed
      }
    }
    this.sockets = new Set();
  }

  /** Forgets a socket that closed; if it was not in the set, the set is rebuilt from the runtime's list. */
  forget(ws: WebSocket): void {
    if (this.sockets !== null && !this.sockets.delete(ws)) this.sockets = null;
  }

  private set(): Set<WebSocket> {
    this.sockets ??= new Set(this.ctx.getWebSockets());
    return this.sockets;
  }
}
