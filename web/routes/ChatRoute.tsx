import { useEffect, useId, useRef, useState, useTransition, type FormEvent, type KeyboardEvent } from "react";
import { Link } from "react-router";
import { WorkflowContainer } from "../components/WorkflowContainer";
import { api, errorMessage } from "../lib/api";
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
 * appears under it. A follow-up on the same thread asks for a revised design.
 */
export function ChatRoute() {
  const storage = useRef(browserStorage()).current;
  const [thread, setThread] = useState<ChatThread>(() => loadThread(storage));
  // Starting a run is an action: pending until the server has answered, one at a time.
  const [sending, startSending] = useTransition();
  const lastEntry = useRef<HTMLLIElement>(null);

  useEffect(() => saveThread(storage, thread), [storage, thread]);

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
          <button type="button" className="small" disabled={sending} onClick={() => setThread(emptyThread)}>
            New conversation
          </button>
        </div>
      )}
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
      <Composer followUp={entries.some((e) => e.decision_set_id !== undefined)} busy={sending} onSend={send} />
    </div>
  );
}

/** A request as a run's name in the title and announcements: its first words. */
function shortName(content: string): string {
  const flat = content.replace(/\s+/g, " ").trim();
  return flat.length > 60 ? `${flat.slice(0, 59)}…` : flat;
}

function Composer({ followUp, busy, onSend }: { followUp: boolean; busy: boolean; onSend: (content: string) => void }) {
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
