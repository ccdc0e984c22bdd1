import type { Identity } from "../auth/identity";

/** The Hono environment every sub-app shares. */
export interface AppEnv {
  Bindings: Env;
  Variables: { ownerId: string; identity: Identity };
}
