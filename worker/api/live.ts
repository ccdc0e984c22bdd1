/**
 * `GET /api/live/decision-sets`: the history page's one summary stream over the caller's
 * running decision sets (one SSE connection for the whole list: see openSummaryStream).
 */
import { routes } from "../contract/api";
import { isTerminalStatus } from "../contract/status";
import { readConfig } from "../config";
import { db, listDecisionSets } from "../db/queries";
import { SUMMARY_MAX_SETS, openSummaryStream } from "../stream/summary";
import { ownerOf } from "../http/owner";
import { router } from "../http/validate";

export const live = router().openapi(routes.liveDecisionSets, async (c) => {
  const rows = await listDecisionSets(db(c.env.DB), ownerOf(c), SUMMARY_MAX_SETS);
  // A run D1 does not yet show as ended (the row may lag the object; the object decides).
  const ids = rows.filter((r) => !isTerminalStatus(r.status)).map((r) => r.id);
  if (ids.length === 0) return c.body(null, 204);
  return openSummaryStream(c.env, ids, readConfig(c.env).HEARTBEAT_MS, c.req.raw.signal);
});
