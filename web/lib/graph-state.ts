/**
 * Each node of the workflow graph as the view has it: pending, running, done, failed or
 * waiting for a person, and how many times a loop brought it back. Derived from the view
 * alone, so a live run and a replayed trace draw the same graph.
 */
import type { WorkflowView } from "../../worker/contract/reduce";
import type { ReasonCard } from "../../worker/contract/events";
import { awaitsPerson } from "./status";

export type NodeState = "pending" | "running" | "waiting" | "done" | "failed";

export interface NodeProgress {
  state: NodeState;
  /** How many times the node ran. */
  runs: number;
  /** Runs after the first: the rounds a loop added. */
  loops: number;
  /** Every reason card the node gave, across its runs, in order. */
  cards: ReasonCard[];
}

/** The progress of every node the view has seen; a node it has not seen is pending. */
export function nodeProgress(view: WorkflowView): ReadonlyMap<string, NodeProgress> {
  const out = new Map<string, NodeProgress>();
  const waiting = awaitsPerson(view);
  for (const step of view.steps) {
    const before = out.get(step.node);
    const runs = (before?.runs ?? 0) + 1;
    // A paused run's running step is the gate: it waits for a person, it is not working.
    const state: NodeState = step.status === "running" && waiting ? "waiting" : step.status;
    out.set(step.node, { state, runs, loops: runs - 1, cards: [...(before?.cards ?? []), ...step.cards] });
  }
  return out;
}

/** A node's progress, pending when the view has not reached it. */
export function progressOfNode(all: ReadonlyMap<string, NodeProgress>, id: string): NodeProgress {
  return all.get(id) ?? { state: "pending", runs: 0, loops: 0, cards: [] };
}
