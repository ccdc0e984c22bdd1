/**
 * Statuses, one list: a job's, and a decision set's (its job's, and `rejected`). Every
 * other status set (the terminal ones, how a run ended, the D1 columns' enums, the
 * workflow state's) is taken from these. Runtime-neutral.
 */
import { z } from "zod";

/** A job's statuses, as a tuple: D1's column takes its enum from it. */
export const JOB_STATUSES = ["queued", "running", "paused", "completed", "failed", "cancelled"] as const;

/** A decision set's statuses: its job's, and `rejected` (the plan was not approved). */
export const STATUSES = [...JOB_STATUSES, "rejected"] as const;

/** A decision set's status. */
export const Status = z.enum(STATUSES);
export type Status = z.infer<typeof Status>;

/** A job's status: every decision set status but `rejected`, which only the outputs say. */
export const JobStatus = z.enum(JOB_STATUSES);
export type JobStatus = z.infer<typeof JobStatus>;

/** How a workflow that ran to its end ended: its design completed, or its plan rejected. */
export const OutcomeStatus = Status.extract(["completed", "rejected"]);
export type OutcomeStatus = z.infer<typeof OutcomeStatus>;

/** The statuses after which a decision set changes no more. */
export const TerminalStatus = Status.extract([...OutcomeStatus.options, "failed", "cancelled"]);
export type TerminalStatus = z.infer<typeof TerminalStatus>;

/** The statuses of a decision set still under way: it may still be cancelled, and a page follows it. */
export const LiveStatus = Status.exclude(TerminalStatus.options);
export type LiveStatus = z.infer<typeof LiveStatus>;

const TERMINAL: ReadonlySet<Status> = new Set(TerminalStatus.options);

/** True once a decision set can change no more: its stream closes and its view is final. */
export function isTerminalStatus(status: Status): status is TerminalStatus {
  return TERMINAL.has(status);
}
