/** Drizzle schema of the global index in D1 (mirrors migrations/0001_create_tables.sql). */
import { sqliteTable, text, integer } from "drizzle-orm/sqlite-core";

export const decisionSets = sqliteTable("decision_sets", {
  id: text("id").primaryKey(),
  threadId: text("thread_id").notNull(),
  ownerId: text("owner_id").notNull(),
  previousId: text("previous_id"),
  title: text("title").notNull(),
  status: text("status").notNull(),
  summary: text("summary"),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

export const jobs = sqliteTable("jobs", {
  id: text("id").primaryKey(),
  decisionSetId: text("decision_set_id")
    .notNull()
    .references(() => decisionSets.id),
  status: text("status").notNull(),
  attempts: integer("attempts").notNull().default(0),
  maxAttempts: integer("max_attempts").notNull(),
  payload: text("payload").notNull(),
  leaseOwner: text("lease_owner"),
  leaseExpiresAt: integer("lease_expires_at"),
  error: text("error"),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

export type DecisionSetRow = typeof decisionSets.$inferSelect;
export type JobRow = typeof jobs.$inferSelect;
