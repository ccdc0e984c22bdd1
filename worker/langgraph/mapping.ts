/**
 * From the product's events to LangGraph's stream parts and statuses. Pure: the stream
 * route feeds it the DecisionSet log in seq order and writes what it returns.
 *
 * - `values`: the workflow view after each step (and at a gate, with `__interrupt__`);
 * - `updates`: `{node: outputs}` for each completed step, `{__interrupt__: […]}` at a gate;
 * - `custom`: every stored event of the product, as its own envelope;
 * - `messages-tuple`: each LLM token batch as an AI message chunk with its node.
 */
import { endsWorkflow, type StreamEvent } from "../contract/events";
import { initialView, reduce, toSnapshot, type WorkflowView } from "../contract/reduce";
import type { GateKind } from "../contract/gate";
import { isTerminalStatus } from "../contract/status";
import type { Interrupt, RunStatus, RunValues, ThreadStatus } from "./contract";
import type { StreamMode } from "./schemas";

/** One SSE frame to write: `id` only for parts that come from a stored event (its seq). */
export interface StreamPart {
  event: string;
  data: unknown;
  id?: number;
}

/** The run's LangGraph status from its view. A cancelled run was interrupted by its owner. */
export function runStatusOf(view: WorkflowView | null): RunStatus {
  switch (view?.status ?? "queued") {
    case "queued":
      return "pending";
    case "running":
      return "running";
    case "paused":
      return "interrupted";
    case "completed":
    case "rejected":
      return "success";
    case "failed":
      return "error";
    case "cancelled":
      return "interrupted";
  }
  return "pending";
}

/** The thread's status from its newest run's view (none: idle). */
export function threadStatusOf(view: WorkflowView | null): ThreadStatus {
  switch (view?.status) {
    case "queued":
    case "running":
      return "busy";
    case "paused":
      return "interrupted";
    case "failed":
      return "error";
    default:
      return "idle";
  }
}

/** True while a run still takes part in the thread: a new run on it would be a second task. */
export function isInflight(view: WorkflowView | null): boolean {
  return !isTerminalStatus(view?.status ?? "queued");
}

/** The gate the view waits at, as an interrupt; null when none is open. */
export function openInterrupt(view: WorkflowView): Interrupt | null {
  if (view.status !== "paused") return null;
  const at = (gate: GateKind, value: Record<string, unknown>): Interrupt => ({
    id: `${view.decision_set_id}:${gate}`,
    when: "during",
    value: { gate, ...value },
  });
  const { approval, questions } = view;
  if (approval !== undefined && approval.decided === undefined)
    return at("final", {
      reason: approval.reason,
      summary: approval.summary ?? {},
      deadline: approval.deadline ?? null,
      resume: { decision: "approved | rejected", comment: "optional" },
    });
  if (questions !== undefined && questions.answered === undefined)
    return at("input", {
      questions: questions.questions,
      smart_defaults: questions.smart_defaults,
      deadline: questions.deadline,
      resume: { responses: "{question_id: value}" },
    });
  return null;
}

/** The node a gate interrupt belongs to. */
export function interruptNode(view: WorkflowView): string {
  if (view.approval !== undefined && view.approval.decided === undefined)
    return view.approval.node ?? "hitl_gate_final";
  return view.questions?.node ?? "hitl_gate_input";
}

/** The workflow view as a snapshot carries it, without the reducer's bookkeeping. */
function viewValues(view: WorkflowView): RunValues {
  const { pending: _pending, caught_up: _caughtUp, ...rest } = toSnapshot(view);
  return rest;
}

/** The run's values: the workflow view and, while a gate is open, its `__interrupt__`. */
export function valuesOf(view: WorkflowView): RunValues {
  const interrupt = openInterrupt(view);
  return interrupt === null ? viewValues(view) : { ...viewValues(view), __interrupt__: [interrupt] };
}

/**
 * The values parts of a step. At a gate LangGraph sends the interrupt as a values chunk of
 * its own (`{__interrupt__}`), which clients merge into the values they hold; the state
 * goes first so that they hold the paused view, not the one before it.
 */
function valuesParts(view: WorkflowView, id: number): StreamPart[] {
  const parts: StreamPart[] = [{ event: "values", data: viewValues(view), id }];
  const interrupt = openInterrupt(view);
  if (interrupt !== null) parts.push({ event: "values", data: { __interrupt__: [interrupt] }, id });
  return parts;
}

/**
 * True for the event after which a gate waits for a person: the approval's pause (it
 * carries defaults only when it waits), or the questions, which follow their pause.
 */
export function opensGate(event: StreamEvent): boolean {
  if (event.type === "questions-presented") return event.data.timeout_seconds > 0;
  return event.type === "workflow-paused" && event.data.gate === "final" && event.data.defaults !== undefined;
}

/**
 * Maps one run's event log to stream parts. `after` is the client's cursor: events up to
 * it only build the view; `null` means "from now", where the first part is the current
 * values once the replay has caught up (a rejoin sees the present, not the past again).
 */
export class RunStreamMapper {
  private view: WorkflowView;
  private cursor: number;
  private readonly fromNow: boolean;
  private live = false;
  /** A gate event was replayed past the cursor and has had no answer since. */
  private replayedGate = false;
  private finished = false;

  constructor(
    decisionSetId: string,
    private readonly modes: ReadonlySet<StreamMode>,
    after: number | null,
  ) {
    this.view = initialView(decisionSetId);
    this.fromNow = after === null;
    this.cursor = after ?? Number.MAX_SAFE_INTEGER;
  }

  /** True once the run has reached its end or a gate: the stream closes after the parts returned. */
  get done(): boolean {
    return this.finished;
  }

  /** The parts for one event of the log, in order. */
  next(event: StreamEvent): StreamPart[] {
    if (this.finished) return [];
    if (event.seq === undefined || event.type === "snapshot") {
      if (event.type === "snapshot") this.view = reduce(this.view, event);
      return this.ephemeral(event);
    }
    this.view = reduce(this.view, event);
    if (event.seq <= this.cursor) return [];
    const parts: StreamPart[] = [];
    const id = event.seq;
    if (this.modes.has("custom")) parts.push({ event: "custom", data: event, id });
    if (event.type === "node-complete") {
      if (this.modes.has("updates"))
        parts.push({ event: "updates", data: { [event.data.node]: event.data.outputs }, id });
      if (this.modes.has("values")) parts.push({ event: "values", data: viewValues(this.view), id });
    }
    if (opensGate(event) && openInterrupt(this.view) !== null) {
      if (this.live) {
        parts.push(...this.gateParts(id));
        // A gate reached live ends this run's stream: the answer comes as a resume command.
        this.finished = true;
      } else {
        // In a replay the gate may have been answered since: its interrupt waits for the
        // catch-up, so a client never holds the interrupt of a gate that is closed.
        if (this.modes.has("values")) parts.push({ event: "values", data: viewValues(this.view), id });
        this.replayedGate = true;
      }
    }
    if (event.type === "responses-collected") this.replayedGate = false;
    if (endsWorkflow(event)) {
      if (this.modes.has("values")) parts.push({ event: "values", data: viewValues(this.view), id });
      if (event.type === "error") {
        parts.push({ event: "error", data: { error: "WorkflowError", message: event.data.message }, id });
      }
      this.finished = true;
    }
    return parts;
  }

  /** The parts that announce the open gate: its interrupt as an update and as values. */
  private gateParts(id: number): StreamPart[] {
    const interrupt = openInterrupt(this.view);
    if (interrupt === null) return [];
    const parts: StreamPart[] = [];
    if (this.modes.has("updates")) parts.push({ event: "updates", data: { __interrupt__: [interrupt] }, id });
    if (this.modes.has("values")) parts.push(...valuesParts(this.view, id));
    return parts;
  }

  private ephemeral(event: StreamEvent): StreamPart[] {
    switch (event.type) {
      case "caught-up": {
        this.live = true;
        const parts: StreamPart[] = [];
        if (this.fromNow) {
          this.cursor = this.view.last_seq;
          if (this.modes.has("values") && this.view.last_seq > 0) {
            parts.push(...valuesParts(this.view, this.view.last_seq));
          }
        } else if (this.replayedGate && openInterrupt(this.view) !== null) {
          parts.push(...this.gateParts(this.view.last_seq));
        }
        // Caught up at an open gate: the run is interrupted and this stream has all of it.
        if (openInterrupt(this.view) !== null) this.finished = true;
        return parts;
      }
      case "token": {
        if (!this.modes.has("messages-tuple") && !this.modes.has("messages")) return [];
        const chunk = {
          type: "AIMessageChunk",
          id: `${this.view.decision_set_id}:${event.data.node}`,
          content: event.data.text,
          tool_calls: [],
          additional_kwargs: {},
          response_metadata: {},
        };
        return [{ event: "messages", data: [chunk, { langgraph_node: event.data.node, run_id: this.view.run_id }] }];
      }
      case "countdown-tick":
        return this.modes.has("custom") ? [{ event: "custom", data: event }] : [];
      default:
        return [];
    }
  }
}
