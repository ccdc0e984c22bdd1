/** `GET /api/workflow/graph`: the compiled workflow graph, for drawing the run page's map of it. */
import { routes } from "../contract/api";
import { mlopsGraphShape } from "../workflow/mlops/graph";
import { router } from "../http/validate";

export const workflowGraph = router().openapi(routes.workflowGraph, async (c) => c.json(await mlopsGraphShape(), 200));
