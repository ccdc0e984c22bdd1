/**
 * The one reducer that turns a decision set's events into its view state.
 * The Durable Object folds trimmed history into the `snapshot` with it; the web app
 * drives its live view and the replay of a finished run with it. Runtime-neutral.
 */
import { z } from "zod";
import { StreamEvent } from "./events";
import { ViewSnapshot, type ApprovalView, type StepView } from "./view";

export type { ApprovalView, QuestionsView, StepView } from "./view";

/** The view the reducer builds: a snapshot, plus stored events that arrived ahead of a gap (bounded). */
export const WorkflowView = ViewSnapshot.extend({ pending: z.array(StreamEvent) });
export type WorkflowView = z.infer<typeof WorkflowView>;

/** Cards kept per view: far above what one workflow produces, a bound against runaway loops. */
export const MAX_CARDS = 400;
/** Out-of-order events held while a gap fills; past this the client re-fetches. */
export const MAX_PENDING = 1000;
/** The tail of streamed agent text kept per step. */
export const MAX_LIVE_TEXT = 8000;
const MAX_NOTES = 50;

/** The state before any event. */
export function initialView(decisionSetId: string): WorkflowView {
  return {
    decision_set_id: decisionSetId,
    last_seq: 0,
    status: "queued",
    attempt: 0,
    planned_nodes: [],
    completed_nodes: [],
    steps: [],
    warnings: [],
    retries: [],
    caught_up: false,
    pending: [],
  };
}

/** The share of planned steps done, 0..1: real progress, never a guess. */
export function progressOf(view: WorkflowView): number {
  if (view.status === "completed") return 1;
  const planned = view.planned_nodes.map((n) => n.id);
  if (planned.length === 0) return 0;
  const done = view.completed_nodes.filter((n) => planned.includes(n)).length;
  return done / planned.length;
}

/** The view as the Durable Object stores and sends it: without live text or pending events. */
export function toSnapshot(view: WorkflowView | ViewSnapshot): WorkflowView {
  return {
    ...view,
    caught_up: false,
    pending: [],
    steps: view.steps.map(({ live_text: _drop, ...step }) => step),
  };
}

/**
 * Applies one event. Stored events (with a seq) apply exactly once and in seq order:
 * a duplicate is ignored, an event ahead of a gap waits in `pending` until the gap fills.
 * Ephemeral events (no seq) apply at once.
 */
export function reduce(view: WorkflowView, event: StreamEvent): WorkflowView {
  if (event.type === "snapshot") return applySnapshot(view, event);
  if (event.seq === undefined) return applyEphemeral(view, event);
  if (event.seq <= view.last_seq) return view;
  if (event.seq > view.last_seq + 1) {
    if (view.pending.some((p) => p.seq === event.seq)) return view;
    const pending = [...view.pending, event].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
    return { ...view, pending: pending.slice(0, MAX_PENDING) };
  }
  return drainPending({ ...applyStored(view, event), last_seq: event.seq });
}

/** Applies a list of events in delivery order. */
export function reduceAll(view: WorkflowView, events: readonly StreamEvent[]): WorkflowView {
  return events.reduce(reduce, view);
}

function drainPending(view: WorkflowView): WorkflowView {
  let next = view;
  while (next.pending.length > 0) {
    const [head, ...rest] = next.pending;
    if (head === undefined || head.seq === undefined) break;
    if (head.seq <= next.last_seq) {
      next = { ...next, pending: rest };
      continue;
    }
    if (head.seq !== next.last_seq + 1) break;
    next = { ...applyStored({ ...next, pending: rest }, head), last_seq: head.seq };
  }
  return next;
}

function applySnapshot(view: WorkflowView, event: Extract<StreamEvent, { type: "snapshot" }>): WorkflowView {
  const snap = event.data;
  if (snap.last_seq <= view.last_seq) return view;
  const pending = view.pending.filter((p) => (p.seq ?? 0) > snap.last_seq);
  return drainPending({ ...toSnapshot(snap), caught_up: view.caught_up, pending });
}

function applyEphemeral(view: WorkflowView, event: StreamEvent): WorkflowView {
  switch (event.type) {
    case "caught-up":
      return { ...view, caught_up: true };
    case "token": {
      const steps = updateLastStep(view.steps, event.data.node, (s) => ({
        ...s,
        live_text: ((s.live_text ?? "") + event.data.text).slice(-MAX_LIVE_TEXT),
      }));
      return { ...view, steps };
    }
    default:
      return view;
  }
}

function updateLastStep(steps: StepView[], node: string, fn: (s: StepView) => StepView): StepView[] {
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i];
    if (step !== undefined && step.node === node) {
      const copy = steps.slice();
      copy[i] = fn(step);
      return copy;
    }
  }
  return steps;
}

/** The step running now (the last one started and not finished). */
function runningNode(view: WorkflowView): string | undefined {
  return view.steps.findLast((s) => s.status === "running")?.node;
}

function ended(view: WorkflowView, timestamp: string): Pick<WorkflowView, "ended_at"> {
  return { ended_at: view.ended_at ?? timestamp };
}

function applyStored(view: WorkflowView, event: StreamEvent): WorkflowView {
  switch (event.type) {
    case "workflow-start": {
      const d = event.data;
      return {
        ...view,
        status: "running",
        run_id: d.run_id,
        thread_id: d.thread_id,
        job_id: d.job_id,
        attempt: d.attempt,
        planned_nodes: d.planned_nodes,
        started_at: view.started_at ?? event.timestamp,
      };
    }
    case "node-start": {
      const { node, title, message } = event.data;
      const planned = view.planned_nodes.map((n) => n.id);
      let completed = view.completed_nodes;
      // A loop back re-runs this node: it and everything planned after it are undone,
      // except a gate a person has already answered (it is not asked again unless it runs).
      if (completed.includes(node)) {
        const from = planned.indexOf(node);
        const undone = new Set(from >= 0 ? planned.slice(from) : [node]);
        if (view.questions?.answered !== undefined && view.questions.node !== undefined)
          undone.delete(view.questions.node);
        if (view.approval?.decided !== undefined && view.approval.node !== undefined) undone.delete(view.approval.node);
        undone.add(node);
        completed = completed.filter((n) => !undone.has(n));
      }
      const step: StepView = { node, title, status: "running", started_at: event.timestamp, cards: [] };
      if (message !== undefined) step.message = message;
      return { ...view, status: "running", completed_nodes: completed, steps: [...view.steps, step] };
    }
    case "node-complete": {
      const { node, duration_ms, outputs } = event.data;
      const steps = updateLastStep(view.steps, node, (s) => ({ ...s, status: "done", duration_ms, outputs }));
      const completed = view.completed_nodes.includes(node) ? view.completed_nodes : [...view.completed_nodes, node];
      return { ...view, steps, completed_nodes: completed };
    }
    case "reason-card": {
      const card = event.data;
      const total = view.steps.reduce((n, s) => n + s.cards.length, 0);
      if (total >= MAX_CARDS) return view;
      const has = view.steps.some((s) => s.node === card.node);
      const steps = has
        ? updateLastStep(view.steps, card.node, (s) => ({ ...s, cards: [...s.cards, card] }))
        : [
            ...view.steps,
            { node: card.node, title: card.node, status: "done" as const, started_at: card.timestamp, cards: [card] },
          ];
      return { ...view, steps };
    }
    case "questions-presented": {
      const d = event.data;
      const asking = runningNode(view);
      return {
        ...view,
        status: "paused",
        questions: {
          ...(asking === undefined ? {} : { node: asking }),
          questions: d.questions,
          smart_defaults: d.smart_defaults,
          deadline: d.deadline,
          timeout_seconds: d.timeout_seconds,
        },
      };
    }
    case "workflow-paused": {
      const d = event.data;
      if (d.gate === "input") return { ...view, status: "paused" };
      const approval: ApprovalView = { reason: d.reason };
      const asking = runningNode(view);
      if (asking !== undefined) approval.node = asking;
      if (d.deadline !== undefined) approval.deadline = d.deadline;
      if (d.summary !== undefined) approval.summary = d.summary;
      return { ...view, status: "paused", approval };
    }
    case "responses-collected": {
      const { responses, source, by } = event.data;
      const decided = by === undefined ? { responses, source } : { responses, source, by };
      if (event.data.gate === "final" && view.approval !== undefined) {
        return { ...view, approval: { ...view.approval, decided } };
      }
      if (view.questions !== undefined) return { ...view, questions: { ...view.questions, answered: decided } };
      return view;
    }
    case "workflow-resumed":
      return { ...view, status: "running" };
    case "workflow-complete": {
      const fo = event.data.final_outputs;
      return {
        ...view,
        status: fo.status,
        final_outputs: fo,
        ...ended(view, event.timestamp),
      };
    }
    case "workflow-cancelled":
      return {
        ...view,
        status: "cancelled",
        cancelled_by: event.data.by,
        steps: view.steps.map((s) => (s.status === "running" ? { ...s, status: "failed" as const } : s)),
        ...ended(view, event.timestamp),
      };
    case "error": {
      const d = event.data;
      if (d.retryable) {
        const note = d.node === undefined ? { message: d.message } : { message: d.message, node: d.node };
        return { ...view, warnings: [...view.warnings, note].slice(-MAX_NOTES) };
      }
      const steps = view.steps.map((s) => (s.status === "running" ? { ...s, status: "failed" as const } : s));
      return { ...view, status: "failed", error: d, steps, ...ended(view, event.timestamp) };
    }
    case "job-retry":
      return { ...view, retries: [...view.retries, event.data].slice(-MAX_NOTES) };
    case "auto-approving":
      return view;
    default:
      return view;
  }
}
