/** The identity and sharing part of the HTTP contract: who is signed in, and who may watch a decision set. */
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

/** How one decision set is shared. */
export const Sharing = z.object({
  decision_set_id: z.string(),
  /** `watch`: anyone with the link may watch; `none`: only the owner and `people`. */
  link: LinkAccess,
  people: z.array(z.string()),
});
export type Sharing = z.infer<typeof Sharing>;

/** `POST /api/decision-sets/:id/sharing`: replaces the link setting and the list of people. */
export const SharingUpdate = z.strictObject({
  link: LinkAccess,
  people: z
    .array(
      z
        .email()
        .max(320)
        .transform((e) => e.toLowerCase()),
    )
    .max(MAX_SHARED_PEOPLE)
    .transform((list) => [...new Set(list)]),
});
export type SharingUpdate = z.input<typeof SharingUpdate>;
