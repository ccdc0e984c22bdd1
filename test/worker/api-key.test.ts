/**
 * X-API-Key as the LangGraph SDK sends it: one key is one owner on every request, with no
 * cookie; two keys are two owners; a malformed key is refused before anything is written;
 * with AUTH_TOKEN (or Access) configured, only that key is accepted.
 */
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app, openApiDocument } from "../../worker/api/app";
import { MACHINE_OWNER } from "../../worker/auth/identity";
import { accessEnv, rowCounts, START } from "./access-helpers";
import { checkedApi as api } from "./contract";

const LG = "/api/langgraph";

/** A key no other test uses: long enough to be its own owner. */
function newKey(): string {
  return `rs-test-${crypto.randomUUID()}`;
}

async function json(res: Response): Promise<Record<string, unknown>> {
  const body: unknown = await res.json();
  return typeof body === "object" && body !== null ? Object.fromEntries(Object.entries(body)) : {};
}

async function errorCode(res: Response): Promise<unknown> {
  const error = (await json(res)).error;
  return typeof error === "object" && error !== null ? Object.fromEntries(Object.entries(error)).code : undefined;
}

async function threadOwner(threadId: string): Promise<string | undefined> {
  const row = await env.DB.prepare("SELECT owner_id FROM langgraph_threads WHERE thread_id = ?")
    .bind(threadId)
    .first<{ owner_id: string }>();
  return row?.owner_id;
}

/** Creates a thread as `key`, with no cookie, and returns its id. */
async function createThread(key: string): Promise<string> {
  const res = await api(`${LG}/threads`, { body: {}, headers: { "x-api-key": key } });
  expect(res.status).toBe(200);
  // A key is the whole identity: no anonymous owner is issued beside it.
  expect(res.headers.get("set-cookie")).toBeNull();
  return String((await json(res)).thread_id);
}

/** Calls the app as deployed with `overrides`. */
function withEnv(settings: Env, path: string, init: RequestInit = {}): Promise<Response> {
  return Promise.resolve(app.fetch(new Request(`http://localhost${path}`, init), settings, createExecutionContext()));
}

describe("X-API-Key without AUTH_TOKEN or Access", () => {
  it("names the same owner on every request, stored only as a keyed hash", async () => {
    const key = newKey();
    const threadId = await createThread(key);
    const again = await api(`${LG}/threads/${threadId}`, { headers: { "x-api-key": key } });
    expect(again.status).toBe(200);
    expect((await json(again)).thread_id).toBe(threadId);
    const state = await api(`${LG}/threads/${threadId}/state`, { headers: { "x-api-key": key } });
    expect(state.status).toBe(200);
    await state.body?.cancel();

    const owner = (await threadOwner(threadId)) ?? "";
    expect(owner).toMatch(/^key:[0-9a-f]{64}$/);
    expect(owner).not.toContain(key);
    const search = await api(`${LG}/threads/search`, { body: { limit: 50 }, headers: { "x-api-key": key } });
    const listed: unknown = await search.json();
    expect(
      Array.isArray(listed) ? listed.map((t) => Object.fromEntries(Object.entries(t ?? {})).thread_id) : [],
    ).toEqual([threadId]);
  });

  it("keeps two keys apart: a stranger's key, or a cookie, gets 404 on the other's thread", async () => {
    const mine = newKey();
    const threadId = await createThread(mine);
    const stranger = newKey();
    const theirs = await api(`${LG}/threads/${threadId}`, { headers: { "x-api-key": stranger } });
    expect(theirs.status).toBe(404);
    expect(await errorCode(theirs)).toBe("not_found");
    const cancel = await api(`${LG}/threads/${threadId}/runs/00000000-0000-4000-8000-000000000000/cancel`, {
      method: "POST",
      headers: { "x-api-key": stranger },
    });
    expect(cancel.status).toBe(404);
    await cancel.body?.cancel();
    const browser = await api(`${LG}/threads/${threadId}`);
    expect(browser.status).toBe(404);
    await browser.body?.cancel();
    // Keys differing in one character are different owners.
    const near = await api(`${LG}/threads/${threadId}`, { headers: { "x-api-key": `${mine.slice(0, -1)}x` } });
    expect(near.status).toBe(404);
    await near.body?.cancel();
  });

  it("is an owner in the REST API too: a run started with a key is listed with it", async () => {
    const key = newKey();
    const started = await api("/api/chat/async", { body: START, headers: { "x-api-key": key } });
    expect(started.status).toBe(202);
    const id = String((await json(started)).decision_set_id);
    const listed = await json(await api("/api/decision-sets", { headers: { "x-api-key": key } }));
    const sets = Array.isArray(listed.decision_sets) ? listed.decision_sets : [];
    expect(sets.map((s: unknown) => Object.fromEntries(Object.entries(s ?? {})).decision_set_id)).toEqual([id]);
    const me = await api("/api/me", { headers: { "x-api-key": key } });
    expect(await me.json()).toEqual({ kind: "machine", email: null, access: false });
  });

  it("refuses an empty, short, oversized or malformed key with the envelope and writes nothing", async () => {
    const before = await rowCounts();
    const threads = await env.DB.prepare("SELECT count(*) AS n FROM langgraph_threads").first<{ n: number }>();
    for (const key of ["", "short-key", "k".repeat(257), "has a space in it, sixteen+", "tab\there-and-long-enough"]) {
      for (const [path, body] of [
        [`${LG}/threads`, {}],
        ["/api/chat/async", START],
      ] as const) {
        const res = await api(path, { body, headers: { "x-api-key": key } });
        expect(res.status, JSON.stringify(key)).toBe(401);
        expect(await errorCode(res)).toBe("invalid_api_key");
        expect(res.headers.get("set-cookie")).toBeNull();
      }
    }
    expect(await rowCounts()).toEqual(before);
    const after = await env.DB.prepare("SELECT count(*) AS n FROM langgraph_threads").first<{ n: number }>();
    expect(after?.n).toBe(threads?.n);
  });

  it("lets an allowed origin send the key, and documents it as a security scheme", async () => {
    const preflight = await withEnv({ ...env, ALLOWED_ORIGINS: "https://app.example" }, `${LG}/threads`, {
      method: "OPTIONS",
      headers: {
        origin: "https://app.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,x-api-key",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("x-api-key");
    const document = openApiDocument();
    expect(document.components?.securitySchemes?.apiKey).toMatchObject({
      type: "apiKey",
      in: "header",
      name: "x-api-key",
    });
    expect(document.security).toContainEqual({ apiKey: [] });
  });
});

describe("X-API-Key with AUTH_TOKEN or Access configured", () => {
  const token = "configured-machine-token";

  it("accepts only the configured key, and names the machine client with it", async () => {
    const settings = { ...env, AUTH_TOKEN: token };
    const post = (key: string) =>
      withEnv(settings, `${LG}/threads`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": key },
        body: "{}",
      });
    const wrong = await post(newKey());
    expect(wrong.status).toBe(401);
    expect(await errorCode(wrong)).toBe("unauthorized");
    const malformed = await post("");
    expect(malformed.status).toBe(401);
    expect(await errorCode(malformed)).toBe("invalid_api_key");

    const created = await post(token);
    expect(created.status).toBe(200);
    const threadId = String((await json(created)).thread_id);
    expect(await threadOwner(threadId)).toBe(MACHINE_OWNER);
    const read = await withEnv(settings, `${LG}/threads/${threadId}`, { headers: { "x-api-key": token } });
    expect(read.status).toBe(200);
    await read.body?.cancel();
    // Without the key (or the bearer), the API is closed as before.
    const bare = await withEnv(settings, `${LG}/threads/${threadId}`);
    expect(bare.status).toBe(401);
    await bare.body?.cancel();
  });

  it("behind Access, takes AUTH_TOKEN as a key for the same machine owner as the bearer", async () => {
    const settings = accessEnv("api-key", { AUTH_TOKEN: token });
    const start = (headers: Record<string, string>) =>
      withEnv(settings, "/api/chat/async", {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(START),
      });
    const wrong = await start({ "x-api-key": newKey() });
    expect(wrong.status).toBe(401);
    await wrong.body?.cancel();
    const keyed = await start({ "x-api-key": token });
    expect(keyed.status).toBe(202);
    const id = String((await json(keyed)).decision_set_id);
    const list = await json(
      await withEnv(settings, "/api/decision-sets", { headers: { authorization: `Bearer ${token}` } }),
    );
    const sets = Array.isArray(list.decision_sets) ? list.decision_sets : [];
    expect(sets.map((s: unknown) => Object.fromEntries(Object.entries(s ?? {})).decision_set_id)).toContain(id);
  });
});
