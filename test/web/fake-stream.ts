/** Test doubles for the stream client: an EventSource, a clock with timers, a storage. */
import type { StreamEvent } from "../../worker/contract/events";
import {
  CLOSED,
  CONNECTING,
  OPEN,
  type EventSourceLike,
  type ProbeResult,
  type StreamDeps,
  type Timer,
} from "../../web/lib/stream-client";
import { storageViewStore } from "../../web/lib/view-store";

export class FakeEventSource implements EventSourceLike {
  readyState = CONNECTING;
  private readonly listeners = new Map<string, ((e: Event) => void)[]>();

  constructor(readonly url: string) {}

  addEventListener(type: string, listener: (e: Event) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.readyState = CLOSED;
  }

  private emit(type: string, event: Event): void {
    for (const l of this.listeners.get(type) ?? []) l(event);
  }

  open(): void {
    this.readyState = OPEN;
    this.emit("open", new Event("open"));
  }

  /** Delivers one event the way the server frames it: named, with its JSON as data. */
  send(event: StreamEvent): void {
    this.emit(event.type, new MessageEvent(event.type, { data: JSON.stringify(event) }));
  }

  sendRaw(type: string, data: string): void {
    this.emit(type, new MessageEvent(type, { data }));
  }

  /** A connection error: EventSource's own `error` event, which has no data. */
  fail(readyState: number = CONNECTING): void {
    this.readyState = readyState;
    this.emit("error", new Event("error"));
  }

  /** The cursor this connection asked to resume after (0 when none). */
  get cursor(): number {
    return Number(new URL(this.url, "http://x").searchParams.get("last_event_id") ?? 0);
  }
}

/** A manual clock: timers run only when the test advances time. */
export class FakeClock {
  now = Date.parse("2026-11-27T10:00:00.000Z");
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 0;

  setTimer = (fn: () => void, ms: number): Timer => {
    const id = this.nextId++;
    this.timers.push({ at: this.now + ms, fn, id });
    return { cancel: () => (this.timers = this.timers.filter((t) => t.id !== id)) };
  };

  /** The delays of timers now pending, soonest first. */
  pending(): number[] {
    return this.timers.map((t) => t.at - this.now).toSorted((a, b) => a - b);
  }

  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).toSorted((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.now = due.at;
      due.fn();
    }
    this.now = end;
  }
}

export class MemoryStorage implements Storage {
  private readonly map = new Map<string, string>();
  get length(): number {
    return this.map.size;
  }
  clear(): void {
    this.map.clear();
  }
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.map.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.map.delete(key);
  }
  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }
}

export interface Harness {
  /** Fires the page-hide listeners, as a reload does. */
  hidePage(): void;
  deps: StreamDeps;
  clock: FakeClock;
  sources: FakeEventSource[];
  storage: MemoryStorage;
  online: { value: boolean; fire(): void };
  probe: { result: ProbeResult; calls: number };
  latest(): FakeEventSource;
}

/** Everything a DecisionSetStream needs, faked; `storage` may be shared to simulate a reload. */
export function harness(storage = new MemoryStorage()): Harness {
  const clock = new FakeClock();
  const sources: FakeEventSource[] = [];
  const onlineListeners = new Set<() => void>();
  const online = {
    value: true,
    fire: () => {
      online.value = true;
      for (const l of onlineListeners) l();
    },
  };
  const probe: { result: ProbeResult; calls: number } = { result: { kind: "failed" }, calls: 0 };
  const hideListeners = new Set<() => void>();
  const deps: StreamDeps = {
    openEventSource: (url) => {
      const es = new FakeEventSource(url);
      sources.push(es);
      return es;
    },
    probe: async () => {
      probe.calls++;
      return probe.result;
    },
    store: storageViewStore(storage),
    now: () => clock.now,
    random: () => 1,
    setTimer: clock.setTimer,
    isOnline: () => online.value,
    onOnline: (fn) => {
      onlineListeners.add(fn);
      return () => onlineListeners.delete(fn);
    },
    onPageHide: (fn) => {
      hideListeners.add(fn);
      return () => hideListeners.delete(fn);
    },
    notifyLater: (fn) => fn(),
  };
  return {
    deps,
    clock,
    sources,
    storage,
    online,
    probe,
    hidePage: () => {
      for (const l of hideListeners) l();
    },
    latest: () => {
      const es = sources.at(-1);
      if (es === undefined) throw new Error("no EventSource was opened");
      return es;
    },
  };
}
