// Secrets and optional settings that `wrangler types` cannot see (they live in
// `.dev.vars` or `wrangler secret put`, never in wrangler.toml).
interface Env {
  OPENAI_API_KEY?: string;
  LANGCHAIN_TRACING_V2?: string;
  LANGCHAIN_API_KEY?: string;
  LANGCHAIN_PROJECT?: string;
  AUTH_TOKEN?: string;
  OWNER_COOKIE_SECRET?: string;
}
