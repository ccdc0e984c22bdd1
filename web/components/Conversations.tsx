import { useState, type MouseEvent } from "react";
import { Link } from "react-router";
import type { Conversation } from "../lib/conversations";
import { ConfirmDialog } from "./ConfirmDialog";
import { StatusBadge } from "./StatusBadge";

/** What the person is about to do that would leave the open conversation. */
export type Leave = { kind: "new" } | { kind: "open"; conversation: Conversation };

/** The `/` link that opens a conversation: a new tab opens it too. */
export function conversationHref(threadId: string): string {
  return `/?thread=${encodeURIComponent(threadId)}`;
}

/**
 * Guards leaving the open conversation while one of its runs waits for the person: `ask`
 * leaves at once when nothing waits and otherwise puts the question; `dialog` is the
 * question to render, null while none is asked.
 */
export function useLeaveGuard(waits: boolean, leave: (what: Leave) => void) {
  const [asked, setAsked] = useState<Leave | null>(null);
  const ask = (what: Leave) => {
    if (waits) setAsked(what);
    else leave(what);
  };
  const dialog =
    asked === null ? null : (
      <ConfirmDialog
        question="Leave this conversation while a run waits for you?"
        confirmLabel="Leave"
        onCancel={() => setAsked(null)}
        onConfirm={() => {
          setAsked(null);
          leave(asked);
        }}
      >
        <p>
          A run in this conversation is waiting for your answer. If you leave, it keeps waiting, or takes its defaults
          when its time is up. You can come back to it from your conversations.
        </p>
      </ConfirmDialog>
    );
  return { ask, dialog };
}

/**
 * The person's conversations, newest first: each named by its first request, with where its
 * newest run stands, opening it in the chat. `onOpen` may stop the link to ask first.
 */
export function ConversationList({
  conversations,
  currentThreadId,
  defaultOpen,
  onOpen,
}: {
  conversations: readonly Conversation[];
  currentThreadId: string | undefined;
  defaultOpen: boolean;
  onOpen: (conversation: Conversation, event: MouseEvent<HTMLAnchorElement>) => void;
}) {
  if (conversations.length === 0) return null;
  return (
    <nav className="conversations" aria-label="Your conversations">
      <details open={defaultOpen}>
        <summary>Your conversations ({conversations.length})</summary>
        <ul className="history conversation-list">
          {conversations.map((c) => {
            const current = c.thread_id === currentThreadId;
            return (
              <li key={c.thread_id} className="history-item" data-thread={c.thread_id} data-status={c.status}>
                <Link
                  to={conversationHref(c.thread_id)}
                  className="conversation-link"
                  aria-current={current ? "true" : undefined}
                  onClick={(e) => onOpen(c, e)}
                >
                  {c.title}
                </Link>
                <span className="history-meta">
                  <StatusBadge status={c.status} />
                  <span className="muted small">
                    {c.runs.length === 1 ? "1 run" : `${c.runs.length} runs`}
                    {current ? " · open" : ""}
                  </span>
                </span>
              </li>
            );
          })}
        </ul>
      </details>
    </nav>
  );
}
