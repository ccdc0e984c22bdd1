/**
 * The doors: an optional bearer token for the whole API, an origin allow-list (with CORS
 * preflight for the origins on it), and security headers on every API response.
 */
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";
import { API_KEY_HEADER, apiKeyOf } from "../auth/api-key";
import { accessRequired, bearerOf, isAuthToken } from "../auth/identity";
import { errorResponse } from "../http/errors";
import type { AppEnv } from "../http/types";

/** The origins allowed to call the API from another site (comma-separated in ALLOWED_ORIGINS). */
export function allowedOrigins(env: Env): string[] {
  return env.ALLOWED_ORIGINS.split(",")
    .map((o) => o.trim())
    .filter((o) => o !== "");
}

/**
 * Same-origin requests pass; a cross-origin request passes only from an allowed origin,
 * which also gets the CORS headers. A state-changing request from any other origin is
 * refused outright (403), so a cookie cannot be ridden from a foreign page.
 */
export function originPolicy(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = c.req.header("origin");
    const self = new URL(c.req.url).origin;
    if (origin === undefined || origin === self) return next();
    const allowed = allowedOrigins(c.env).includes(origin);
    if (!allowed && c.req.method !== "GET" && c.req.method !== "HEAD") {
      return errorResponse(c, 403, "forbidden_origin", `origin ${origin} is not allowed`);
    }
    if (!allowed) return next();
    return cors({
      origin,
      credentials: true,
      allowMethods: ["GET", "POST", "OPTIONS"],
      allowHeaders: ["content-type", "last-event-id", "authorization", "cf-access-jwt-assertion", API_KEY_HEADER],
      exposeHeaders: ["retry-after"],
      maxAge: 600,
    })(c, next);
  };
}

/**
 * With AUTH_TOKEN set, every API call needs it (`Authorization: Bearer`, `X-API-Key`, or
 * `?access_token=` for EventSource).
 * With Cloudflare Access configured, the token is a machine client's alternative to an Access
 * token instead, checked where the caller's identity is resolved.
 */
export function bearerToken(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = c.env.AUTH_TOKEN;
    if (
      token === undefined ||
      token === "" ||
      accessRequired(c.env) ||
      c.req.method === "OPTIONS" ||
      c.req.path === "/api/health"
    )
      return next();
    const key = apiKeyOf(c);
    if (key.kind === "invalid") return errorResponse(c, 401, "invalid_api_key", key.message);
    if (!(await isAuthToken(c.env, key.kind === "key" ? key.key : bearerOf(c)))) {
      return errorResponse(c, 401, "unauthorized", "a valid bearer token (or X-API-Key) is required");
    }
    return next();
  };
}

/** Security headers for API responses (the app's own are in web/public/_headers). */
export const apiSecureHeaders = () =>
  secureHeaders({
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    xFrameOptions: "DENY",
    referrerPolicy: "strict-origin-when-cross-origin",
    crossOriginResourcePolicy: "same-origin",
  });
