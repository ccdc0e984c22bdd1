import { startTransition, useState, type FormEvent } from "react";
import type { AnswerValue, Question } from "../../worker/contract/events";
import type { QuestionsView } from "../../worker/contract/reduce";
import { useGateAnswer } from "../hooks/useGateAnswer";
import { api } from "../lib/api";
import { answeredBy } from "../lib/answered-by";
import { Countdown } from "./Countdown";

/** What a field holds while being edited: numbers stay text until submitted. */
type Draft = Record<string, string | boolean>;

function asAnswer(v: unknown): AnswerValue | undefined {
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? v : undefined;
}

function defaultOf(q: Question, smart: Record<string, unknown>): AnswerValue {
  return asAnswer(smart[q.id]) ?? q.default;
}

function toDraft(q: Question, v: unknown): string | boolean {
  if (q.type === "boolean") return v === true || v === "true" || v === "yes";
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? String(v) : "";
}

/** The draft as answers of each question's kind, or the id of the first field that is not valid. */
function toAnswers(
  questions: Question[],
  draft: Draft,
): { ok: true; value: Record<string, AnswerValue> } | { ok: false; id: string } {
  const value: Record<string, AnswerValue> = {};
  for (const q of questions) {
    const d = draft[q.id];
    if (q.type === "boolean") value[q.id] = d === true;
    else if (q.type === "number") {
      const n = typeof d === "string" && d.trim() !== "" ? Number(d) : Number.NaN;
      if (!Number.isFinite(n)) return { ok: false, id: q.id };
      value[q.id] = n;
    } else value[q.id] = typeof d === "string" ? d : String(d);
  }
  return { ok: true, value };
}

interface Props {
  decisionSetId: string;
  gate: QuestionsView;
  now: number;
  skewMs: number;
  /** The caller only watches this run: the questions are shown, the form is not. */
  watchOnly?: boolean;
}

/**
 * The input gate: one field per question, of its kind, prefilled with the smart default.
 * Whoever answers first (this tab, another tab, the deadline) wins; the form then locks
 * and says who it was.
 */
export function QuestionsForm({ decisionSetId, gate, now, skewMs, watchOnly = false }: Props) {
  const { questions, smart_defaults: smart, answered } = gate;
  const [draft, setDraft] = useState<Draft>(() =>
    Object.fromEntries(questions.map((q) => [q.id, toDraft(q, defaultOf(q, smart))])),
  );
  const {
    outcome,
    send,
    pending: busy,
    failed: error,
  } = useGateAnswer((responses: Record<string, AnswerValue>) => api.respond(decisionSetId, responses));
  const [invalid, setInvalid] = useState<string | null>(null);
  const sentHere = outcome.kind === "sent";
  const conflict = outcome.kind === "conflict";
  const locked = answered !== undefined || conflict;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const parsed = toAnswers(questions, draft);
    if (!parsed.ok) {
      setInvalid(parsed.id);
      document.getElementById(`${decisionSetId}-q-${parsed.id}`)?.focus();
      return;
    }
    setInvalid(null);
    startTransition(() => send(parsed.value));
  }

  function acceptDefaults() {
    startTransition(() => send(Object.fromEntries(questions.map((q) => [q.id, defaultOf(q, smart)]))));
  }

  // Once answered, the fields show the answers that were actually taken.
  const shown: Draft =
    answered !== undefined
      ? Object.fromEntries(questions.map((q) => [q.id, toDraft(q, answered.responses[q.id])]))
      : draft;
  const set = (id: string, v: string | boolean) => setDraft((d) => ({ ...d, [id]: v }));
  const form = (
    <form onSubmit={onSubmit} noValidate>
      <fieldset disabled={locked || busy} className="plain">
        <legend className="sr-only">Questions</legend>
        {questions.map((q) => (
          <Field
            key={q.id}
            fieldId={`${decisionSetId}-q-${q.id}`}
            question={q}
            value={shown[q.id] ?? ""}
            suggested={defaultOf(q, smart)}
            invalid={invalid === q.id}
            onChange={(v) => set(q.id, v)}
          />
        ))}
      </fieldset>
      {!locked ? (
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? "Sending…" : "Submit answers"}
          </button>
          <button type="button" disabled={busy} onClick={acceptDefaults}>
            Accept defaults
          </button>
        </div>
      ) : null}
      {error !== null ? (
        <p className="notice notice-error" role="alert">
          Your answers were not sent: {error} You can try again.
        </p>
      ) : null}
    </form>
  );

  if (watchOnly && !locked) {
    return (
      <section
        className="gate gate-questions"
        aria-labelledby={`${decisionSetId}-questions-title`}
        data-locked={locked}
        data-watch-only="true"
      >
        <h3 id={`${decisionSetId}-questions-title`}>The owner is asked a few questions</h3>
        <p className="notice notice-info" role="status" data-testid="gate-watch-only">
          You are watching this run: only its owner can answer these questions.
        </p>
        <Countdown deadline={gate.deadline} now={now} skewMs={skewMs} what="the suggested answers are used" />
        <ul className="gate-watch-list">
          {questions.map((q) => (
            <li key={q.id}>{q.question}</li>
          ))}
        </ul>
      </section>
    );
  }

  return (
    <section className="gate gate-questions" aria-labelledby={`${decisionSetId}-questions-title`} data-locked={locked}>
      <h3 id={`${decisionSetId}-questions-title`}>
        {locked ? (watchOnly ? "The answers" : "Your answers") : "A few questions before the design goes on"}
      </h3>
      {answered !== undefined ? (
        <p className="notice notice-ok" role="status" data-testid="questions-answered">
          {answered.source === "auto"
            ? "The deadline passed, so the suggested answers were used."
            : answered.by !== undefined && !sentHere
              ? `These questions were answered by ${answeredBy(answered.by)}.`
              : watchOnly
                ? "The owner answered these questions."
                : sentHere
                  ? "Your answers were sent; the design continues with them."
                  : "These questions were answered in another tab or window."}
        </p>
      ) : conflict ? (
        <p className="notice notice-info" role="status" data-testid="questions-answered">
          These questions were already answered (in another tab, or by the deadline). The form is locked; the answers
          will appear here in a moment.
        </p>
      ) : (
        <Countdown deadline={gate.deadline} now={now} skewMs={skewMs} what="the suggested answers are used" />
      )}
      {locked ? (
        // Answered: the record stays, folded, open when someone else's answers need reading.
        <details className="gate-record" open={!sentHere}>
          <summary>{answered !== undefined ? "The answers taken" : "The questions"}</summary>
          {form}
        </details>
      ) : (
        form
      )}
    </section>
  );
}

interface FieldProps {
  fieldId: string;
  question: Question;
  value: string | boolean;
  suggested: AnswerValue;
  invalid: boolean;
  onChange: (v: string | boolean) => void;
}

function Field({ fieldId, question: q, value, suggested, invalid, onChange }: FieldProps) {
  const hintId = `${fieldId}-why`;
  const hint = (
    <p id={hintId} className="field-hint">
      {q.why}{" "}
      <span className="muted">
        Suggested: {typeof suggested === "boolean" ? (suggested ? "yes" : "no") : String(suggested)}
      </span>
    </p>
  );
  if (q.type === "boolean" || (q.type === "choice" && (q.choices?.length ?? 0) <= 6)) {
    const options =
      q.type === "boolean"
        ? [
            { label: "Yes", value: true, checked: value === true },
            { label: "No", value: false, checked: value === false },
          ]
        : (q.choices ?? []).map((c) => ({ label: c, value: c, checked: value === c }));
    return (
      <fieldset className="field" aria-describedby={hintId} data-question={q.id}>
        <legend>{q.question}</legend>
        {hint}
        <div className="choices">
          {options.map((o, i) => (
            <label key={String(o.value)} className="choice">
              <input
                type="radio"
                id={i === 0 ? fieldId : undefined}
                name={fieldId}
                checked={o.checked}
                onChange={() => onChange(o.value)}
              />
              {o.label}
            </label>
          ))}
        </div>
      </fieldset>
    );
  }
  return (
    <div className="field" data-question={q.id}>
      <label htmlFor={fieldId}>{q.question}</label>
      {hint}
      {q.type === "choice" ? (
        <select id={fieldId} value={String(value)} aria-describedby={hintId} onChange={(e) => onChange(e.target.value)}>
          {(q.choices ?? []).map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={fieldId}
          type={q.type === "number" ? "number" : "text"}
          inputMode={q.type === "number" ? "decimal" : undefined}
          step={q.type === "number" ? "any" : undefined}
          maxLength={q.type === "text" ? 2000 : undefined}
          value={String(value)}
          aria-describedby={hintId}
          aria-invalid={invalid || undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {invalid ? (
        <p className="field-error" role="alert">
          Enter a number.
        </p>
      ) : null}
    </div>
  );
}
