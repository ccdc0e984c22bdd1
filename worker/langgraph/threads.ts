/**
 * LangGraph threads in D1. A thread exists from `POST /threads` on (the table of
 * migrations/0003) or from a decision set that names it (a thread started through the
 * product's own API); either way it has exactly one owner.
 */
import { and, desc, eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { z } from "zod";
import { decisionSets, type DecisionSetRow } from "../db/schema";

export const langgraphThreads = sqliteTable(
  "langgraph_threads",
  {
    threadId: text("thread_id").primaryKey(),
    ownerId: text("owner_id").notNull(),
    metadata: text("metadata").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("langgraph_threads_owner_created").on(t.ownerId, sql`${t.createdAt} DESC`)],
);

const Metadata = z.record(z.string(), z.unknown());

/** A thread as this API knows it before asking the runs for their state. */
export interface ThreadRecord {
  thread_id: string;
  owner_id: string;
  metadata: Record<string, unknown>;
  created_at: number;
  updated_at: number;
}

const d1 = (env: Env) => drizzle(env.DB, { schema: { langgraphThreads, decisionSets } });

function parseMetadata(json: string): Record<string, unknown> {
  try {
    const parsed = Metadata.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/**
 * Creates a thread for `ownerId`. With an id that exists already: `created: false` and the
 * existing thread, whoever owns it (the caller decides what a stranger may learn).
 */
export async function createThread(
  env: Env,
  args: { threadId: string; ownerId: string; metadata: Record<string, unknown> },
): Promise<{ created: boolean; thread: ThreadRecord }> {
  const existing = await findThread(env, args.threadId);
  if (existing !== null) return { created: false, thread: existing };
  const now = Date.now();
  const row = await d1(env)
    .insert(langgraphThreads)
    .values({
      threadId: args.threadId,
      ownerId: args.ownerId,
      metadata: JSON.stringify(args.metadata),
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning()
    .get();
  if (row === undefined) {
    // Lost a race with a create of the same id: report the winner's thread.
    const winner = await findThread(env, args.threadId);
    if (winner === null) throw new Error("thread vanished after a conflicting create");
    return { created: false, thread: winner };
  }
  return { created: true, thread: toRecord(row) };
}

function toRecord(row: typeof langgraphThreads.$inferSelect): ThreadRecord {
  return {
    thread_id: row.threadId,
    owner_id: row.ownerId,
    metadata: parseMetadata(row.metadata),
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

function fromDecisionSet(first: DecisionSetRow, latest: DecisionSetRow): ThreadRecord {
  return {
    thread_id: first.threadId,
    owner_id: first.ownerId,
    metadata: {},
    created_at: first.createdAt,
    updated_at: latest.updatedAt,
  };
}

/** The thread by id, from its own row or else from the decision sets that name it. */
export async function findThread(env: Env, threadId: string): Promise<ThreadRecord | null> {
  const d = d1(env);
  const row = await d.select().from(langgraphThreads).where(eq(langgraphThreads.threadId, threadId)).get();
  if (row !== undefined) return toRecord(row);
  const runs = await runsOfThread(env, threadId, 1, 0);
  const latest = runs[0];
  if (latest === undefined) return null;
  const first = await d
    .select()
    .from(decisionSets)
    .where(eq(decisionSets.threadId, threadId))
    .orderBy(decisionSets.createdAt)
    .get();
  return fromDecisionSet(first ?? latest, latest);
}

/** The thread's decision sets (its runs), newest first. */
export async function runsOfThread(env: Env, threadId: string, limit: number, offset: number) {
  return d1(env)
    .select()
    .from(decisionSets)
    .where(eq(decisionSets.threadId, threadId))
    .orderBy(desc(decisionSets.createdAt), desc(sql`rowid`))
    .limit(limit)
    .offset(offset)
    .all();
}

/**
 * The owner's threads, newest first: those created here and those the product's own API
 * started. Bounded by `limit + offset` rows from each source.
 */
export async function threadsOfOwner(
  env: Env,
  ownerId: string,
  limit: number,
  offset: number,
): Promise<ThreadRecord[]> {
  const d = d1(env);
  const window = limit + offset;
  const [own, started] = await Promise.all([
    d
      .select()
      .from(langgraphThreads)
      .where(eq(langgraphThreads.ownerId, ownerId))
      .orderBy(desc(langgraphThreads.createdAt))
      .limit(window)
      .all(),
    d
      .select({
        threadId: decisionSets.threadId,
        createdAt: sql<number>`MIN(${decisionSets.createdAt})`,
        updatedAt: sql<number>`MAX(${decisionSets.updatedAt})`,
      })
      .from(decisionSets)
      .where(and(eq(decisionSets.ownerId, ownerId)))
      .groupBy(decisionSets.threadId)
      .orderBy(desc(sql`MIN(${decisionSets.createdAt})`))
      .limit(window)
      .all(),
  ]);
  const byId = new Map<string, ThreadRecord>();
  for (const row of own) byId.set(row.threadId, toRecord(row));
  for (const row of started) {
    const known = byId.get(row.threadId);
    if (known !== undefined) known.updated_at = Math.max(known.updated_at, row.updatedAt);
    else
      byId.set(row.threadId, {
        thread_id: row.threadId,
        owner_id: ownerId,
        metadata: {},
        created_at: row.createdAt,
        updated_at: row.updatedAt,
      });
  }
  return [...byId.values()].toSorted((a, b) => b.created_at - a.created_at).slice(offset, offset + limit);
}
