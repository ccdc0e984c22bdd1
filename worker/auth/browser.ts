/**
 * The anonymous identity of a browser: an owner id in a signed HttpOnly cookie, issued on
 * the first request. It is what a deployment without Cloudflare Access knows of a person,
 * so its history lives in that browser alone.
 */
import type { Context } from "hono";
import { getSignedCookie, setSignedCookie } from "hono/cookie";

export const OWNER_COOKIE = "rs_owner";
/** Used only when no OWNER_COOKIE_SECRET is set (local development); set a secret in production. */
const DEV_SECRET = "reasonstream-local-development-secret";
const ONE_YEAR_S = 365 * 24 * 3600;
const OWNER_ID = /^[0-9a-f-]{36}$/;

/** The browser's owner id from its cookie, or a new one (and the cookie that carries it). */
export async function browserOwner<E extends { Bindings: Env }>(c: Context<E>): Promise<string> {
  const secret = c.env.OWNER_COOKIE_SECRET ?? DEV_SECRET;
  const existing = await getSignedCookie(c, secret, OWNER_COOKIE);
  if (typeof existing === "string" && OWNER_ID.test(existing)) return existing;
  const owner = crypto.randomUUID();
  await setSignedCookie(c, OWNER_COOKIE, owner, secret, {
    httpOnly: true,
    sameSite: "Lax",
    path: "/",
    secure: new URL(c.req.url).protocol === "https:",
    maxAge: ONE_YEAR_S,
  });
  return owner;
}

/** The server's owner secret, for the owner ids derived on the server (an API key's) as well as the cookie. */
export function ownerSecret(env: Env): string {
  return env.OWNER_COOKIE_SECRET ?? DEV_SECRET;
}
