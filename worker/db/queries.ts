/**
 * The few queries the product makes against D1. Every state change of a job is one
 * conditional UPDATE, so two actors racing for the same transition cannot both win.
 */
import { and, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { decisionSetShares, decisionSets, jobs, type DecisionSetRow, type JobRow } from "./schema";
import type { LinkAccess, ShareRole, SharingRule } from "../auth/policy";
import type { JobStatus, Status } from "../contract/status";
import type { JobPayload } from "../contract/queue";

export type Db = ReturnType<typeof db>;

/** A drizzle handle over the D1 binding. */
export function db(d1: D1Database) {
  return drizzle(d1, { schema: { decisionSets, jobs, decisionSetShares } });
}

/** Creates a decision set and its job in one batch (both rows or neither). */
export async function createDecisionSetWithJob(
  d: Db,
  args: {
    decisionSetId: string;
    jobId: string;
    threadId: string;
    ownerId: string;
    previousId: string | null;
    title: string;
    payload: JobPayload;
    maxAttempts: number;
  },
): Promise<void> {
  const now = Date.now();
  await d.batch([
    d.insert(decisionSets).values({
      id: args.decisionSetId,
      threadId: args.threadId,
      ownerId: args.ownerId,
      previousId: args.previousId,
      title: args.title,
      status: "queued",
      createdAt: now,
      updatedAt: now,
    }),
    d.insert(jobs).values({
      id: args.jobId,
      decisionSetId: args.decisionSetId,
      status: "queued",
      attempts: 0,
      maxAttempts: args.maxAttempts,
      payload: JSON.stringify(args.payload),
      createdAt: now,
      updatedAt: now,
    }),
  ]);
}

/** The newest decision set of a thread, for a follow-up message to revise. */
export async function latestOfThread(d: Db, threadId: string): Promise<DecisionSetRow | undefined> {
  return d
    .select()
    .from(decisionSets)
    .where(eq(decisionSets.threadId, threadId))
    .orderBy(desc(decisionSets.createdAt))
    .get();
}

export async function getDecisionSet(d: Db, id: string): Promise<DecisionSetRow | undefined> {
  return d.select().from(decisionSets).where(eq(decisionSets.id, id)).get();
}

/** An owner's decision sets, newest first. */
export async function listDecisionSets(d: Db, ownerId: string, limit: number): Promise<DecisionSetRow[]> {
  return (
    d
      .select()
      .from(decisionSets)
      .where(eq(decisionSets.ownerId, ownerId))
      // rowid breaks ties between rows created in the same millisecond.
      .orderBy(desc(decisionSets.createdAt), desc(sql`rowid`))
      .limit(limit)
      .all()
  );
}

export async function getJob(d: Db, id: string): Promise<JobRow | undefined> {
  return d.select().from(jobs).where(eq(jobs.id, id)).get();
}

export async function jobOfDecisionSet(d: Db, decisionSetId: string): Promise<JobRow | undefined> {
  return d.select().from(jobs).where(eq(jobs.decisionSetId, decisionSetId)).orderBy(desc(jobs.createdAt)).get();
}

/**
 * Claims a job for `owner` until `now + leaseMs`: one conditional UPDATE … RETURNING.
 * It wins only if the job is queued, paused (a resume), or running under an expired
 * lease (its worker died). A duplicate delivery finds none of these and gets undefined.
 */
export async function claimJob(d: Db, id: string, owner: string, leaseMs: number): Promise<JobRow | undefined> {
  const now = Date.now();
  return d
    .update(jobs)
    .set({
      status: "running",
      leaseOwner: owner,
      leaseExpiresAt: now + leaseMs,
      attempts: sql`${jobs.attempts} + 1`,
      updatedAt: now,
    })
    .where(
      and(
        eq(jobs.id, id),
        or(inArray(jobs.status, ["queued", "paused"]), and(eq(jobs.status, "running"), lt(jobs.leaseExpiresAt, now))),
      ),
    )
    .returning()
    .get();
}

/** Extends the lease of a job this owner holds. False when the lease was lost. */
export async function renewLease(d: Db, id: string, owner: string, leaseMs: number): Promise<boolean> {
  const now = Date.now();
  const row = await d
    .update(jobs)
    .set({ leaseExpiresAt: now + leaseMs, updatedAt: now })
    .where(and(eq(jobs.id, id), eq(jobs.leaseOwner, owner), eq(jobs.status, "running")))
    .returning({ id: jobs.id })
    .get();
  return row !== undefined;
}

/**
 * Moves a job from one of `from` to `to` (and its decision set's status with it).
 * Returns false when the job was not in one of `from`: someone else moved it first.
 */
export async function transitionJob(
  d: Db,
  id: string,
  from: JobStatus[],
  to: JobStatus,
  extra: { error?: string | null; decisionSetStatus?: Status; summary?: string; owner?: string } = {},
): Promise<boolean> {
  const now = Date.now();
  const conditions = [eq(jobs.id, id), inArray(jobs.status, from)];
  if (extra.owner !== undefined) conditions.push(eq(jobs.leaseOwner, extra.owner));
  const releasesLease = to !== "running";
  const row = await d
    .update(jobs)
    .set({
      status: to,
      updatedAt: now,
      ...(extra.error === undefined ? {} : { error: extra.error }),
      ...(releasesLease ? { leaseOwner: null, leaseExpiresAt: null } : {}),
    })
    .where(and(...conditions))
    .returning({ decisionSetId: jobs.decisionSetId })
    .get();
  if (row === undefined) return false;
  await d
    .update(decisionSets)
    .set({
      status: extra.decisionSetStatus ?? to,
      updatedAt: now,
      ...(extra.summary === undefined ? {} : { summary: extra.summary }),
    })
    .where(eq(decisionSets.id, row.decisionSetId));
  return true;
}

/** How a decision set is shared, or undefined when it does not exist. */
export async function getSharing(d: Db, id: string): Promise<SharingRule | undefined> {
  const [row, named] = await d.batch([
    d
      .select({ ownerId: decisionSets.ownerId, link: decisionSets.linkAccess })
      .from(decisionSets)
      .where(eq(decisionSets.id, id)),
    d
      .select({ email: decisionSetShares.email, role: decisionSetShares.role })
      .from(decisionSetShares)
      .where(eq(decisionSetShares.decisionSetId, id))
      .orderBy(decisionSetShares.email),
  ]);
  const first = row[0];
  if (first === undefined) return undefined;
  const as = (role: ShareRole) => named.filter((p) => p.role === role).map((p) => p.email);
  return { ownerId: first.ownerId, link: first.link, people: as("watch"), approvers: as("approve") };
}

/**
 * Replaces how a decision set is shared, in one batch: the link setting and everyone named.
 * Someone named both to watch and to approve is stored once, as an approver.
 */
export async function setSharing(
  d: Db,
  id: string,
  rule: { link: LinkAccess; people: readonly string[]; approvers: readonly string[] },
): Promise<void> {
  const now = Date.now();
  const clear = d.delete(decisionSetShares).where(eq(decisionSetShares.decisionSetId, id));
  const update = d.update(decisionSets).set({ linkAccess: rule.link }).where(eq(decisionSets.id, id));
  const roles = new Map<string, ShareRole>(rule.people.map((email) => [email, "watch"]));
  for (const email of rule.approvers) roles.set(email, "approve");
  // One insert per person keeps each statement far under D1's limit on bound parameters.
  const inserts = [...roles].map(([email, role]) =>
    d.insert(decisionSetShares).values({ decisionSetId: id, email, role, createdAt: now }),
  );
  await d.batch([update, clear, ...inserts]);
}

/** The decision sets shared with `email`, newest first. */
export async function listSharedWith(d: Db, email: string, limit: number): Promise<DecisionSetRow[]> {
  const rows = await d
    .select({ decisionSet: decisionSets })
    .from(decisionSetShares)
    .innerJoin(decisionSets, eq(decisionSets.id, decisionSetShares.decisionSetId))
    .where(eq(decisionSetShares.email, email))
    .orderBy(desc(decisionSets.createdAt))
    .limit(limit)
    .all();
  return rows.map((r) => r.decisionSet);
}
