/**
 * The person's conversations on the chat page: their decision sets grouped by thread, and
 * whether leaving the open one would walk away from a run that waits for them. Pure, so the
 * rules are tested without a browser.
 */
import type { DecisionSetSummary } from "../../worker/contract/api";
import type { Status } from "../../worker/contract/status";
import type { ChatThread } from "./chat-store";

/** One thread: what it is called, how its newest run stands, its runs oldest first. */
export interface Conversation {
  thread_id: string;
  /** The first run's title: the request that started the conversation. */
  title: string;
  /** The newest run's status: where the conversation stands now. */
  status: Status;
  /** When the newest run started: the list's order. */
  updated_at: string;
  runs: DecisionSetSummary[];
}

/** Time of an ISO date; an unreadable one sorts last rather than throwing the list away. */
function time(iso: string): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}

/**
 * The decision sets grouped by `thread_id`, newest conversation first (by its newest run),
 * each conversation's runs oldest first. A run without a title is named by its id, as History does.
 */
export function groupConversations(items: readonly DecisionSetSummary[]): Conversation[] {
  const byThread = new Map<string, DecisionSetSummary[]>();
  for (const item of items) {
    const runs = byThread.get(item.thread_id);
    if (runs === undefined) byThread.set(item.thread_id, [item]);
    else runs.push(item);
  }
  const conversations: Conversation[] = [];
  for (const [thread_id, unsorted] of byThread) {
    const runs = unsorted.toSorted((a, b) => time(a.created_at) - time(b.created_at));
    const first = runs[0];
    const newest = runs.at(-1);
    if (first === undefined || newest === undefined) continue;
    conversations.push({
      thread_id,
      title: first.title !== "" ? first.title : first.decision_set_id,
      status: newest.status,
      updated_at: newest.created_at,
      runs,
    });
  }
  return conversations.toSorted((a, b) => time(b.updated_at) - time(a.updated_at));
}

/**
 * A listed conversation as the chat shows it: one turn per run, its request being the run's
 * title (the server keeps the request's first words as the title).
 */
export function threadOf(conversation: Conversation): ChatThread {
  return {
    thread_id: conversation.thread_id,
    entries: conversation.runs.map((r) => ({
      id: r.decision_set_id,
      content: r.title,
      decision_set_id: r.decision_set_id,
    })),
  };
}

/**
 * True when a run of `thread` waits for the person: the attention store knows its gate is
 * open, or the list last saw it paused at one.
 */
export function threadWaits(
  thread: ChatThread,
  waitingIds: ReadonlySet<string>,
  listed: readonly DecisionSetSummary[],
): boolean {
  const ids = new Set(thread.entries.flatMap((e) => (e.decision_set_id === undefined ? [] : [e.decision_set_id])));
  if ([...ids].some((id) => waitingIds.has(id))) return true;
  return listed.some((d) => ids.has(d.decision_set_id) && d.status === "paused");
}
