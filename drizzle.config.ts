import { defineConfig } from "drizzle-kit";

/**
 * The D1 migrations are generated from the drizzle schema (`npx drizzle-kit generate
 * --name verb_noun`) into flat migrations/NNNN_verb_noun.sql files, which wrangler and the
 * tests apply; migrations/meta holds drizzle's snapshot of the schema they reach.
 * `.ci/schema.mjs` fails when the schema and the migrations disagree.
 */
export default defineConfig({
  dialect: "sqlite",
  schema: ["./worker/db/schema.ts", "./worker/langgraph/threads.ts", "./worker/auth/cookie-secret.ts"],
  out: "./migrations",
  migrations: { prefix: "index" },
  breakpoints: false,
});
