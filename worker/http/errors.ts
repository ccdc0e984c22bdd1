/** The error envelope `{"error":{"code","message"}}` and the one place that writes it. */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { HTTPException } from "hono/http-exception";
import { logger } from "../log";

/** An error with an HTTP status and a stable code, thrown anywhere in a handler. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Writes the envelope. */
export function errorResponse(c: Context, status: ContentfulStatusCode, code: string, message: string): Response {
  return c.json({ error: { code, message } }, status);
}

/** Hono's onError: known errors keep their status; anything else is a 500 that says nothing internal. */
export function onError(err: Error, c: Context): Response {
  if (err instanceof ApiError) return errorResponse(c, err.status, err.code, err.message);
  if (err instanceof HTTPException) {
    const status = err.status;
    const code = status === 413 ? "payload_too_large" : status === 401 ? "unauthorized" : "bad_request";
    return errorResponse(c, status, code, err.message || "request refused");
  }
  logger({ path: c.req.path }).error("unhandled error", { error: err.message, stack: err.stack?.slice(0, 2000) });
  return errorResponse(c, 500, "internal", "internal error");
}

export const notFound = (what: string) => new ApiError(404, "not_found", `${what} not found`);
