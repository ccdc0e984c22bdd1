/**
 * `/api/decision-sets`: the owner's list; one decision set with its outputs; its retained
 * events as JSON; the answers to its gates; cancel; its artifacts as a zip; its stats.
 * Whoever may watch it reads it (see auth/policy); its owner and the approvers it names
 * answer its gates; only the owner cancels.
 */
import type { Context } from "hono";
import { zipSync, strToU8 } from "fflate";
import { routes, StatsResponse } from "../contract/api";
import { LiveStatus, Status } from "../contract/status";
import { progressOf } from "../contract/reduce";
import { roleOf, type Role } from "../auth/policy";
import type { AnsweredBy } from "../contract/gate";
import { db, getDecisionSet, getSharing, jobOfDecisionSet, listDecisionSets, transitionJob } from "../db/queries";
import type { DecisionSetRow } from "../db/schema";
import { answerGate } from "../jobs/answer-gate";
import { logger } from "../log";
import type { GateKind } from "../stream/decision-set";
import { decisionSetStub } from "../stream/stub";
import { ApiError, notFound } from "../http/errors";
import { ownerOf } from "../http/owner";
import type { AppEnv } from "../http/types";
import { router } from "../http/validate";

/** A row as the API shows it; the status column is text in D1, so it is parsed on the way out. */
export function summary(row: DecisionSetRow) {
  return {
    decision_set_id: row.id,
    thread_id: row.threadId,
    previous_id: row.previousId,
    title: row.title,
    status: Status.parse(row.status),
    created_at: new Date(row.createdAt).toISOString(),
    updated_at: new Date(row.updatedAt).toISOString(),
  };
}

async function load(c: Context<AppEnv>, id: string): Promise<DecisionSetRow> {
  const row = await getDecisionSet(db(c.env.DB), id);
  if (row === undefined) throw notFound("decision set");
  return row;
}

/** Loads a decision set the caller owns: 404 if it does not exist, 403 if it is someone else's. */
async function loadOwned(c: Context<AppEnv>, id: string): Promise<DecisionSetRow> {
  const row = await load(c, id);
  if (row.ownerId !== ownerOf(c)) throw new ApiError(403, "forbidden", "this decision set belongs to someone else");
  return row;
}

/** The caller's role in a decision set, or null when it does not exist or they may not see it. */
async function roleIn(c: Context<AppEnv>, id: string): Promise<Role | null> {
  const rule = await getSharing(db(c.env.DB), id);
  return rule === undefined ? null : roleOf(rule, c.get("identity"));
}

/**
 * Who answers a gate of decision set `id`: its owner or an approver it names. A caller who
 * may not see it gets the 404 of one that does not exist; one who only watches, a 403.
 */
async function answerer(c: Context<AppEnv>, id: string): Promise<AnsweredBy> {
  const role = await roleIn(c, id);
  if (role === null) throw notFound("decision set");
  if (role === "watcher") {
    throw new ApiError(
      403,
      "forbidden",
      "you may watch this decision set, not answer it: only its owner and the approvers it names answer and approve",
    );
  }
  const who = c.get("identity");
  return who.kind === "person" && who.email !== null ? { kind: role, email: who.email } : { kind: role };
}

/** Answers a gate through the one path both faces share; a gate no longer open is a 409. */
async function answerOpenGate(
  c: Context<AppEnv>,
  id: string,
  kind: GateKind,
  by: AnsweredBy,
  value: Record<string, unknown>,
) {
  const result = await answerGate(c.env, id, kind, value, by);
  if (!result.ok) {
    const message =
      result.reason === "ended"
        ? "the workflow has ended"
        : kind === "input"
          ? "no questions are open (already answered, or not asked yet)"
          : "no approval is open (already decided, or not reached yet)";
    throw new ApiError(409, "conflict", message);
  }
  return { decision_set_id: id, status: "accepted" as const };
}

export const decisionSets = router()
  .openapi(routes.listDecisionSets, async (c) => {
    const rows = await listDecisionSets(db(c.env.DB), ownerOf(c), c.req.valid("query").limit ?? 50);
    return c.json({ decision_sets: rows.map(summary) }, 200);
  })
  .openapi(routes.getDecisionSet, async (c) => {
    const { id } = c.req.valid("param");
    const [row, role] = await Promise.all([load(c, id), roleIn(c, id)]);
    const view = await decisionSetStub(c.env, row.id).view();
    if (view === null) throw notFound("decision set");
    return c.json(
      {
        ...summary(row),
        // The read guard let the caller in, so a caller with no role here is one it let watch.
        role: role ?? "watcher",
        status: Status.parse(view.status === "queued" ? row.status : view.status),
        last_seq: view.last_seq,
        progress: progressOf(view),
        final_outputs: view.final_outputs ?? null,
        snapshot: view,
      },
      200,
    );
  })
  .openapi(routes.getEvents, async (c) => {
    const { id } = c.req.valid("param");
    const { after = 0, types } = c.req.valid("query");
    const page = await decisionSetStub(c.env, id).eventsAfter(after, undefined, types);
    if (page === null) throw notFound("decision set");
    if (after > page.last_seq) throw new ApiError(400, "invalid_request", "after: cursor is ahead of the stream");
    return c.json({ decision_set_id: id, ...page }, 200);
  })
  .openapi(routes.getStats, async (c) => {
    const { id } = c.req.valid("param");
    const stats = await decisionSetStub(c.env, id).stats();
    if (stats === null) throw notFound("decision set");
    // The counters cross an RPC boundary as a loose record; the contract names each one.
    return c.json(StatsResponse.parse({ decision_set_id: id, ...stats }), 200);
  })
  .openapi(routes.respond, async (c) => {
    const { id } = c.req.valid("param");
    const by = await answerer(c, id);
    return c.json(await answerOpenGate(c, id, "input", by, c.req.valid("json").responses), 202);
  })
  .openapi(routes.approve, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const by = await answerer(c, id);
    const accepted = await answerOpenGate(c, id, "final", by, {
      decision: body.decision,
      comment: body.comment ?? "",
      // The report names who approved: an approver by the email Access vouched for.
      approved_by: body.approved_by ?? (by.kind === "approver" ? by.email : undefined) ?? "owner",
    });
    return c.json(accepted, 202);
  })
  .openapi(routes.cancel, async (c) => {
    const row = await loadOwned(c, c.req.valid("param").id);
    const d = db(c.env.DB);
    const result = await decisionSetStub(c.env, row.id).cancel("user");
    if (!result.ok) throw new ApiError(409, "conflict", "the workflow has already ended");
    const job = await jobOfDecisionSet(d, row.id);
    if (job !== undefined) {
      await transitionJob(d, job.id, LiveStatus.options, "cancelled");
    }
    logger({ decision_set_id: row.id, job_id: job?.id }).info("workflow cancelled");
    return c.json({ decision_set_id: row.id, status: "cancelled" as const }, 200);
  })
  .openapi(routes.artifactsZip, async (c) => {
    const row = await load(c, c.req.valid("param").id);
    const stub = decisionSetStub(c.env, row.id);
    const [files, view] = await Promise.all([stub.artifacts(), stub.view()]);
    if (view?.final_outputs === undefined)
      throw new ApiError(409, "conflict", "the workflow has not produced its code yet");
    const tree: Record<string, Uint8Array> = {};
    for (const f of files) tree[f.path] = strToU8(f.content);
    tree["REPORT.md"] ??= strToU8(view.final_outputs.report_markdown);
    const zip = zipSync(tree, { level: 6, mtime: new Date(row.updatedAt) });
    return new Response(zip, {
      headers: {
        "content-type": "application/zip",
        "content-disposition": `attachment; filename="decision-set-${row.id}.zip"`,
      },
    });
  });
