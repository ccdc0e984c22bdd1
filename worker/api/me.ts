/** `GET /api/me`: who the server takes the caller to be, for the app to say who is signed in. */
import { Hono } from "hono";
import { accessRequired } from "../auth/identity";
import type { Me } from "../contract/identity";
import type { AppEnv } from "./types";

export const me = new Hono<AppEnv>().get("/me", (c) => {
  const who = c.get("identity");
  const body: Me = {
    kind: who.kind,
    email: who.kind === "person" ? who.email : null,
    access: accessRequired(c.env),
  };
  return c.json(body);
});
