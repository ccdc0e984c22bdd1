/** `GET /api/me`: who the server takes the caller to be, for the app to say who is signed in. */
import { accessRequired } from "../auth/identity";
import { routes } from "../contract/api";
import type { Me } from "../contract/identity";
import { router } from "../http/validate";

export const me = router().openapi(routes.me, (c) => {
  const who = c.get("identity");
  const body: Me = {
    kind: who.kind,
    email: who.kind === "person" ? who.email : null,
    access: accessRequired(c.env),
  };
  return c.json(body, 200);
});
