/** `GET /api/workflow/plan`: the planned steps, for a progress bar before the first event. */
import { routes } from "../contract/api";
import { defaultWorkflow } from "../workflow";
import { router } from "../http/validate";

export const workflow = router().openapi(routes.plan, (c) =>
  c.json({ nodes: defaultWorkflow.plan, graph_type: defaultWorkflow.graph_type }, 200),
);
