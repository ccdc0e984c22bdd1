/**
 * `useDecisionSetStream(id)`: the live view of one decision set. Components that watch the
 * same id share one DecisionSetStream, so a tab holds one EventSource per decision set.
 */
import { useEffect, useMemo, useSyncExternalStore } from "react";
import { api, ApiError } from "../lib/api";
import { DecisionSetStream, type ProbeResult, type StreamDeps, type StreamState } from "../lib/stream-client";
import { memoryOnlyStore, storageViewStore, type ViewStore } from "../lib/view-store";

function browserStore(): ViewStore {
  try {
    return storageViewStore(window.localStorage);
  } catch {
    // Storage disabled (a privacy mode): the stream still works, it replays after a reload.
    return memoryOnlyStore;
  }
}

async function probe(id: string): Promise<ProbeResult> {
  try {
    const detail = await api.getDecisionSet(id);
    return { kind: "found", snapshot: detail.snapshot };
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return { kind: "not-found" };
    if (err instanceof ApiError && err.status === 0) return { kind: "unreachable" };
    return { kind: "failed" };
  }
}

/** What the browser provides; tests build their own StreamDeps. */
export function browserStreamDeps(): StreamDeps {
  return {
    openEventSource: (url) => new EventSource(url),
    probe,
    store: browserStore(),
    now: () => Date.now(),
    random: () => Math.random(),
    setTimer: (fn, ms) => {
      const handle = setTimeout(fn, ms);
      return { cancel: () => clearTimeout(handle) };
    },
    isOnline: () => navigator.onLine,
    onOnline: (fn) => {
      window.addEventListener("online", fn);
      return () => window.removeEventListener("online", fn);
    },
    onPageHide: (fn) => {
      const onVisibility = () => {
        if (document.visibilityState === "hidden") fn();
      };
      window.addEventListener("pagehide", fn);
      document.addEventListener("visibilitychange", onVisibility);
      return () => {
        window.removeEventListener("pagehide", fn);
        document.removeEventListener("visibilitychange", onVisibility);
      };
    },
    // A timeout, not requestAnimationFrame: a background tab must keep its view current.
    notifyLater: (fn) => void setTimeout(fn, 16),
  };
}

interface Entry {
  stream: DecisionSetStream;
  refs: number;
}
const registry = new Map<string, Entry>();

/** The shared stream for `id`, created on first use; it connects only while retained. */
export function streamFor(id: string, deps: () => StreamDeps = browserStreamDeps): DecisionSetStream {
  let entry = registry.get(id);
  if (entry === undefined) {
    entry = { stream: new DecisionSetStream(id, deps()), refs: 0 };
    registry.set(id, entry);
  }
  return entry.stream;
}

/** Starts `stream` for one more watcher; the returned function releases it (the last one stops it). */
export function retainStream(stream: DecisionSetStream): () => void {
  let entry = registry.get(stream.id);
  if (entry === undefined || entry.stream !== stream) {
    entry = { stream, refs: 0 };
    registry.set(stream.id, entry);
  }
  const held = entry;
  held.refs++;
  stream.start();
  return () => {
    held.refs--;
    if (held.refs > 0) return;
    stream.stop();
    if (registry.get(stream.id) === held) registry.delete(stream.id);
  };
}

export interface DecisionSetStreamHandle extends StreamState {
  reconnectNow: () => void;
}

export function useDecisionSetStream(id: string, deps?: () => StreamDeps): DecisionSetStreamHandle {
  const stream = useMemo(() => streamFor(id, deps), [id, deps]);
  useEffect(() => retainStream(stream), [stream]);
  const state = useSyncExternalStore(stream.subscribe, stream.getState);
  return useMemo(() => ({ ...state, reconnectNow: () => stream.reconnectNow() }), [state, stream]);
}
