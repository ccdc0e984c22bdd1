import {
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  useTransition,
  type FormEvent,
  type KeyboardEvent,
  type MouseEvent,
  type RefObject,
} from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import type { DecisionSetSummary } from "../../worker/contract/api";
import { ConversationList, useLeaveGuard, type Leave } from "../components/Conversations";
import { WorkflowContainer } from "../components/WorkflowContainer";
import { loadMe } from "../hooks/useMe";
import { api, errorMessage } from "../lib/api";
import { attention } from "../lib/attention";
import { groupConversations, threadOf, threadWaits, type Conversation } from "../lib/conversations";
import {
  browserStorage,
  emptyThread,
  loadThread,
  newEntryId,
  saveThread,
  type ChatEntry,
  type ChatThread,
} from "../lib/chat-store";

const EXAMPLES = [
  "Image classification for financial documents, high availability, PCI-DSS, budget $8,000 a month.",
  "Real-time fraud scoring on card transactions, p99 latency under 50 ms, EU data residency.",
  "A small team's batch demand forecasting, retrained nightly, as cheap as possible.",
];

/**
 * `/`: describe the platform; each message starts a run at once and its live container
 * appears under it. A follow-up on the same thread asks for a revised design. The person's
 * earlier conversations are listed to reopen (`/?thread=<id>` opens one); leaving one whose
 * run waits for the person asks first.
 */
export function ChatRoute() {
  const storage = useRef(browserStorage()).current;
  const [thread, setThread] = useState<ChatThread>(() => loadThread(storage));
  // Starting a run is an action: pending until the server has answered, one at a time.
  const [sending, startSending] = useTransition();
  const lastEntry = useRef<HTMLLIElement>(null);
  const composer = useRef<HTMLTextAreaElement>(null);
  const navigate = useNavigate();
  const [params] = useSearchParams();

  useEffect(() => saveThread(storage, thread), [storage, thread]);

  const { waiting } = useSyncExternalStore(attention.subscribe, attention.getState);
  const waitingIds = waiting.map((r) => r.id).join(" ");

  // The caller's decision sets (the owner rules History follows), fetched again whenever a
  // run joins the open thread, so a new conversation shows up in the list, and whenever a
  // gate opens or closes, so no status in it still says "waiting" once the person answered.
  const [listed, setListed] = useState<DecisionSetSummary[] | null>(null);
  const listKey = `${thread.entries.map((e) => e.decision_set_id ?? "").join(" ")}|${waitingIds}`;
  useEffect(() => {
    let current = true;
    // After the page's first request has settled who the caller is: a cookie-less list
    // request racing the first chat would be given an owner cookie of its own, and the
    // browser would keep whichever arrived last. Whatever it answered, the list follows.
    loadMe()
      .catch(() => undefined)
      .then(() => api.listDecisionSets())
      .then(
        (res) => current && setListed(res.decision_sets),
        // The chat works without its list: a failure only leaves it out.
        () => current && setListed([]),
      );
    return () => {
      current = false;
    };
  }, [listKey]);
  const conversations = useMemo(() => groupConversations(listed ?? []), [listed]);

  // `/?thread=<id>` opens that conversation once the list knows it, then leaves the address clean.
  const wanted = params.get("thread");
  useEffect(() => {
    if (wanted === null || listed === null) return;
    const found = conversations.find((c) => c.thread_id === wanted);
    if (found !== undefined && found.thread_id !== thread.thread_id) setThread(threadOf(found));
    void navigate("/", { replace: true });
  }, [wanted, listed, conversations, thread.thread_id, navigate]);

  const waits = threadWaits(thread, new Set(waiting.map((r) => r.id)), listed ?? []);
  const leave = (what: Leave) => {
    if (what.kind === "open") {
      setThread(threadOf(what.conversation));
      return;
    }
    setThread(emptyThread);
    // The button that asked is gone with the conversation: the next request is typed here.
    requestAnimationFrame(() => composer.current?.focus());
  };
  const guard = useLeaveGuard(waits, leave);
  const open = (c: Conversation, e: MouseEvent<HTMLAnchorElement>) => {
    const isOpen = c.thread_id === thread.thread_id;
    // The open conversation stays as it is; a waiting run asks before the link is followed.
    if (!isOpen && !waits) return;
    e.preventDefault();
    if (!isOpen) guard.ask({ kind: "open", conversation: c });
  };

  const update = (id: string, patch: Partial<ChatEntry>) =>
    setThread((t) => ({ ...t, entries: t.entries.map((e) => (e.id === id ? { ...e, ...patch } : e)) }));

  function send(content: string, reuse?: ChatEntry) {
    const entry: ChatEntry = reuse ?? { id: newEntryId(), content };
    // The entry shows at once ("Starting…"), before the action is under way.
    if (reuse === undefined) setThread((t) => ({ ...t, entries: [...t.entries, entry] }));
    else update(entry.id, { error: undefined, decision_set_id: undefined });
    requestAnimationFrame(() => lastEntry.current?.scrollIntoView({ block: "start", behavior: "smooth" }));
    // The whole thread goes with the message: the workflow reads the conversation, and the
    // thread id links this run to the previous design it revises.
    const earlier = thread.entries.filter((e) => e.id !== entry.id && e.decision_set_id !== undefined);
    const request = {
      messages: [...earlier, entry].map((e) => ({ role: "user" as const, content: e.content })),
      ...(thread.thread_id === undefined ? {} : { thread_id: thread.thread_id }),
    };
    startSending(async () => {
      try {
        const res = await api.startChat(request);
        setThread((t) => ({
          thread_id: res.thread_id,
          entries: t.entries.map((e) =>
            e.id === entry.id ? { ...e, decision_set_id: res.decision_set_id, error: undefined } : e,
          ),
        }));
      } catch (err) {
        update(entry.id, { error: errorMessage(err) });
      }
    });
  }

  const entries = thread.entries;
  return (
    <div className="chat">
      {entries.length === 0 ? (
        <section className="intro">
          <h1>Describe the ML platform you need</h1>
          <p>
            A team of agents designs it while you watch: they extract your constraints, ask what they must, plan,
            critique the plan for cost and risk, check policy, and write the code and the report. Every step and every
            reason appears here as it happens.
          </p>
          <ul className="examples" aria-label="Examples">
            {EXAMPLES.map((ex) => (
              <li key={ex}>
                <button type="button" className="example" disabled={sending} onClick={() => send(ex)}>
                  {ex}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <div className="chat-toolbar">
          <button type="button" className="small" disabled={sending} onClick={() => guard.ask({ kind: "new" })}>
            New conversation
          </button>
        </div>
      )}
      <ConversationList
        conversations={conversations}
        currentThreadId={thread.thread_id}
        defaultOpen={entries.length === 0}
        onOpen={open}
      />
      {guard.dialog}
      <ol className="chat-log" aria-label="Conversation">
        {entries.map((e, i) => (
          <li key={e.id} ref={i === entries.length - 1 ? lastEntry : undefined} className="chat-turn">
            <div className="bubble bubble-user">
              <span className="sr-only">You: </span>
              {e.content}
            </div>
            {e.decision_set_id !== undefined ? (
              <div className="bubble bubble-assistant">
                <p>
                  {i === 0 ? "Designing your platform" : "Revising the design"}; every step streams in below.{" "}
                  <Link to={`/d/${e.decision_set_id}`}>Open on its own page</Link>
                </p>
                <WorkflowContainer
                  decisionSetId={e.decision_set_id}
                  title={i === 0 ? "MLOps workflow" : `Revision ${i}`}
                  name={shortName(e.content)}
                  onRestart={sending ? undefined : () => send(e.content)}
                />
              </div>
            ) : e.error !== undefined ? (
              <div className="notice notice-error" role="alert">
                The run could not start: {e.error}{" "}
                <button type="button" className="link-button" disabled={sending} onClick={() => send(e.content, e)}>
                  Try again
                </button>
              </div>
            ) : (
              <p className="muted" role="status">
                Starting…
              </p>
            )}
          </li>
        ))}
      </ol>
      <Composer
        followUp={entries.some((e) => e.decision_set_id !== undefined)}
        busy={sending}
        onSend={send}
        input={composer}
      />
    </div>
  );
}

/** A request as a run's name in the title and announcements: its first words. */
function shortName(content: string): string {
  const flat = content.replace(/\s+/g, " ").trim();
  return flat.length > 60 ? `${flat.slice(0, 59)}…` : flat;
}

function Composer({
  followUp,
  busy,
  onSend,
  input,
}: {
  followUp: boolean;
  busy: boolean;
  onSend: (content: string) => void;
  input: RefObject<HTMLTextAreaElement | null>;
}) {
  const [text, setText] = useState("");
  const id = useId();
  const submit = () => {
    const content = text.trim();
    if (content === "" || busy) return;
    onSend(content);
    setText("");
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends, Shift+Enter breaks the line; never mid-composition of an IME character.
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };
  return (
    <form
      className="composer"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        submit();
      }}
    >
      <label htmlFor={id}>{followUp ? "Ask for a change to the design" : "Your requirements"}</label>
      <div className="composer-row">
        <textarea
          ref={input}
          id={id}
          rows={3}
          maxLength={8000}
          value={text}
          placeholder={
            followUp
              ? "e.g. Make it cheaper: the budget is now $3,000 a month."
              : "e.g. Image classification for financial documents, PCI-DSS…"
          }
          aria-describedby={`${id}-hint`}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="primary" disabled={busy || text.trim() === ""}>
          {busy ? "Sending…" : "Send"}
        </button>
      </div>
      <p id={`${id}-hint`} className="muted small">
        Enter sends; Shift+Enter starts a new line.
      </p>
    </form>
  );
}
