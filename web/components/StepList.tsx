import { Fragment, memo, useEffect, useId, useRef, useState, type ReactNode } from "react";
import type { StepView } from "../../worker/contract/reduce";
import { formatDuration } from "../lib/format";
import { JsonView } from "./JsonView";
import { ReasonCardView } from "./ReasonCardView";

type Shown = StepView["status"] | "waiting";

const STEP_STATE: Record<Shown, { label: string; symbol: string }> = {
  running: { label: "Running", symbol: "◐" },
  waiting: { label: "Waiting for you", symbol: "❚❚" },
  done: { label: "Done", symbol: "✓" },
  failed: { label: "Failed", symbol: "✕" },
};

/** The agent's text as it streams in, kept scrolled to its newest line. */
function LiveText({ text }: { text: string }) {
  const ref = useRef<HTMLPreElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (el !== null) el.scrollTop = el.scrollHeight;
  }, [text]);
  return (
    <pre ref={ref} className="live-text" aria-label="The agent's output as it is written">
      {text}
      <span className="caret" aria-hidden="true" />
    </pre>
  );
}

interface StepProps {
  step: StepView;
  now: number;
  /** The run is paused at a gate: its running step waits for a person, it is not working. */
  waiting: boolean;
}

/**
 * One workflow step. Until a person toggles it, it is open while running (or failed) and
 * closes by itself when done, so the eye stays on what is happening now.
 */
const StepItem = memo(function StepItem({ step, now, waiting }: StepProps) {
  const [userOpen, setUserOpen] = useState<boolean | null>(null);
  const open = userOpen ?? step.status !== "done";
  const bodyId = useId();
  const shown: Shown = step.status === "running" && waiting ? "waiting" : step.status;
  const state = STEP_STATE[shown];
  const started = Date.parse(step.started_at);
  const duration =
    step.duration_ms !== undefined
      ? formatDuration(step.duration_ms)
      : shown === "running" && !Number.isNaN(started)
        ? formatDuration(Math.max(0, now - started))
        : "";
  const headline = step.cards[0]?.decision;
  return (
    <li className={`step step-${shown}`} data-node={step.node} data-status={step.status}>
      <button
        type="button"
        className="step-head"
        aria-expanded={open}
        aria-controls={bodyId}
        onClick={() => setUserOpen(!open)}
      >
        <span className="step-icon" aria-hidden="true">
          {state.symbol}
        </span>
        <span className="step-text">
          <span className="step-title">{step.title}</span>
          {headline !== undefined && !open ? <span className="step-summary">{headline}</span> : null}
        </span>
        <span className="step-state">{state.label}</span>
        {duration !== "" ? <span className="step-duration">{duration}</span> : null}
        <span className="chevron" aria-hidden="true" />
      </button>
      <div id={bodyId} className="step-body" hidden={!open}>
        {open ? (
          <>
            {step.message !== undefined ? <p className="step-message">{step.message}</p> : null}
            {step.status === "running" && step.live_text !== undefined && step.live_text !== "" ? (
              <LiveText text={step.live_text} />
            ) : null}
            {step.status === "running" && step.cards.length === 0 && (step.live_text ?? "") === "" ? (
              <p className="muted">{waiting ? "Waiting for your input below." : "Working…"}</p>
            ) : null}
            {step.cards.map((card, i) => (
              <ReasonCardView key={i} card={card} />
            ))}
            {step.outputs !== undefined && Object.keys(step.outputs).length > 0 ? (
              <JsonView label="Step outputs" value={step.outputs} />
            ) : null}
          </>
        ) : null}
      </div>
    </li>
  );
});

interface ListProps {
  steps: StepView[];
  now: number;
  waiting: boolean;
  /** Content shown right after the step at that index (a gate's form after the gate's step). */
  after?: ReadonlyMap<number, ReactNode>;
}

/** The steps in the order they started; a node re-run by a loop back appears again. */
export function StepList({ steps, now, waiting, after }: ListProps) {
  if (steps.length === 0) return null;
  return (
    <ol className="steps" aria-label="Workflow steps">
      {steps.map((step, i) => (
        <Fragment key={`${i}:${step.node}`}>
          <StepItem step={step} now={step.status === "running" ? now : 0} waiting={waiting} />
          {after?.has(i) === true ? <li className="step-extra">{after.get(i)}</li> : null}
        </Fragment>
      ))}
    </ol>
  );
}
