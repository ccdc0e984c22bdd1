import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../worker/api/app";
import { decisionSetStub } from "../../worker/stream/stub";
import { api } from "./helpers";

/** A client with its own owner cookie. */
async function owner(): Promise<{ cookie: string; decisionSetId: string }> {
  const res = await api("/api/chat/async", { body: { messages: [{ role: "user", content: "a design of my own" }] } });
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const { decision_set_id } = await res.json<{ decision_set_id: string }>();
  return { cookie, decisionSetId: decision_set_id };
}

/** Calls the app with settings changed for this request only. */
function withEnv(overrides: Partial<Env>, path: string, init: RequestInit = {}): Promise<Response> {
  return Promise.resolve(
    app.fetch(new Request(`http://localhost${path}`, init), { ...env, ...overrides }, createExecutionContext()),
  );
}

describe("who may do what", () => {
  it("lets another owner watch a link but not list, answer, approve or cancel it", async () => {
    const a = await owner();
    const b = await owner();
    const headers = { cookie: b.cookie };
    expect((await api(`/api/decision-sets/${a.decisionSetId}`, { headers })).status).toBe(200);
    const stream = await api(`/api/streams/${a.decisionSetId}`, { headers });
    expect(stream.status).toBe(200);
    await stream.body?.cancel();
    const list = await (
      await api("/api/decision-sets", { headers })
    ).json<{ decision_sets: { decision_set_id: string }[] }>();
    expect(list.decision_sets.map((d) => d.decision_set_id)).toEqual([b.decisionSetId]);
    // Let A's run settle at its first gate, so its log changes only if someone acts on it.
    for (let i = 0; i < 100; i++) {
      const view = await decisionSetStub(env, a.decisionSetId).view();
      if (view !== null && ["paused", "completed", "failed"].includes(view.status)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const before = await decisionSetStub(env, a.decisionSetId).stats();
    for (const [path, body] of [
      ["responses", { responses: { q: "x" } }],
      ["approve", { decision: "rejected" }],
      ["cancel", {}],
    ] as const) {
      const res = await api(`/api/decision-sets/${a.decisionSetId}/${path}`, { body, headers });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: "forbidden" } });
    }
    expect((await decisionSetStub(env, a.decisionSetId).stats())?.stored).toBe(before?.stored);
  });

  it("refuses a forged owner cookie and issues a fresh identity instead", async () => {
    const a = await owner();
    const forged = a.cookie.replace(/=([0-9a-f-]{36})\./, "=00000000-0000-4000-8000-000000000000.");
    const res = await api(`/api/decision-sets/${a.decisionSetId}/cancel`, { body: {}, headers: { cookie: forged } });
    expect(res.status).toBe(403);
  });

  it("rate-limits job creation per owner with 429 and Retry-After", async () => {
    const a = await owner();
    // One burst, sent together: the limiter counts in fixed 10 s windows, so the bound is
    // 10 per window the burst touched (one, unless the machine is very slow); 25 requests
    // leave some refused even when the burst straddles two windows.
    const WINDOW_MS = 10_000;
    const started = Date.now();
    const responses = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        api("/api/chat/async", {
          body: { messages: [{ role: "user", content: `design ${i}` }] },
          headers: { cookie: a.cookie },
        }),
      ),
    );
    const windows = Math.floor(Date.now() / WINDOW_MS) - Math.floor(started / WINDOW_MS) + 1;
    const statuses = responses.map((r) => r.status);
    let retryAfter: string | null = null;
    for (const res of responses) {
      if (res.status !== 429) continue;
      retryAfter = res.headers.get("retry-after");
      expect(await res.json()).toMatchObject({ error: { code: "rate_limited" } });
    }
    expect(statuses.filter((s) => s === 202).length).toBeLessThanOrEqual(10 * windows);
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // Another owner is not affected.
    expect((await api("/api/chat/async", { body: { messages: [{ role: "user", content: "mine" }] } })).status).toBe(
      202,
    );
  });
});

describe("the doors", () => {
  it("requires the bearer token when AUTH_TOKEN is set", async () => {
    const token = "s3cret-token";
    expect((await withEnv({ AUTH_TOKEN: token }, "/api/workflow/plan")).status).toBe(401);
    expect(
      (await withEnv({ AUTH_TOKEN: token }, "/api/workflow/plan", { headers: { authorization: "Bearer wrong" } }))
        .status,
    ).toBe(401);
    expect(
      (await withEnv({ AUTH_TOKEN: token }, "/api/workflow/plan", { headers: { authorization: `Bearer ${token}` } }))
        .status,
    ).toBe(200);
    expect((await withEnv({ AUTH_TOKEN: token }, `/api/workflow/plan?access_token=${token}`)).status).toBe(200);
    expect((await withEnv({ AUTH_TOKEN: token }, "/api/health")).status).toBe(200);
  });

  it("refuses a state change from a foreign origin and answers an allowed origin's preflight", async () => {
    const body = JSON.stringify({ messages: [{ role: "user", content: "x" }] });
    const foreign = await withEnv({ ALLOWED_ORIGINS: "https://app.example" }, "/api/chat/async", {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "application/json" },
      body,
    });
    expect(foreign.status).toBe(403);
    const preflight = await withEnv({ ALLOWED_ORIGINS: "https://app.example" }, "/api/chat/async", {
      method: "OPTIONS",
      headers: {
        origin: "https://app.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect(preflight.headers.get("access-control-allow-credentials")).toBe("true");
    const evilPreflight = await withEnv({ ALLOWED_ORIGINS: "https://app.example" }, "/api/chat/async", {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(evilPreflight.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("sends security headers on API responses", async () => {
    const res = await api("/api/workflow/plan");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  it("reports health of D1, the queue binding and the Durable Objects", async () => {
    const res = await api("/api/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: "ok",
      checks: { d1: { ok: true }, queue: { ok: true }, durable_objects: { ok: true } },
    });
  });
});
