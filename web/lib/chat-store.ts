/**
 * The chat on `/`: one thread at a time, kept in localStorage so a reload (or coming back
 * later) shows the same conversation with each run's container where it was.
 */
import { z } from "zod";

const KEY = "rs:chat";

const Entry = z.object({
  id: z.string(),
  content: z.string(),
  decision_set_id: z.string().optional(),
  error: z.string().optional(),
});
export type ChatEntry = z.infer<typeof Entry>;

const Thread = z.object({ thread_id: z.string().optional(), entries: z.array(Entry) });
export type ChatThread = z.infer<typeof Thread>;

export const emptyThread: ChatThread = { entries: [] };

export function loadThread(storage: Storage | null): ChatThread {
  if (storage === null) return emptyThread;
  try {
    const parsed = Thread.safeParse(JSON.parse(storage.getItem(KEY) ?? "null"));
    return parsed.success ? parsed.data : emptyThread;
  } catch {
    return emptyThread;
  }
}

export function saveThread(storage: Storage | null, thread: ChatThread): void {
  try {
    storage?.setItem(KEY, JSON.stringify(thread));
  } catch {
    // A full or disabled storage only costs the conversation on reload; the runs stay in History.
  }
}

/** localStorage, or null where the browser refuses it. */
export function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** An id for a chat entry; randomUUID needs a secure context, which a dev LAN address is not. */
export function newEntryId(): string {
  return typeof crypto.randomUUID === "function" ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
}
