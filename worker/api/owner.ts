/**
 * Who is asking. A browser gets an anonymous owner id on its first request, in a signed
 * HttpOnly cookie; the owner lists, answers, approves and cancels its decision sets.
 */
import type { Context, MiddlewareHandler } from "hono";
import { getSignedCookie, setSignedCookie } from "hono/cookie";
import type { AppEnv } from "./types";

export const OWNER_COOKIE = "rs_owner";
/** Used only when no OWNER_COOKIE_SECRET is set (local development); set a secret in production. */
const DEV_SECRET = "reasonstream-local-development-secret";
const ONE_YEAR_S = 365 * 24 * 3600;

/** Reads or issues the owner cookie and puts the owner id on the context. */
export function ownerIdentity(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const secret = c.env.OWNER_COOKIE_SECRET ?? DEV_SECRET;
    const existing = await getSignedCookie(c, secret, OWNER_COOKIE);
    let owner = typeof existing === "string" && /^[0-9a-f-]{36}$/.test(existing) ? existing : null;
    if (owner === null) {
      owner = crypto.randomUUID();
      await setSignedCookie(c, OWNER_COOKIE, owner, secret, {
        httpOnly: true,
        sameSite: "Lax",
        path: "/",
        secure: new URL(c.req.url).protocol === "https:",
        maxAge: ONE_YEAR_S,
      });
    }
    c.set("ownerId", owner);
    await next();
  };
}

/** The caller's owner id. */
export function ownerOf(c: Context<AppEnv>): string {
  return c.get("ownerId");
}
