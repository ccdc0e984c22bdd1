/**
 * Keeps each watched decision set's view in localStorage, so a reload shows at once what
 * was already shown and resumes the stream after the view's own `last_seq`. The cursor is
 * the stored view's `last_seq`, saved with it in one write: the two can never disagree.
 */
import { initialView, reduce, toSnapshot, type WorkflowView } from "../../worker/contract/reduce";
import { parseSnapshot } from "./parse-event";

const PREFIX = "rs:view:";
const INDEX_KEY = "rs:views";
const VERSION = 1;
/** Views kept; older ones are evicted (their runs then replay from the server). */
export const MAX_STORED_VIEWS = 30;

export interface ViewStore {
  /** The stored view for `id`, or a fresh one when none is stored or it is unreadable. */
  load(id: string): WorkflowView;
  save(view: WorkflowView): void;
}

/** A store that keeps nothing: for tests, and browsers with storage disabled. */
export const memoryOnlyStore: ViewStore = {
  load: (id) => initialView(id),
  save: () => undefined,
};

function readIndex(storage: Storage): string[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(INDEX_KEY) ?? "[]");
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

/** The view store over a Storage (localStorage in the app), bounded to MAX_STORED_VIEWS entries. */
export function storageViewStore(storage: Storage): ViewStore {
  return {
    load(id) {
      const fresh = initialView(id);
      let parsed: unknown;
      try {
        parsed = JSON.parse(storage.getItem(PREFIX + id) ?? "null");
      } catch {
        return fresh;
      }
      if (typeof parsed !== "object" || parsed === null || !("v" in parsed) || parsed.v !== VERSION) return fresh;
      const data = parseSnapshot("view" in parsed ? parsed.view : undefined);
      if (data === null || data.decision_set_id !== id) return fresh;
      // A stored view enters through the reducer's own snapshot path: one way to load state.
      return reduce(fresh, { type: "snapshot", decision_set_id: id, timestamp: new Date().toISOString(), data });
    },
    save(view) {
      const key = PREFIX + view.decision_set_id;
      const text = JSON.stringify({ v: VERSION, view: toSnapshot(view) });
      const index = [view.decision_set_id, ...readIndex(storage).filter((x) => x !== view.decision_set_id)];
      // Evict the least recently saved views beyond the bound, then on a full quota keep
      // evicting the oldest until the write fits (or give up: the server can replay).
      while (index.length > MAX_STORED_VIEWS) storage.removeItem(PREFIX + (index.pop() ?? ""));
      for (;;) {
        try {
          storage.setItem(key, text);
          storage.setItem(INDEX_KEY, JSON.stringify(index));
          return;
        } catch {
          const oldest = index.length > 1 ? index.pop() : undefined;
          if (oldest === undefined) {
            storage.removeItem(key);
            return;
          }
          storage.removeItem(PREFIX + oldest);
        }
      }
    },
  };
}
