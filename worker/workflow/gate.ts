/**
 * The one way a node opens a human gate. It pauses with the gate's kind, its deadline and
 * the defaults that answer it if nobody does (the Durable Object holds the gate and, at
 * the deadline, resumes with those defaults), shows what the person must see, and waits in
 * LangGraph's `interrupt()`. With no waiting configured it takes the defaults at once, and
 * the stream still shows the gate and its answer.
 */
import { interrupt } from "@langchain/langgraph";
import { newEvent, type ApprovalSummary, type NewEvent } from "../contract/events";
import type { AnswerSource, GateKind } from "../contract/gate";
import type { NodeKit } from "./runtime";

export interface GateRequest {
  kind: GateKind;
  /** What the workflow waits for, in words. */
  reason: string;
  /** Seconds to wait before the defaults are taken; 0 takes them at once. */
  timeoutSeconds: number;
  /** The answer when nobody gives one. */
  defaults: Record<string, unknown>;
  summary?: ApprovalSummary;
  /** What the person is shown beside the pause (the questions), given the gate's deadline. */
  payload?: (deadline: string) => NewEvent;
  /** The interrupt's value: what a LangGraph client sees the graph waiting on. */
  interruptValue: Record<string, unknown>;
}

export interface GateOutcome {
  /** The answer as received: parse it, it crossed a boundary. */
  value: unknown;
  source: AnswerSource;
}

/** Opens a gate and returns its answer (at once when nobody waits; after a resume otherwise). */
export function awaitGate(kit: NodeKit, gate: GateRequest): GateOutcome {
  const wait = gate.timeoutSeconds > 0;
  const deadline = new Date(Date.now() + gate.timeoutSeconds * 1000).toISOString();
  // The pause goes first: the gate is open before anyone sees what it asks. Its keys are
  // stable, so the re-run of this code on resume stores nothing twice.
  kit.emit(
    newEvent("workflow-paused", {
      reason: gate.reason,
      gate: gate.kind,
      deadline,
      ...(wait ? { defaults: gate.defaults } : {}),
      ...(gate.summary === undefined ? {} : { summary: gate.summary }),
    }),
    gate.kind === "final" ? "approval" : "pause",
  );
  if (gate.payload !== undefined) kit.emit(gate.payload(deadline), "questions");
  if (wait) return { value: interrupt({ gate: gate.kind, ...gate.interruptValue, deadline }), source: "user" };
  kit.emit(
    newEvent("responses-collected", {
      responses: gate.defaults,
      source: "auto",
      gate: gate.kind,
      by: { kind: "defaults" },
    }),
    "auto-answer",
  );
  kit.emit(newEvent("workflow-resumed", {}), "auto-resumed");
  return { value: gate.defaults, source: "auto" };
}
