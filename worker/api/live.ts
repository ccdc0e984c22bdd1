/**
 * `GET /api/live/decision-sets`: the history page's one summary stream over the caller's
 * running decision sets (one SSE connection for the whole list: see openSummaryStream).
 */
import { routes } from "../contract/api";
import { readConfig } from "../config";
import { db, listDecisionSets } from "../db/queries";
import { SUMMARY_MAX_SETS, openSummaryStream } from "../stream/summary";
import { ownerOf } from "../http/owner";
import { router } from "../http/validate";

/** The statuses a run can still leave (the D1 row may lag the object; the object decides). */
const LIVE = new Set(["queued", "running", "paused"]);

export const live = router().openapi(routes.liveDecisionSets, async (c) => {
  const rows = await listDecisionSets(db(c.env.DB), ownerOf(c), SUMMARY_MAX_SETS);
  const ids = rows.filter((r) => LIVE.has(r.status)).map((r) => r.id);
  if (ids.length === 0) return c.body(null, 204);
  return openSummaryStream(c.env, ids, readConfig(c.env).HEARTBEAT_MS, c.req.raw.signal);
});
