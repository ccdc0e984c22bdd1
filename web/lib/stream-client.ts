/**
 * One decision set's live connection: an EventSource, the reducer, and the rules that keep
 * the view honest across reconnects. Framework-free (the hook wraps it), and every effect
 * (EventSource, timers, storage, clock) comes in through `StreamDeps` so tests drive it.
 *
 * Reconnects, in order of preference:
 * 1. the browser's own single retry after the server's `retry:` delay, which resends the
 *    last `id:` as Last-Event-ID (a stream the server rotated or dropped);
 * 2. past that, our own exponential backoff with jitter, without limit while the page is
 *    open, each attempt a new EventSource with `?last_event_id=` set to the reducer's
 *    `last_seq`: the last event actually applied, which is never ahead of a gap.
 */
import { EVENT_TYPES, parseStreamEvent, type StreamEvent } from "../../worker/contract/events";
import { initialView, reduce, type WorkflowView } from "../../worker/contract/reduce";
import { streamUrl } from "./api";
import { backoffDelay } from "./backoff";
import { parseSnapshot } from "./parse-event";
import { isTerminal } from "./status";
import type { ViewStore } from "./view-store";

/** EventSource.readyState values (the constants are not on every test double). */
export const CONNECTING = 0;
export const OPEN = 1;
export const CLOSED = 2;

/** Silence longer than this (three default heartbeats) means a dead connection. */
export const WATCHDOG_MS = 45_000;
/** How long events may wait ahead of a gap before we re-fetch from the applied cursor. */
export const GAP_WAIT_MS = 3_000;
/** Views are written to storage at most this often while events stream in. */
export const PERSIST_MS = 500;
/** The server's `retry:` frame: how long the browser waits before its own reconnect. */
export const NATIVE_RETRY_MS = 2_000;

/** The part of EventSource this client uses. */
export interface EventSourceLike {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: Event) => void): void;
  close(): void;
}

export type ProbeResult =
  | { kind: "found"; snapshot: unknown }
  | { kind: "not-found" }
  | { kind: "unreachable" }
  | { kind: "failed" };

export interface Timer {
  cancel(): void;
}

export interface StreamDeps {
  openEventSource(url: string): EventSourceLike;
  /** Asks the REST API about the decision set after the stream was refused. */
  probe(id: string): Promise<ProbeResult>;
  store: ViewStore;
  now(): number;
  random(): number;
  setTimer(fn: () => void, ms: number): Timer;
  isOnline(): boolean;
  /** Subscribes to the browser coming back online; returns the unsubscribe. */
  onOnline(fn: () => void): () => void;
  /** Subscribes to the page being hidden or unloaded (a reload); returns the unsubscribe. */
  onPageHide(fn: () => void): () => void;
  /** Runs `fn` soon: bursts of events (a replay) become one render. */
  notifyLater(fn: () => void): void;
}

export type ConnectionState =
  | { kind: "connecting" }
  | { kind: "replaying" }
  | { kind: "live" }
  | { kind: "reconnecting"; attempt: number; retryAt: number }
  | { kind: "offline"; retryAt: number }
  | { kind: "ended" }
  | { kind: "not-found" };

export interface StreamState {
  view: WorkflowView;
  connection: ConnectionState;
  /** Server clock minus local clock, from the timestamps of live (ephemeral) events. */
  clockSkewMs: number;
  /** Frames that failed to parse and were skipped. */
  unreadable: number;
}

/** The text of a frame, or null for EventSource's own connection-error event (it has no data). */
function frameData(event: Event): string | null {
  return "data" in event && typeof event.data === "string" && event.data !== "" ? event.data : null;
}

const SKEW_SOURCES = new Set<StreamEvent["type"]>(["heartbeat", "countdown-tick", "caught-up", "token"]);

export class DecisionSetStream {
  private state: StreamState;
  private readonly listeners = new Set<() => void>();
  private es: EventSourceLike | null = null;
  private running = false;
  /** Bumped on every (re)connect and stop: callbacks of an older generation are ignored. */
  private generation = 0;
  private attempt = 0;
  private nativeRetried = false;
  private retryTimer: Timer | null = null;
  private watchdog: Timer | null = null;
  private gapTimer: Timer | null = null;
  private persistTimer: Timer | null = null;
  private offOnline: (() => void) | null = null;
  private offPageHide: (() => void) | null = null;
  private notifyQueued = false;

  constructor(
    readonly id: string,
    private readonly deps: StreamDeps,
  ) {
    this.state = { view: deps.store.load(id), connection: { kind: "connecting" }, clockSkewMs: 0, unreadable: 0 };
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): StreamState => this.state;

  /** Opens the stream (idempotent). A finished run restored from storage needs no connection. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.offOnline = this.deps.onOnline(() => this.onOnline());
    // A reload does not unmount anything: save the view as the page goes, so the next
    // page load shows exactly what this one showed.
    this.offPageHide = this.deps.onPageHide(() => this.persistNow());
    if (isTerminal(this.state.view)) {
      this.set({ connection: { kind: "ended" } });
      return;
    }
    this.connect();
  }

  /** Closes everything and saves the view; `start` may be called again. */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.generation++;
    this.closeSource();
    this.cancelTimers();
    this.offOnline?.();
    this.offOnline = null;
    this.offPageHide?.();
    this.offPageHide = null;
    this.persistNow();
  }

  /** Skips the remaining backoff wait (the indicator's "Retry now"). */
  reconnectNow(): void {
    if (!this.running || this.es !== null) return;
    this.connect();
  }

  private connect(): void {
    this.closeSource();
    this.retryTimer?.cancel();
    this.retryTimer = null;
    this.nativeRetried = false;
    const gen = ++this.generation;
    const cursor = this.state.view.last_seq;
    const es = this.deps.openEventSource(streamUrl(this.id, cursor));
    this.es = es;
    const onFrame = (event: Event) => {
      if (gen !== this.generation) return;
      const text = frameData(event);
      // A named `error` event is the workflow's (it has data); EventSource's own is the connection's.
      if (text === null) this.onConnectionError(es);
      else this.onFrame(text);
    };
    for (const type of EVENT_TYPES) es.addEventListener(type, onFrame);
    es.addEventListener("message", onFrame);
    es.addEventListener("open", () => {
      if (gen === this.generation) this.onOpen();
    });
    this.armWatchdog();
    const c = this.state.connection;
    if (c.kind !== "reconnecting" && c.kind !== "offline") this.set({ connection: { kind: "connecting" } });
  }

  private onOpen(): void {
    this.attempt = 0;
    this.nativeRetried = false;
    this.armWatchdog();
    this.set({ connection: { kind: "replaying" } });
  }

  private onFrame(text: string): void {
    this.armWatchdog();
    const event = parseStreamEvent(text);
    if (event === null) {
      this.set({ unreadable: this.state.unreadable + 1 });
      return;
    }
    const patch: Partial<StreamState> = {};
    if (SKEW_SOURCES.has(event.type)) {
      const serverTime = Date.parse(event.timestamp);
      if (!Number.isNaN(serverTime)) patch.clockSkewMs = serverTime - this.deps.now();
    }
    const before = this.state.view;
    const view = reduce(before, event);
    if (view !== before) patch.view = view;
    const c = this.state.connection.kind;
    if (event.type === "caught-up") patch.connection = { kind: "live" };
    else if (c !== "live" && c !== "replaying") patch.connection = { kind: "replaying" };
    this.set(patch);

    if (view.pending.length > 0) this.armGapTimer();
    else {
      this.gapTimer?.cancel();
      this.gapTimer = null;
    }
    if (event.type === "caught-up" || (isTerminal(view) && !isTerminal(before))) this.persistNow();
    else if (view !== before) this.schedulePersist();
  }

  private onConnectionError(es: EventSourceLike): void {
    if (!this.running) return;
    if (isTerminal(this.state.view)) {
      // The server closes a finished run's stream once we hold everything: that is the end, not a fault.
      this.closeSource();
      this.cancelTimers();
      this.persistNow();
      this.set({ connection: { kind: "ended" } });
      return;
    }
    if (es.readyState === CONNECTING && !this.nativeRetried) {
      this.nativeRetried = true;
      this.set({ connection: { kind: "reconnecting", attempt: 1, retryAt: this.deps.now() + NATIVE_RETRY_MS } });
      return;
    }
    const refused = es.readyState === CLOSED;
    this.closeSource();
    // A refused stream (204, 404, 4xx, 5xx: EventSource hides which) is explained by the REST API.
    if (refused) this.probe();
    else this.scheduleReconnect();
  }

  private probe(): void {
    const gen = this.generation;
    this.set({ connection: { kind: "reconnecting", attempt: this.attempt + 1, retryAt: this.deps.now() } });
    void this.deps.probe(this.id).then((result) => {
      if (gen !== this.generation || !this.running) return;
      if (result.kind === "not-found") {
        this.cancelTimers();
        this.set({ connection: { kind: "not-found" } });
        return;
      }
      const snapshot = result.kind === "found" ? parseSnapshot(result.snapshot) : null;
      if (snapshot !== null) {
        let view = this.state.view;
        // The server's history is shorter than ours (its storage was reset): ours is not its past.
        if (snapshot.last_seq < view.last_seq) view = initialView(this.id);
        view = reduce(view, {
          type: "snapshot",
          decision_set_id: this.id,
          timestamp: new Date(this.deps.now()).toISOString(),
          data: snapshot,
        });
        if (view !== this.state.view) this.set({ view });
        if (isTerminal(view)) {
          this.cancelTimers();
          this.persistNow();
          this.set({ connection: { kind: "ended" } });
          return;
        }
      }
      this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    this.attempt++;
    const delay = backoffDelay(this.attempt, this.deps.random());
    const retryAt = this.deps.now() + delay;
    this.watchdog?.cancel();
    this.watchdog = null;
    this.retryTimer?.cancel();
    this.retryTimer = this.deps.setTimer(() => {
      this.retryTimer = null;
      if (this.running) this.connect();
    }, delay);
    this.set({
      connection: this.deps.isOnline()
        ? { kind: "reconnecting", attempt: this.attempt, retryAt }
        : { kind: "offline", retryAt },
    });
  }

  private onOnline(): void {
    if (!this.running || this.retryTimer === null) return;
    // Back online: the wait was for the network, not the server, so try at once.
    this.attempt = 0;
    this.connect();
  }

  private armWatchdog(): void {
    this.watchdog?.cancel();
    this.watchdog = this.deps.setTimer(() => {
      this.watchdog = null;
      if (!this.running || this.es === null) return;
      this.closeSource();
      this.scheduleReconnect();
    }, WATCHDOG_MS);
  }

  private armGapTimer(): void {
    if (this.gapTimer !== null) return;
    this.gapTimer = this.deps.setTimer(() => {
      this.gapTimer = null;
      if (this.running && this.state.view.pending.length > 0) this.connect();
    }, GAP_WAIT_MS);
  }

  private schedulePersist(): void {
    if (this.persistTimer !== null) return;
    this.persistTimer = this.deps.setTimer(() => {
      this.persistTimer = null;
      this.persistNow();
    }, PERSIST_MS);
  }

  private persistNow(): void {
    this.persistTimer?.cancel();
    this.persistTimer = null;
    if (this.state.view.last_seq > 0) this.deps.store.save(this.state.view);
  }

  private closeSource(): void {
    this.es?.close();
    this.es = null;
  }

  private cancelTimers(): void {
    for (const t of [this.retryTimer, this.watchdog, this.gapTimer]) t?.cancel();
    this.retryTimer = this.watchdog = this.gapTimer = null;
  }

  private set(patch: Partial<StreamState>): void {
    if (Object.keys(patch).length === 0) return;
    this.state = { ...this.state, ...patch };
    if (this.notifyQueued) return;
    this.notifyQueued = true;
    this.deps.notifyLater(() => {
      this.notifyQueued = false;
      for (const listener of this.listeners) listener();
    });
  }
}
