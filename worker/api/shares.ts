/**
 * Sharing a decision set: with anyone who has its link (watch only, the default) or with
 * named people only, by the email Access vouches for, each named to watch or to approve.
 * Only the owner reads or changes the setting; the people it is shared with find it under
 * "shared with me"; the owner and the approvers answer and approve; only the owner cancels.
 */
import type { Context, MiddlewareHandler } from "hono";
import { Id, routes } from "../contract/api";
import { mayWatch, type SharingRule } from "../auth/policy";
import { db, getSharing, listSharedWith, setSharing } from "../db/queries";
import { summary } from "./decision-sets";
import { ApiError, errorResponse, notFound } from "../http/errors";
import type { AppEnv } from "../http/types";
import { router } from "../http/validate";

/**
 * Guards every read of one decision set (its page, events, stream, files): a caller who may
 * not watch it gets the same 404 as for one that does not exist, so the id reveals nothing.
 * Ids that do not parse and sets that do not exist are left to the route's own answer.
 */
export function watchGuard(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== "GET" && c.req.method !== "HEAD") return next();
    const id = Id.safeParse(c.req.param("id"));
    if (!id.success) return next();
    const rule = await getSharing(db(c.env.DB), id.data);
    if (rule !== undefined && !mayWatch(rule, c.get("identity"))) {
      return errorResponse(c, 404, "not_found", "decision set not found");
    }
    return next();
  };
}

function view(id: string, rule: Omit<SharingRule, "ownerId">) {
  return { decision_set_id: id, link: rule.link, people: [...rule.people], approvers: [...rule.approvers] };
}

async function ownedRule(c: Context<AppEnv>, id: string): Promise<SharingRule> {
  const rule = await getSharing(db(c.env.DB), id);
  if (rule === undefined) throw notFound("decision set");
  if (rule.ownerId !== c.get("ownerId"))
    throw new ApiError(403, "forbidden", "only the owner sees and changes how a decision set is shared");
  return rule;
}

export const shares = router()
  .openapi(routes.getSharing, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(view(id, await ownedRule(c, id)), 200);
  })
  .openapi(routes.setSharing, async (c) => {
    const { id } = c.req.valid("param");
    await ownedRule(c, id);
    const body = c.req.valid("json");
    await setSharing(db(c.env.DB), id, body);
    return c.json(view(id, body), 200);
  })
  .openapi(routes.sharedWithMe, async (c) => {
    const who = c.get("identity");
    // Only Access vouches for an email; a browser or a machine has nothing shared with it by name.
    if (who.kind !== "person" || who.email === null) return c.json({ decision_sets: [] }, 200);
    const rows = await listSharedWith(db(c.env.DB), who.email, c.req.valid("query").limit ?? 50);
    return c.json({ decision_sets: rows.map(summary) }, 200);
  });
