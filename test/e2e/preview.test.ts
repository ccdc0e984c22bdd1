/**
 * The production build served by `npm run preview` (the build under `wrangler dev`, as a
 * deploy serves it), started as a developer starts it, on a state directory of its own:
 * a chat runs to the end over SSE, the app's security headers, the SPA fallback, the API
 * on the same origin, and the hostile-input table over HTTP with no 5xx.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostileOverHttp } from "./hostile-http";
import { Client } from "./run-client";
import { emptyState, removeState, startPreviewServer, stopDevServer, type DevServer } from "./server";

let server: DevServer | undefined;
let stateDir = "";
beforeAll(async () => {
  // Empty on purpose: `npm run preview` must apply the migrations itself.
  stateDir = emptyState();
  server = await startPreviewServer(stateDir);
}, 300_000);
afterAll(async () => {
  if (server !== undefined) await stopDevServer(server);
  if (stateDir !== "") removeState(stateDir);
});

const baseUrl = () => server?.baseUrl ?? "";

describe("npm run preview", () => {
  it("runs a posted chat to workflow-complete, streamed with the eventsource client", async () => {
    const client = new Client(baseUrl());
    const id = await client.chat("Real-time fraud scoring for card payments, PCI-DSS, p99 under 50 ms");
    const received = await client.streamToEnd(id);
    expect(received.at(-1)?.type).toBe("workflow-complete");
    expect(received.map((r) => r.seq)).toEqual(received.map((_, i) => i + 1));
    expect(received.map((r) => Number(r.id))).toEqual(received.map((r) => r.seq));
    expect(received.some((r) => r.type === "questions-presented")).toBe(true);
  });

  it("serves pages with a CSP that allows no inline script, and the other security headers", async () => {
    for (const path of ["/", "/history", `/d/${crypto.randomUUID()}`]) {
      const res = await fetch(`${baseUrl()}${path}`);
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
    const plan = await fetch(`${baseUrl()}/api/workflow/plan`);
    expect(plan.status).toBe(200);
    const missing = await fetch(`${baseUrl()}/api/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "not_found" } });
  });
});

hostileOverHttp("npm run preview", baseUrl);
