/**
 * Who may watch a decision set. The owner always; anyone with the link while link access
 * is on (the UUIDv4 in the link is the capability); otherwise only the people it is shared
 * with, by the email Access vouched for. Acting on it (answering, approving, cancelling)
 * stays with the owner alone, whoever may watch.
 */
import type { Identity } from "./identity";

export type LinkAccess = "watch" | "none";

export interface SharingRule {
  ownerId: string;
  link: LinkAccess;
  /** Lower-case emails. */
  people: readonly string[];
}

/** Whether `who` may watch a decision set shared as `rule`. */
export function mayWatch(rule: SharingRule, who: Identity): boolean {
  if (rule.ownerId === who.ownerId || rule.link === "watch") return true;
  return who.kind === "person" && who.email !== null && rule.people.includes(who.email);
}
