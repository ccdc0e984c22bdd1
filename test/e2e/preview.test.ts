/**
 * The production build served by `wrangler dev` (as `npm run preview` and a deploy serve
 * it): the app's security headers, the SPA fallback, and the API on the same origin.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshState, startPreviewServer, stopDevServer, type DevServer } from "./server";

let server: DevServer | undefined;
beforeAll(async () => {
  server = await startPreviewServer(freshState());
}, 180_000);
afterAll(async () => {
  if (server !== undefined) await stopDevServer(server);
});

describe("the built app", () => {
  it("serves pages with a CSP that allows no inline script, and the other security headers", async () => {
    for (const path of ["/", "/history", `/d/${crypto.randomUUID()}`]) {
      const res = await fetch(`${server?.baseUrl}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/html");
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      const html = await res.text();
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>[^<]+<\/script>/);
    }
  });

  it("answers the API on the same origin, JSON 404s included", async () => {
    const plan = await fetch(`${server?.baseUrl}/api/workflow/plan`);
    expect(plan.status).toBe(200);
    const missing = await fetch(`${server?.baseUrl}/api/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "not_found" } });
  });
});
