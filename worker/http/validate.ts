/** The one validation hook: every invalid body, query or path parameter is a 400 in the envelope that names the field. */
import { OpenAPIHono, type Hook } from "@hono/zod-openapi";
import { errorResponse } from "./errors";
import type { AppEnv } from "./types";

/** Answers a failed validation with the envelope instead of the library's own body; passes a success through. */
export const validationHook: Hook<unknown, AppEnv, string, Response | undefined> = (result, c) => {
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  const where =
    issue === undefined || issue.path.length === 0 ? result.target : `${result.target}.${issue.path.join(".")}`;
  return errorResponse(c, 400, "invalid_request", `${where}: ${issue?.message ?? "invalid"}`);
};

/** A sub-app whose routes are registered from their contract definitions and validated with the hook above. */
export function router(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}
