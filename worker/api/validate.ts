/** zValidator with the error envelope: every invalid body or query is a 400 that names the field. */
import { zValidator } from "@hono/zod-validator";
import type { ValidationTargets } from "hono";
import type { ZodType } from "zod";
import { errorResponse } from "./errors";

/** Validates `target` against `schema`; on failure answers 400 in the envelope. */
export function valid<T extends ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return zValidator(target, schema, (result, c) => {
    if (!result.success) {
      const issue = result.error.issues[0];
      const where = issue === undefined || issue.path.length === 0 ? target : `${target}.${issue.path.join(".")}`;
      return errorResponse(c, 400, "invalid_request", `${where}: ${issue?.message ?? "invalid"}`);
    }
    return undefined;
  });
}
