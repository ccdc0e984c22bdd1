/**
 * Who is asking, resolved once per request. With Cloudflare Access configured, a person is
 * the subject of a verified Access token, the same on every device; a machine client may
 * instead present AUTH_TOKEN. Without Access, a browser is its signed cookie. An X-API-Key
 * names a machine client in every mode: its own owner when nothing is configured, the
 * AUTH_TOKEN client when something is.
 */
import type { Context, MiddlewareHandler } from "hono";
import { ACCESS_HEADER, accessSettings, cachedVerifier } from "./access";
import { apiKeyOf, keyOwnerId, OWN_KEY_MIN } from "./api-key";
import { browserOwner } from "./browser";
import { ownerCookieSecret } from "./cookie-secret";
import { constantTimeEqual } from "./compare";

/** The caller: a person Access vouched for, a machine with the token, or an anonymous browser. */
export type Identity =
  | { kind: "person"; ownerId: string; subject: string; email: string | null }
  | { kind: "machine"; ownerId: string }
  | { kind: "browser"; ownerId: string };

/** The one owner id of every AUTH_TOKEN client (by bearer behind Access, or by X-API-Key). */
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

/** Why a request is refused before any handler runs: the error envelope's code and message. */
export interface Refusal {
  refused: "unauthorized" | "invalid_api_key";
  message: string;
}

/** True when AUTH_TOKEN is set and `presented` is it (in constant time). */
export async function isAuthToken(env: Env, presented: string): Promise<boolean> {
  const token = env.AUTH_TOKEN ?? "";
  return token !== "" && (await constantTimeEqual(presented, token));
}

/**
 * The X-API-Key's identity, or null when the request carries none. A key that is malformed,
 * or is not AUTH_TOKEN where one is configured, is refused rather than ignored: a client
 * that names itself wrongly would otherwise be quietly given someone else's history.
 */
async function keyIdentity(c: Context<IdentityEnv>): Promise<Identity | Refusal | null> {
  const claim = apiKeyOf(c);
  if (claim.kind === "none") return null;
  if (claim.kind === "invalid") return { refused: "invalid_api_key", message: claim.message };
  if (accessRequired(c.env) || (c.env.AUTH_TOKEN ?? "") !== "") {
    return (await isAuthToken(c.env, claim.key))
      ? { kind: "machine", ownerId: MACHINE_OWNER }
      : { refused: "unauthorized", message: "X-API-Key is not the configured AUTH_TOKEN" };
  }
  if (claim.key.length < OWN_KEY_MIN) {
    return { refused: "invalid_api_key", message: `X-API-Key must be at least ${OWN_KEY_MIN} characters` };
  }
  return { kind: "machine", ownerId: await keyOwnerId(await ownerCookieSecret(c.env), claim.key) };
}

const NO_ACCESS_TOKEN: Refusal = {
  refused: "unauthorized",
  message: "a valid Cloudflare Access token (Cf-Access-Jwt-Assertion) is required",
};

async function resolve(c: Context<IdentityEnv>): Promise<Identity | Refusal> {
  const keyed = await keyIdentity(c);
  if (keyed !== null) return keyed;
  const settings = accessSettings(c.env);
  if (settings === null) return { kind: "browser", ownerId: await browserOwner(c) };
  const assertion = c.req.header(ACCESS_HEADER);
  if (assertion !== undefined && assertion !== "") {
    const person = await cachedVerifier(settings)(assertion);
    return person === null ? NO_ACCESS_TOKEN : { kind: "person", ownerId: personOwnerId(person.subject), ...person };
  }
  if (await isAuthToken(c.env, bearerOf(c))) return { kind: "machine", ownerId: MACHINE_OWNER };
  return NO_ACCESS_TOKEN;
}

/**
 * Puts the caller's identity (and its owner id) on the context. A bad X-API-Key, or (with
 * Access configured) a request without a valid assertion or AUTH_TOKEN, is a 401 before any
 * handler runs, so it writes nothing.
 */
export function identify(): MiddlewareHandler<IdentityEnv> {
  return async (c, next) => {
    const identity = await resolve(c);
    if ("refused" in identity) {
      return c.json({ error: { code: identity.refused, message: identity.message } }, 401);
    }
    c.set("identity", identity);
    c.set("ownerId", identity.ownerId);
    return next();
  };
}
