/** The identity and sharing part of the HTTP contract: who is signed in, and who may watch or approve a decision set. */
import { z } from "zod";

/** At most this many people on one decision set. */
export const MAX_SHARED_PEOPLE = 50;

/** `GET /api/me`: how the server knows the caller. */
export const Me = z.object({
  /** `person`: signed in with Cloudflare Access; `browser`: an anonymous cookie; `machine`: AUTH_TOKEN. */
  kind: z.enum(["person", "browser", "machine"]),
  email: z.string().nullable(),
  /** True when the history follows the person (Access); false when it lives in this browser. */
  access: z.boolean(),
});
export type Me = z.infer<typeof Me>;

export const LinkAccess = z.enum(["watch", "none"]);

/**
 * How one decision set is shared. Three roles: its owner does everything; `approvers` may
 * also answer its questions and approve its plan; `people` (and, with `link: "watch"`,
 * anyone with the link) only watch. Cancelling and sharing stay with the owner.
 */
export const Sharing = z.object({
  decision_set_id: z.string(),
  /** `watch`: anyone with the link may watch; `none`: only the owner and the people named. */
  link: LinkAccess,
  /** The people named to watch, by the email Access vouches for. */
  people: z.array(z.string()),
  /** The people named to answer and approve as the owner does (they watch too). */
  approvers: z.array(z.string()),
});
export type Sharing = z.infer<typeof Sharing>;

/** A list of emails as stored: lower-case, each once. */
const Emails = z
  .array(
    z
      .email()
      .max(320)
      .transform((e) => e.toLowerCase()),
  )
  .max(MAX_SHARED_PEOPLE)
  .transform((list) => [...new Set(list)]);

/**
 * `POST /api/decision-sets/:id/sharing`: replaces the link setting and everyone named. A
 * body without `approvers` (as before approvers existed) names none; someone in both lists
 * is an approver.
 */
export const SharingUpdate = z
  .strictObject({ link: LinkAccess, people: Emails, approvers: Emails.default([]) })
  .refine(
    (s) => new Set([...s.people, ...s.approvers]).size <= MAX_SHARED_PEOPLE,
    `at most ${MAX_SHARED_PEOPLE} people in all`,
  )
  .transform((s) => ({ ...s, people: s.people.filter((email) => !s.approvers.includes(email)) }));
export type SharingUpdate = z.input<typeof SharingUpdate>;
