/**
 * The key that signs owner cookies. `OWNER_COOKIE_SECRET` when it is set; otherwise a
 * random key made by the first request of a deployment and kept in D1, so that no
 * deployment signs with a value anyone can read in the source, and local development
 * needs no set-up (`npm run dev` makes its own on the first request).
 */
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { logger } from "../log";

/** Keys a deployment made for itself, by name. Only the Worker reads them. */
export const deploymentSecrets = sqliteTable("deployment_secrets", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
  createdAt: integer("created_at").notNull(),
});

/** The row of the owner-cookie key. */
export const OWNER_COOKIE_KEY = "owner_cookie";
/** 256 bits: as strong as the HMAC-SHA256 that signs with it. */
const KEY_BYTES = 32;

/**
 * Each isolate reads the stored key once. Keyed by the binding: one deployment has one
 * database, and tests that give the app another binding get their own key.
 */
const stored = new WeakMap<D1Database, Promise<string>>();

/** The key that signs and verifies owner cookies in this deployment. */
export function ownerCookieSecret(env: Env): Promise<string> {
  const configured = env.OWNER_COOKIE_SECRET;
  if (configured !== undefined && configured !== "") return Promise.resolve(configured);
  let key = stored.get(env.DB);
  if (key === undefined) {
    key = storedKey(env.DB);
    stored.set(env.DB, key);
    // A failed read (D1 unavailable) is not remembered: the next request tries again.
    void key.catch(() => stored.delete(env.DB));
  }
  return key;
}

/** The stored key, made now when there is none yet. */
async function storedKey(d1: D1Database): Promise<string> {
  const d = drizzle(d1);
  const read = async () =>
    (await d.select().from(deploymentSecrets).where(eq(deploymentSecrets.name, OWNER_COOKIE_KEY)).get())?.value;
  const existing = await read();
  if (existing !== undefined) return existing;
  // Isolates that start together may each make one: the first insert wins, and all of
  // them then read that one back.
  const made = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(KEY_BYTES))));
  await d
    .insert(deploymentSecrets)
    .values({ name: OWNER_COOKIE_KEY, value: made, createdAt: Date.now() })
    .onConflictDoNothing();
  const kept = await read();
  if (kept === undefined) throw new Error("the owner-cookie key was written but cannot be read back");
  if (kept === made) {
    logger().warn(
      "OWNER_COOKIE_SECRET is not set: owner cookies are signed with a random key made now and kept in D1 (deployment_secrets); set the secret to choose the key",
    );
  }
  return kept;
}
