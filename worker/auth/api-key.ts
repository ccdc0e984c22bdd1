/**
 * `X-API-Key`, as the LangGraph SDK sends its `apiKey`: a machine client's name for itself.
 * Without Access or AUTH_TOKEN a key is its own owner, kept only as a keyed hash so the
 * database never holds a usable key; with either configured it must be AUTH_TOKEN.
 */
import type { Context } from "hono";
import { z } from "zod";

export const API_KEY_HEADER = "x-api-key";
/** Longer than any real key (LangSmith's are about 50 characters), short enough to bound the work. */
export const API_KEY_MAX = 256;
/** Where a key alone is its owner, it is the only secret between strangers: too short, and it is guessed. */
export const OWN_KEY_MIN = 16;

/** Visible ASCII only: a key travels in a header, and a space or control byte is a copy-paste mistake. */
const KeyFormat = z
  .string()
  .min(1, "X-API-Key is empty")
  .max(API_KEY_MAX, `X-API-Key is longer than ${API_KEY_MAX} characters`)
  .regex(/^[\x21-\x7e]+$/, "X-API-Key may hold visible ASCII characters only");

/** What a request says with its X-API-Key header. */
export type KeyClaim = { kind: "none" } | { kind: "invalid"; message: string } | { kind: "key"; key: string };

/** The request's X-API-Key: absent, malformed (with the reason), or a well-formed key. */
export function apiKeyOf(c: Context): KeyClaim {
  const raw = c.req.header(API_KEY_HEADER);
  if (raw === undefined) return { kind: "none" };
  const parsed = KeyFormat.safeParse(raw);
  if (!parsed.success) return { kind: "invalid", message: parsed.error.issues[0]?.message ?? "X-API-Key is malformed" };
  return { kind: "key", key: parsed.data };
}

const encoder = new TextEncoder();
const hmacKeys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = hmacKeys.get(secret);
  if (key === undefined) {
    key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    // A deployment has one secret; tests a few. Never more than a handful kept.
    if (hmacKeys.size >= 8) hmacKeys.clear();
    hmacKeys.set(secret, key);
  }
  return key;
}

/**
 * The owner id of `key` alone: `key:` and the hex HMAC-SHA256 of the key under the server's
 * owner secret. The same key names the same owner on every request; without the secret, an
 * owner id (in a log or a database dump) gives the key away to nobody.
 */
export async function keyOwnerId(secret: string, key: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(`${API_KEY_HEADER}\0${key}`));
  return `key:${[...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}
