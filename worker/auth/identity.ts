/**
 * Who is asking, resolved once per request. With Cloudflare Access configured, a person is
 * the subject of a verified Access token, the same on every device; a machine client may
 * instead present AUTH_TOKEN. Without Access, a browser is its signed cookie.
 */
import type { Context, MiddlewareHandler } from "hono";
import { ACCESS_HEADER, accessSettings, cachedVerifier } from "./access";
import { browserOwner } from "./browser";
import { constantTimeEqual } from "./compare";

/** The caller: a person Access vouched for, a machine with the token, or an anonymous browser. */
export type Identity =
  | { kind: "person"; ownerId: string; subject: string; email: string | null }
  | { kind: "machine"; ownerId: string }
  | { kind: "browser"; ownerId: string };

/** The one owner id of every AUTH_TOKEN client when Access guards the people. */
export const MACHINE_OWNER = "token:machine";

/** The owner id of an Access subject: its own namespace, so it never meets a browser's id. */
export function personOwnerId(subject: string): string {
  return `access:${subject}`;
}

type IdentityEnv = { Bindings: Env; Variables: { ownerId: string; identity: Identity } };

/** True when Access guards the API, so AUTH_TOKEN is an alternative rather than a gate. */
export function accessRequired(env: Env): boolean {
  return accessSettings(env) !== null;
}

/** The bearer token a request carries (`Authorization: Bearer`, or `?access_token=` for EventSource). */
export function bearerOf(c: Context): string {
  const header = c.req.header("authorization") ?? "";
  return header.toLowerCase().startsWith("bearer ") ? header.slice(7).trim() : (c.req.query("access_token") ?? "");
}

async function resolve(c: Context<IdentityEnv>): Promise<Identity | null> {
  const settings = accessSettings(c.env);
  if (settings === null) return { kind: "browser", ownerId: await browserOwner(c) };
  const assertion = c.req.header(ACCESS_HEADER);
  if (assertion !== undefined && assertion !== "") {
    const person = await cachedVerifier(settings)(assertion);
    return person === null ? null : { kind: "person", ownerId: personOwnerId(person.subject), ...person };
  }
  const token = c.env.AUTH_TOKEN ?? "";
  if (token !== "" && (await constantTimeEqual(bearerOf(c), token))) return { kind: "machine", ownerId: MACHINE_OWNER };
  return null;
}

/**
 * Puts the caller's identity (and its owner id) on the context. With Access configured, a
 * request without a valid assertion (or AUTH_TOKEN) is a 401 before any handler runs, so
 * it writes nothing.
 */
export function identify(): MiddlewareHandler<IdentityEnv> {
  return async (c, next) => {
    const identity = await resolve(c);
    if (identity === null) {
      return c.json(
        {
          error: {
            code: "unauthorized",
            message: "a valid Cloudflare Access token (Cf-Access-Jwt-Assertion) is required",
          },
        },
        401,
      );
    }
    c.set("identity", identity);
    c.set("ownerId", identity.ownerId);
    await next();
  };
}
