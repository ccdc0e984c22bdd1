/**
 * Who may do what with a decision set. The owner does everything. The approvers the owner
 * names, by the email Access vouched for, watch it and answer its gates (questions and
 * approval). Anyone else watches it while link access is on (the UUIDv4 in the link is the
 * capability), or when named as a watcher; otherwise they are not shown it at all.
 * Cancelling and sharing stay with the owner alone.
 */
import type { Identity } from "./identity";

export type LinkAccess = "watch" | "none";

/** What a named person may do: watch, or also answer and approve. */
export type ShareRole = "watch" | "approve";

/** The caller's part in a decision set. */
export type Role = "owner" | "approver" | "watcher";

export interface SharingRule {
  ownerId: string;
  link: LinkAccess;
  /** Lower-case emails of the people named to watch. */
  people: readonly string[];
  /** Lower-case emails of the people named to answer and approve (they watch too). */
  approvers: readonly string[];
}

/** The caller's part in a decision set shared as `rule`, or null when they may not even see it. */
export function roleOf(rule: SharingRule, who: Identity): Role | null {
  if (rule.ownerId === who.ownerId) return "owner";
  // Only Access vouches for an email: a browser or a machine is never named.
  const email = who.kind === "person" ? who.email : null;
  if (email !== null && rule.approvers.includes(email)) return "approver";
  if (rule.link === "watch" || (email !== null && rule.people.includes(email))) return "watcher";
  return null;
}

/** Whether `who` may watch a decision set shared as `rule`. */
export function mayWatch(rule: SharingRule, who: Identity): boolean {
  return roleOf(rule, who) !== null;
}
