import { useEffect, useState } from "react";
import type { PlannedNode } from "../../worker/contract/events";
import { api } from "../lib/api";

/** Fetched once per page: the plan is the same for every decision set of this deployment. */
let planRequest: Promise<PlannedNode[]> | null = null;

function loadPlan(): Promise<PlannedNode[]> {
  planRequest ??= api.plan().then(
    (p) => p.nodes,
    () => {
      // No plan is no loss (progress shows once `workflow-start` names the steps); let a later view retry.
      planRequest = null;
      return [];
    },
  );
  return planRequest;
}

/** The planned steps from `GET /api/workflow/plan`, for the progress header before `workflow-start`. */
export function useWorkflowPlan(needed: boolean): PlannedNode[] {
  const [plan, setPlan] = useState<PlannedNode[]>([]);
  useEffect(() => {
    if (!needed) return;
    let live = true;
    void loadPlan().then((nodes) => {
      if (live) setPlan(nodes);
    });
    return () => {
      live = false;
    };
  }, [needed]);
  return plan;
}
