/**
 * Cloudflare Access for the worker tests: RSA keys generated here, their public halves
 * published on the loopback JWKS host, tokens signed as Access signs them, and the app
 * called with the Access settings pointing at that host.
 */
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";
import { inject } from "vitest";
import { app } from "../../worker/api/app";
import { assertConforms } from "./contract";

export const TEAM = "https://reasonstream-test.cloudflareaccess.com";
export const AUD = "0123456789abcdef-test-audience";
const jwksBase = inject("jwksBaseUrl");

export interface TestKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

/** A new RS256 key pair, as Access uses. */
export async function newKey(kid: string): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
  return { kid, privateKey, jwk };
}

/** The certs URL of the key set `name`. */
export function certsUrl(name: string): string {
  return `${jwksBase}/jwks/${name}`;
}

/** Publishes exactly `keys` as the key set `name`. */
export async function publish(name: string, keys: TestKey[]): Promise<void> {
  const res = await fetch(certsUrl(name), { method: "PUT", body: JSON.stringify({ keys: keys.map((k) => k.jwk) }) });
  if (res.status !== 204) throw new Error(`publishing ${name}: ${res.status}`);
}

/** How many times the key set `name` has been fetched. */
export async function fetchCount(name: string): Promise<number> {
  const body: { count: number } = await (await fetch(`${jwksBase}/fetches/${name}`)).json();
  return body.count;
}

export interface TokenOptions {
  sub?: string;
  email?: string;
  aud?: string;
  iss?: string;
  /** Seconds from now. */
  expiresIn?: number;
  /** Seconds from now. */
  notBefore?: number;
  kid?: string;
}

/** A token as Access issues it, signed with `key`. */
export async function token(key: TestKey, o: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ email: o.email ?? "ada@example.com", type: "app", identity_nonce: "n" })
    .setProtectedHeader({ alg: "RS256", kid: o.kid ?? key.kid })
    .setSubject(o.sub ?? "7f1f5d2e-0000-4000-8000-00000000a0a0")
    .setAudience(o.aud ?? AUD)
    .setIssuer(o.iss ?? TEAM)
    .setIssuedAt(now - 10)
    .setExpirationTime(now + (o.expiresIn ?? 3600));
  if (o.notBefore !== undefined) jwt.setNotBefore(now + o.notBefore);
  return jwt.sign(key.privateKey);
}

/** The settings of a deployment behind Access whose keys are the key set `name`. */
export function accessEnv(name: string, extra: Partial<Env> = {}): Env {
  return { ...env, ACCESS_TEAM_DOMAIN: TEAM, ACCESS_AUD: AUD, ACCESS_CERTS_URL: certsUrl(name), ...extra };
}

/**
 * Calls the app as deployed with `settings`, with `assertion` in Cf-Access-Jwt-Assertion when
 * given. Every response is checked against the contract before it is returned.
 */
export async function call(
  settings: Env,
  path: string,
  init: { body?: unknown; method?: string; assertion?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.assertion !== undefined) headers["cf-access-jwt-assertion"] = init.assertion;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const request = new Request(`http://localhost${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const res = await app.fetch(request, settings, createExecutionContext());
  // A stream's body is left to the caller; only its status and content type are checked.
  const streaming = (res.headers.get("content-type") ?? "").startsWith("text/event-stream");
  await assertConforms(request.method, path, streaming ? res : res.clone());
  return res;
}

/** The status of a response whose body is not wanted (cancelled, so a stream is not left open). */
export async function statusOf(res: Promise<Response>): Promise<number> {
  const r = await res;
  await r.body?.cancel();
  return r.status;
}

/** Rows in the tables a request could write to. */
export async function rowCounts(): Promise<{ sets: number; jobs: number; shares: number }> {
  const row = await env.DB.prepare(
    "SELECT (SELECT count(*) FROM decision_sets) AS sets, (SELECT count(*) FROM jobs) AS jobs, (SELECT count(*) FROM decision_set_shares) AS shares",
  ).first<{ sets: number; jobs: number; shares: number }>();
  if (row === null) throw new Error("no counts");
  return row;
}

/** A chat body that starts a run. */
export const START = { messages: [{ role: "user", content: "image classification for invoices" }] };
