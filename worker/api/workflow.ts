/** `GET /api/workflow/plan`: the planned steps, for a progress bar before the first event. */
import { Hono } from "hono";
import { defaultWorkflow } from "../workflow";
import type { AppEnv } from "./types";

export const workflow = new Hono<AppEnv>().get("/workflow/plan", (c) =>
  c.json({ nodes: defaultWorkflow.plan, graph_type: defaultWorkflow.graph_type }),
);
