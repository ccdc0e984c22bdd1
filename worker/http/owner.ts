/**
 * Who is asking: a person signed in with Cloudflare Access, a machine with AUTH_TOKEN, or an
 * anonymous browser with its signed cookie (worker/auth resolves which). The owner lists,
 * answers, approves and cancels its decision sets.
 */
import type { Context } from "hono";
import { identify } from "../auth/identity";
import type { AppEnv } from "./types";

/** Resolves the caller and puts its owner id on the context (a 401 when Access refuses it). */
export const ownerIdentity = identify;

/** The caller's owner id. */
export function ownerOf(c: Context<AppEnv>): string {
  return c.get("ownerId");
}
