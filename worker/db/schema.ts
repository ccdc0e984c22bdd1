/**
 * Drizzle schema of the global index in D1. The migrations are generated from it
 * (`npx drizzle-kit generate`, drizzle.config.ts) and CI fails when they disagree.
 */
import { sql } from "drizzle-orm";
import { sqliteTable, text, integer, primaryKey, index, check } from "drizzle-orm/sqlite-core";
import type { LinkAccess, ShareRole } from "../auth/policy";
import { JOB_STATUSES, STATUSES } from "../contract/status";

export const decisionSets = sqliteTable(
  "decision_sets",
  {
    id: text("id").primaryKey(),
    threadId: text("thread_id").notNull(),
    ownerId: text("owner_id").notNull(),
    previousId: text("previous_id"),
    title: text("title").notNull(),
    status: text("status", { enum: STATUSES }).notNull(),
    summary: text("summary"),
    /** Whether anyone with the link may watch ("watch", the default) or only the owner and the named people. */
    linkAccess: text("link_access").$type<LinkAccess>().notNull().default("watch"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("decision_sets_owner_created").on(t.ownerId, sql`${t.createdAt} DESC`),
    index("decision_sets_thread_created").on(t.threadId, sql`${t.createdAt} DESC`),
    check("decision_sets_link_access", sql`${t.linkAccess} IN ('watch', 'none')`),
  ],
);

export const jobs = sqliteTable(
  "jobs",
  {
    id: text("id").primaryKey(),
    decisionSetId: text("decision_set_id")
      .notNull()
      .references(() => decisionSets.id),
    status: text("status", { enum: JOB_STATUSES }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull(),
    payload: text("payload").notNull(),
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: integer("lease_expires_at"),
    error: text("error"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("jobs_decision_set").on(t.decisionSetId), index("jobs_status_lease").on(t.status, t.leaseExpiresAt)],
);

/** The people a decision set is shared with, by lower-case email: to watch it, or also to answer and approve. */
export const decisionSetShares = sqliteTable(
  "decision_set_shares",
  {
    decisionSetId: text("decision_set_id")
      .notNull()
      .references(() => decisionSets.id),
    email: text("email").notNull(),
    createdAt: integer("created_at").notNull(),
    /** "watch" (every share before approvers existed) or "approve". */
    role: text("role").$type<ShareRole>().notNull().default("watch"),
  },
  (t) => [
    primaryKey({ columns: [t.decisionSetId, t.email] }),
    index("decision_set_shares_email").on(t.email, sql`${t.createdAt} DESC`),
    check("decision_set_shares_role", sql`${t.role} IN ('watch', 'approve')`),
  ],
);

export type DecisionSetRow = typeof decisionSets.$inferSelect;
export type JobRow = typeof jobs.$inferSelect;
