import type { WorkflowGraph } from "../../worker/contract/api";
import { api } from "../lib/api";
import { useLoaded } from "./useLoaded";

/** Fetched once per page: the graph is the same for every decision set of this deployment. */
let graphRequest: Promise<WorkflowGraph | null> | null = null;

/** The deployment's workflow graph, asked once per page; null offline or when the call fails. */
export function loadGraph(): Promise<WorkflowGraph | null> {
  graphRequest ??= api.workflowGraph().then(
    (g) => g,
    () => {
      // Offline (a replayed trace) or a failed call: the drawing falls back to the plan; a later view retries.
      graphRequest = null;
      return null;
    },
  );
  return graphRequest;
}

/** `GET /api/workflow/graph`, or null until it answers (or when it cannot). */
export function useWorkflowGraph(): WorkflowGraph | null {
  return useLoaded(loadGraph);
}
