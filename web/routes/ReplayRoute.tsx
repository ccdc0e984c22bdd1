/**
 * `/replay`: a trace file (picked or dropped) replayed in the page with the same reducer
 * and the same views as a live run. The file is read here and never leaves the browser.
 * The one request is for the workflow graph, made as the page opens (before any file):
 * with the network gone after that, a replay needs nothing more.
 */
import { useEffect, useRef, useState, type DragEvent } from "react";
import { useLoaderData } from "react-router";
import type { WorkflowGraph } from "../../worker/contract/api";
import type { StreamEvent } from "../../worker/contract/events";
import { ApprovalPanel } from "../components/ApprovalPanel";
import { Notices } from "../components/Notices";
import { ProgressHeader } from "../components/ProgressHeader";
import { QuestionsForm } from "../components/QuestionsForm";
import ResultView from "../components/result/ResultView";
import { StepList } from "../components/StepList";
import { WorkflowGraphView } from "../components/WorkflowGraphView";
import { loadGraph } from "../hooks/useWorkflowGraph";
import { readTrace, viewAfter } from "../lib/trace";

/** Events a second at 1×. */
const BASE_RATE_PER_S = 4;
const SPEEDS = [1, 2, 4, 8, 32] as const;

interface Loaded {
  name: string;
  decisionSetId: string;
  events: StreamEvent[];
}

const ENDED = { kind: "ended" } as const;

/** The workflow graph, asked for as the page opens; null offline, when the drawing follows the trace's planned steps. */
export async function replayLoader(): Promise<{ graph: WorkflowGraph | null }> {
  return { graph: await loadGraph() };
}

/** `/replay`: pick or drop a trace, then play it, step through it or jump to its end. */
export function ReplayRoute() {
  const [trace, setTrace] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [count, setCount] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<number>(4);
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const { graph } = useLoaderData<{ graph: WorkflowGraph | null }>();

  async function open(file: File | undefined) {
    if (file === undefined) return;
    setPlaying(false);
    const parsed = await readTrace(file);
    if (!parsed.ok) {
      setError(`${file.name}: ${parsed.message}`);
      return;
    }
    setError(null);
    setTrace({ name: file.name, decisionSetId: parsed.decisionSetId, events: parsed.events });
    // A trimmed trace starts with its snapshot: show it at once, the rest plays after it.
    setCount(parsed.events[0]?.type === "snapshot" ? 1 : 0);
  }

  const total = trace?.events.length ?? 0;
  useEffect(() => {
    if (!playing) return;
    if (count >= total) {
      setPlaying(false);
      return;
    }
    const timer = setTimeout(() => setCount((c) => Math.min(total, c + 1)), 1000 / (BASE_RATE_PER_S * speed));
    return () => clearTimeout(timer);
  }, [playing, count, total, speed]);

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setOver(false);
    void open(e.dataTransfer.files[0]);
  }

  const view = trace === null ? null : viewAfter(trace.decisionSetId, trace.events, count);
  const seq = count === 0 ? 0 : (trace?.events[count - 1]?.seq ?? 0);
  const lastSeq = trace?.events.at(-1)?.seq ?? 0;

  return (
    <div className="page" data-graph={graph === null ? "plan" : "loaded"}>
      <div className="page-head">
        <h1>Replay a trace</h1>
      </div>
      <div
        className="replay-drop"
        data-over={over}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p>
          Drop a <code>trace.jsonl</code> here, or{" "}
          <button type="button" className="link-button" onClick={() => input.current?.click()}>
            choose a file
          </button>
          . It is read in this page and never uploaded.
        </p>
        <input
          ref={input}
          type="file"
          accept=".jsonl,application/x-ndjson,application/json,text/plain"
          aria-label="Trace file"
          data-testid="trace-file"
          hidden
          onChange={(e) => void open(e.target.files?.[0])}
        />
      </div>
      {error !== null ? (
        <p className="notice notice-error" role="alert" data-testid="trace-error">
          {error}
        </p>
      ) : null}
      {trace !== null && view !== null ? (
        <>
          <div className="replay-controls" role="group" aria-label="Replay controls">
            <button type="button" onClick={() => setPlaying(!playing)} disabled={count >= total && !playing}>
              {playing ? "Pause" : "Play"}
            </button>
            <button type="button" onClick={() => setCount((c) => Math.min(total, c + 1))} disabled={count >= total}>
              Step
            </button>
            <button type="button" onClick={() => setCount(total)} disabled={count >= total}>
              To the end
            </button>
            <label>
              Speed{" "}
              <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
                {SPEEDS.map((s) => (
                  <option key={s} value={s}>
                    {s}×
                  </option>
                ))}
              </select>
            </label>
            <input
              type="range"
              min={0}
              max={total}
              value={count}
              aria-label="Position in the trace"
              aria-valuetext={`seq ${seq} of ${lastSeq}`}
              onChange={(e) => {
                setPlaying(false);
                setCount(Number(e.target.value));
              }}
            />
            <span className="muted small" data-testid="replay-position">
              seq {seq} of {lastSeq} · {count}/{total} events
            </span>
          </div>
          <section
            className="workflow"
            aria-label={`Replay of ${trace.name}`}
            data-decision-set={trace.decisionSetId}
            data-status={view.status}
            data-replay-at={count}
          >
            <ProgressHeader
              title={trace.name}
              view={view}
              plan={[]}
              connection={ENDED}
              now={Date.parse(view.ended_at ?? view.started_at ?? "") || 0}
              skewMs={0}
              onRetry={() => undefined}
            />
            <Notices view={view} unreadable={0} />
            <details className="graph-panel" open>
              <summary>Workflow graph</summary>
              <WorkflowGraphView view={view} graph={graph} />
            </details>
            <StepList steps={view.steps} now={0} waiting={false} />
            {/* A recorded gate is shown as it was answered; an unanswered one cannot be answered from a file. */}
            {view.questions?.answered !== undefined ? (
              <QuestionsForm decisionSetId={trace.decisionSetId} gate={view.questions} now={0} skewMs={0} />
            ) : null}
            {view.approval?.decided !== undefined ? (
              <ApprovalPanel decisionSetId={trace.decisionSetId} gate={view.approval} now={0} skewMs={0} />
            ) : null}
            {view.final_outputs !== undefined ? (
              <ResultView decisionSetId={trace.decisionSetId} outputs={view.final_outputs} />
            ) : null}
          </section>
        </>
      ) : null}
    </div>
  );
}
