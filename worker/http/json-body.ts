/** The API's body rules, checked before a handler reads a byte: bodies are JSON, and small. */
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { LIMITS } from "../contract/api";
import { errorResponse } from "./errors";

const JSON_TYPE = /^application\/json(\s*;|$)/i;

/**
 * Refuses a POST whose body is not declared JSON with 415. With `bodylessPosts`, a POST that
 * sends no body and no content type passes (a client that posts a bare action, such as the
 * LangGraph SDK's cancel).
 */
export function jsonBodies(options: { bodylessPosts?: boolean } = {}): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === "POST") {
      const type = c.req.header("content-type") ?? "";
      const length = c.req.header("content-length");
      const hasBody = (length !== undefined && length !== "0") || c.req.header("transfer-encoding") !== undefined;
      const exempt = options.bodylessPosts === true && !hasBody && type === "";
      if (!exempt && !JSON_TYPE.test(type)) {
        return errorResponse(c, 415, "unsupported_media_type", "content-type must be application/json");
      }
    }
    await next();
  };
}

/** Refuses a body past LIMITS.MAX_BODY_BYTES with 413, unread. */
export function bodySizeLimit(): MiddlewareHandler {
  return bodyLimit({
    maxSize: LIMITS.MAX_BODY_BYTES,
    onError: (c) => errorResponse(c, 413, "payload_too_large", `body exceeds ${LIMITS.MAX_BODY_BYTES} bytes`),
  });
}
