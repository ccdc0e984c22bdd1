/**
 * Cloudflare Access: the `Cf-Access-Jwt-Assertion` token that Access adds to every request
 * it lets through, verified here so that a request reaching the Worker another way (its
 * workers.dev address, say) is not taken on trust. Signatures are checked against the
 * team's JWKS, which is cached; a token signed with a key id the cache does not know makes
 * one refetch, at most once per cooldown, so rotated keys are picked up and a flood of
 * made-up key ids cannot turn into a flood of fetches.
 */
import { createRemoteJWKSet, jwtVerify } from "jose";
import { z } from "zod";

export const ACCESS_HEADER = "cf-access-jwt-assertion";

/** What a deployment with Access configures. */
export interface AccessSettings {
  /** `https://<team>.cloudflareaccess.com`, also the tokens' `iss`. */
  issuer: string;
  /** The Access application's audience tag (`aud`). */
  audience: string;
  certsUrl: string;
}

/** A person as Access vouches for them. */
export interface AccessPerson {
  subject: string;
  email: string | null;
}

export interface VerifierOptions {
  /** The least time between two refetches for unknown key ids. */
  cooldownMs?: number;
  /** How long a fetched key set is used before it is fetched again. */
  cacheMaxAgeMs?: number;
}

/** Verifies one token; null for any token that is not good, whatever the reason. */
export type AccessVerifier = (token: string) => Promise<AccessPerson | null>;

const COOLDOWN_MS = 30_000;
const CACHE_MAX_AGE_MS = 10 * 60_000;
const FETCH_TIMEOUT_MS = 5_000;
/** Clocks of Access and of the edge differ by a little; no more is forgiven. */
const CLOCK_TOLERANCE_S = 30;
/** Access signs with RS256; asymmetric algorithms only, so `none` and HMAC never verify. */
const ALGORITHMS = ["RS256", "ES256"];
/** One verifier per certs URL per isolate; a deployment has one, tests a few. */
const MAX_CACHED_VERIFIERS = 16;

const Claims = z.object({ sub: z.string().min(1).max(256), email: z.email().max(320).optional() });

/** The Access settings, or null when Access is not configured (both vars are needed). */
export function accessSettings(env: Env): AccessSettings | null {
  const issuer = env.ACCESS_TEAM_DOMAIN.trim().replace(/\/+$/, "");
  const audience = env.ACCESS_AUD.trim();
  if (issuer === "" || audience === "") return null;
  const override = env.ACCESS_CERTS_URL.trim();
  return { issuer, audience, certsUrl: override !== "" ? override : `${issuer}/cdn-cgi/access/certs` };
}

/** A verifier for `settings`, with its own key cache. */
export function accessVerifier(settings: AccessSettings, options: VerifierOptions = {}): AccessVerifier {
  const keys = createRemoteJWKSet(new URL(settings.certsUrl), {
    cooldownDuration: options.cooldownMs ?? COOLDOWN_MS,
    cacheMaxAge: options.cacheMaxAgeMs ?? CACHE_MAX_AGE_MS,
    timeoutDuration: FETCH_TIMEOUT_MS,
  });
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_S,
        requiredClaims: ["exp", "sub"],
      });
      const claims = Claims.safeParse(payload);
      if (!claims.success) return null;
      return { subject: claims.data.sub, email: claims.data.email?.toLowerCase() ?? null };
    } catch {
      // Every failure (signature, claims, an unreachable JWKS) refuses the request alike.
      return null;
    }
  };
}

const verifiers = new Map<string, AccessVerifier>();

/** The isolate's verifier for `settings`: its key cache outlives the request. */
export function cachedVerifier(settings: AccessSettings): AccessVerifier {
  const key = JSON.stringify([settings.issuer, settings.audience, settings.certsUrl]);
  const existing = verifiers.get(key);
  if (existing !== undefined) return existing;
  if (verifiers.size >= MAX_CACHED_VERIFIERS) {
    const oldest = verifiers.keys().next();
    if (oldest.done !== true) verifiers.delete(oldest.value);
  }
  const verifier = accessVerifier(settings);
  verifiers.set(key, verifier);
  return verifier;
}
