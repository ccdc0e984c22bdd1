/** The Hono environment every sub-app shares. */
export interface AppEnv {
  Bindings: Env;
  Variables: { ownerId: string };
}
