/**
 * The StreamRelay Durable Object: one of a decision set's relays, in one region. It holds
 * ONE subscription to the home DecisionSet object (an ordinary subscriber's WebSocket there,
 * unfiltered, resumed from its cursor when it drops) and fans what arrives out to up to
 * RELAY_SUBSCRIBERS_MAX edge subscribers over hibernatable WebSockets, with the home's own
 * `Subscribers` set, so the home sends each batch once per relay instead of once per viewer.
 *
 * A subscriber joins at its cursor: from the relay's ring of recent frames when the cursor
 * falls inside it, else with the replay the home builds from its log, followed by the ring
 * frames after that replay's end. Either way the replay and the live frames that follow are
 * built and handed over with no await in between, so nothing falls between them.
 */
import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import { readConfig } from "../config";
import { Cursor, TypesParam } from "../contract/api";
import { Subscribers } from "./fan-out";
import { typeFilter, type TypeFilter } from "./filter";
import { FrameRing, caughtUpFrame, parseFrames, ringEventsFor, toMessages, type RelayFrame } from "./relay-ring";
import { RELAY_FULL_STATUS, RELAY_SUBSCRIBERS_MAX, routedSubscribeUrl } from "./relay-route";
import { decisionSetStub, type DecisionSetStub } from "./stub";
import { CLOSE_ENDED } from "./subscribe";

/** How long a joining subscriber waits for the relay's upstream to reach the home's cursor. */
export const RELAY_CATCH_UP_MS = 10_000;
/** Reconnects of a dropped upstream before the relay gives up and closes its subscribers. */
export const RELAY_UPSTREAM_RETRIES = 3;
/** Close code for subscribers the relay cannot serve any more: they reconnect with their cursor. */
export const CLOSE_RELAY_LOST = 1012;

const DecisionSetId = z.string().min(1).max(128);
const decoder = new TextDecoder();

/** Where the relay's one subscription to the home stands. */
/** Opening (or reopening) at the ring's last seq; `ready` settles once caught up, or once it failed. */
interface Opening {
  state: "opening";
  ready: Promise<void>;
  /** The socket once the home answered with one. */
  ws?: WebSocket;
}

type Upstream =
  | { state: "none" }
  | Opening
  | { state: "live"; ws: WebSocket }
  /** The stream ended: the relay has sent everything, and later joiners go to the home. */
  | { state: "ended" };

interface Waiter {
  seq: number;
  done: () => void;
}

/** A promise and the function that settles it. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = noop;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function noop(): void {}

/** Closes every subscriber of the relay so that it reconnects with its Last-Event-ID. */
function closeLost(ctx: DurableObjectState, reason: string): void {
  for (const ws of ctx.getWebSockets()) {
    try {
      ws.close(CLOSE_RELAY_LOST, reason);
    } catch {
      // already closed
    }
  }
}

export class StreamRelay extends DurableObject<Env> {
  private readonly subscribers: Subscribers;
  private readonly ring: FrameRing;
  private upstream: Upstream = { state: "none" };
  private decisionSetId: string | null = null;
  /** Joins under way (counted against RELAY_SUBSCRIBERS_MAX, and keeping the upstream open). */
  private joining = 0;
  /** Joiners waiting for the upstream to reach a seq: at most one per join under way. */
  private readonly waiters = new Set<Waiter>();
  /** Batches from the home fanned out, and the messages sent for them (for `stats`). */
  private batches = 0;
  private sends = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.subscribers = new Subscribers(ctx);
    this.ring = new FrameRing(ringEventsFor(readConfig(env).HISTORY_KEEP));
    // Sockets that outlived an earlier instance (an eviction): what they last had is not
    // known here any more, so they are closed and come back with their Last-Event-ID.
    closeLost(ctx, "relay restarted");
  }

  /** Counters: subscribers, the ring, batches fanned out and messages sent for them. */
  stats(): Record<string, number | string | null> {
    return {
      decision_set_id: this.decisionSetId,
      subscribers: this.subscribers.size,
      joining: this.joining,
      upstream: this.upstream.state,
      last_seq: this.ring.last,
      ring_events: this.ring.size,
      batches: this.batches,
      sends: this.sends,
    };
  }

  /**
   * `GET /subscribe?set=ID&after=N[&types=a,b]` with a WebSocket upgrade, as the edge asks
   * the home: a hibernatable WebSocket carrying the replay after N, `caught-up`, then every
   * live frame; RELAY_FULL_STATUS when the relay has RELAY_SUBSCRIBERS_MAX subscribers;
   * the home's own answer when the relay cannot serve the cursor (the stream ended, or the
   * upstream is lost).
   */
  override async fetch(request: Request): Promise<Response> {
    const params = new URL(request.url).searchParams;
    const set = DecisionSetId.safeParse(params.get("set"));
    const cursor = Cursor.safeParse(params.get("after") ?? "0");
    const types = params.get("types");
    const parsedTypes = types === null ? null : TypesParam.safeParse(types);
    if (!set.success || !cursor.success || parsedTypes?.success === false)
      return new Response("bad subscribe request", { status: 400 });
    if (this.decisionSetId !== null && this.decisionSetId !== set.data)
      return new Response("another decision set's relay", { status: 409 });
    if (request.headers.get("upgrade") !== "websocket") return new Response("expected websocket", { status: 426 });
    if (this.subscribers.size + this.joining >= RELAY_SUBSCRIBERS_MAX)
      return new Response("relay full", { status: RELAY_FULL_STATUS });
    this.decisionSetId = set.data;
    const filter = typeFilter(parsedTypes?.data);
    this.joining++;
    try {
      const joined = await this.join(set.data, cursor.data, filter);
      if (joined !== null) return joined;
    } catch {
      // The home's replay did not come (a history too large for one RPC answer, a failed
      // call): the home serves this subscriber itself, as it would without relays.
    } finally {
      this.joining--;
    }
    this.closeIfIdle();
    return this.home(set.data).fetch(routedSubscribeUrl(cursor.data, filter, "direct", "any"), {
      headers: { upgrade: "websocket" },
    });
  }

  /** Subscribers only listen; anything they send is ignored. */
  override webSocketMessage(): void {}

  override webSocketClose(ws: WebSocket, code: number): void {
    this.subscribers.forget(ws);
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, "closing");
    } catch {
      // already closed
    }
    this.closeIfIdle();
  }

  override webSocketError(ws: WebSocket): void {
    this.subscribers.forget(ws);
    this.closeIfIdle();
  }

  // ---------------------------------------------------------------- joining

  /**
   * Accepts a subscriber at cursor `after`, or null when the relay cannot serve it (the
   * stream ended, the upstream was lost, or more arrived while the home's replay was read
   * than the ring holds): the home then takes it directly.
   */
  private async join(id: string, after: number, filter: TypeFilter): Promise<Response | null> {
    if (!(await this.ensureUpstream(id, after))) return null;
    // The home accepted a cursor this relay has not reached yet: wait for it to arrive.
    if (after > this.ring.last && !(await this.reach(after))) return null;
    let head: string[] = [];
    let from = after;
    if (!this.ring.covers(after)) {
      const replay = await this.home(id).replayFor(after, filter ?? undefined);
      if (replay === null || !(await this.reach(replay.last_seq)) || !this.ring.covers(replay.last_seq)) return null;
      // The home's replay ends with its own caught-up at its last seq; what the ring holds
      // after that follows as the first live frames.
      head = replay.messages;
      from = replay.last_seq;
    }
    // From here to `accept`, no await: no frame from the home can fall in between.
    if (!this.relaying()) return null;
    const texts = this.ring.textsAfter(from, filter);
    const tail = head.length > 0 ? texts : [...texts, caughtUpFrame(id, this.ring.last, texts.length)];
    const pair = new WebSocketPair();
    this.subscribers.accept(pair[1], [...head, ...toMessages(tail)], filter);
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  /**
   * Opens the upstream if there is none (at `after`, the first joiner's cursor, so that the
   * home's replay to the relay fills the ring with what that joiner needs) and waits until
   * it is caught up. False when the relay cannot relay: the stream ended or the home refused.
   */
  private async ensureUpstream(id: string, after: number): Promise<boolean> {
    if (this.upstream.state === "none") {
      this.ring.reset(after);
      this.begin(id);
    }
    if (this.upstream.state === "opening") await this.upstream.ready;
    return this.upstream.state === "live";
  }

  /** Resolves true once the upstream has delivered `seq` (false if it stops first, or after RELAY_CATCH_UP_MS). */
  private async reach(seq: number): Promise<boolean> {
    if (this.ring.last >= seq) return this.relaying();
    await new Promise<void>((resolve) => {
      const waiter: Waiter = {
        seq,
        done: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve();
        },
      };
      const timer = setTimeout(waiter.done, RELAY_CATCH_UP_MS);
      this.waiters.add(waiter);
    });
    return this.relaying() && this.ring.last >= seq;
  }

  /** Whether frames still come: live, or reopening after a drop (subscribers get the missed frames first). */
  private relaying(): boolean {
    return this.upstream.state === "live" || this.upstream.state === "opening";
  }

  private wake(all: boolean): void {
    for (const waiter of this.waiters) if (all || this.ring.last >= waiter.seq) waiter.done();
  }

  // ---------------------------------------------------------------- the upstream

  /** Starts (or restarts) the subscription at the home from the ring's last seq. */
  private begin(id: string): void {
    const opening: Opening = { state: "opening", ready: Promise.resolve() };
    this.upstream = opening;
    opening.ready = this.open(id, opening, 0);
  }

  /**
   * Subscribes at the home from the ring's last seq, as an unfiltered subscriber marked as
   * a relay (never routed on). Settles when the home's replay to it is through (its
   * caught-up), or when the home answered without a socket: the end of the stream (with
   * its rest as a body, relayed like any frames) or a refusal. A socket that drops before
   * it is caught up is retried, RELAY_UPSTREAM_RETRIES times in all.
   */
  private async open(id: string, opening: Opening, attempt: number): Promise<void> {
    let answer: Response | null = null;
    try {
      answer = await this.home(id).fetch(routedSubscribeUrl(this.ring.last, null, "relay", "any"), {
        headers: { upgrade: "websocket" },
      });
    } catch {
      // retried below
    }
    if (this.upstream !== opening) return;
    const ws = answer?.webSocket ?? null;
    if (answer !== null && ws === null) {
      // 200: the stream ended, the rest as one body; 204: ended and nothing after the cursor.
      if (answer.status === 200) this.relay(parseFrames(await answer.text()));
      return this.stop(answer.status === 200 || answer.status === 204 ? "ended" : "lost");
    }
    if (ws !== null) {
      const { promise: ready, resolve: caughtUp } = deferred();
      const gone = new Promise<void>((resolve) => {
        ws.addEventListener("close", () => resolve());
        ws.addEventListener("error", () => resolve());
      });
      ws.binaryType = "arraybuffer";
      ws.accept();
      opening.ws = ws;
      ws.addEventListener("message", (event) => {
        const current = this.upstream;
        if (current !== opening && !(current.state === "live" && current.ws === ws)) {
          // A subscription the relay has since let go of (it went idle, or started over).
          ws.close(1000, "stale");
          return;
        }
        const frames = parseFrames(typeof event.data === "string" ? event.data : decoder.decode(event.data));
        if (current === opening && frames.some((f) => f.type === "caught-up")) {
          this.upstream = { state: "live", ws };
          caughtUp();
        }
        this.relay(frames);
      });
      ws.addEventListener("close", (event) => this.dropped(ws, event.code, id));
      ws.addEventListener("error", () => this.dropped(ws, 1006, id));
      await Promise.race([ready, gone]);
      if (this.upstream !== opening) return;
    }
    if (attempt + 1 >= RELAY_UPSTREAM_RETRIES) return this.stop("lost");
    await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
    if (this.upstream === opening) return this.open(id, opening, attempt + 1);
  }

  /** One message's frames: stored ones into the ring (in order, once), then out to every subscriber. */
  private relay(frames: readonly RelayFrame[]): void {
    const out: RelayFrame[] = [];
    for (const frame of frames) {
      if (frame.type === "caught-up") continue;
      if (frame.type === "snapshot") {
        // What was trimmed before the ring's next frame: the ring starts over after it.
        if (frame.seq !== undefined && frame.seq > this.ring.last) this.ring.reset(frame.seq);
        out.push(frame);
        continue;
      }
      if (frame.seq === undefined) {
        out.push(frame);
        continue;
      }
      if (frame.seq <= this.ring.last) continue;
      if (frame.seq !== this.ring.last + 1) {
        // A hole would break every subscriber's order: they reconnect and are served whole.
        this.stop("lost");
        return;
      }
      this.ring.push({ ...frame, seq: frame.seq });
      out.push(frame);
    }
    if (out.length > 0) {
      this.batches++;
      this.sends += this.subscribers.size;
      this.subscribers.send(out);
    }
    this.wake(false);
  }

  /** The live upstream closed: the end of the stream, or a drop resumed from the ring's last seq. */
  private dropped(ws: WebSocket, code: number, id: string): void {
    const current = this.upstream;
    if (current.state !== "live" || current.ws !== ws) return;
    if (code === CLOSE_ENDED) return this.stop("ended");
    if (this.subscribers.size + this.joining === 0) return this.stop("idle");
    this.begin(id);
  }

  /**
   * Stops relaying. `ended`: every subscriber has everything and is closed as a finished
   * stream. `lost`: they are closed to reconnect with their cursor. `idle`: nobody listens.
   */
  private stop(why: "ended" | "lost" | "idle"): void {
    const current = this.upstream;
    this.upstream = why === "ended" ? { state: "ended" } : { state: "none" };
    const socket = current.state === "live" || current.state === "opening" ? current.ws : undefined;
    if (socket !== undefined) {
      try {
        socket.close(1000, why);
      } catch {
        // already closed
      }
    }
    if (why === "ended") this.subscribers.closeAll();
    else if (why === "lost") closeLost(this.ctx, "relay lost its upstream");
    this.wake(true);
  }

  /** Closes the upstream once no subscriber is left and none is joining: the home stops sending to this relay. */
  private closeIfIdle(): void {
    if (this.upstream.state === "live" && this.subscribers.size + this.joining === 0) this.stop("idle");
  }

  private home(id: string): DecisionSetStub {
    return decisionSetStub(this.env, id);
  }
}
