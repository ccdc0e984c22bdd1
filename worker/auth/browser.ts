/**
 * The anonymous identity of a browser: an owner id in a signed HttpOnly cookie, issued on
 * the first request. It is what a deployment without Cloudflare Access knows of a person,
 * so its history lives in that browser alone.
 */
import type { Context } from "hono";
import { getSignedCookie, setSignedCookie } from "hono/cookie";
import { ownerCookieSecret } from "./cookie-secret";

export const OWNER_COOKIE = "rs_owner";
const ONE_YEAR_S = 365 * 24 * 3600;
const OWNER_ID = /^[0-9a-f-]{36}$/;

/** The browser's owner id from its cookie, or a new one (and the cookie that carries it). */
export async function browserOwner<E extends { Bindings: Env }>(c: Context<E>): Promise<string> {
  const secret = await ownerCookieSecret(c.env);
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
