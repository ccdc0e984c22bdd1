/**
 * Hostile requests over every endpoint: each gets a 4xx in the error envelope, never a
 * 5xx, and leaves D1 and the event logs exactly as they were.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { decisionSetStub } from "../../worker/stream/stub";
import { caseMethod, casePath, hostileCases as cases } from "../support/hostile-cases";
import { api } from "./helpers";

let id = "";
let cookie = "";

beforeAll(async () => {
  const res = await api("/api/chat/async", { body: { messages: [{ role: "user", content: "batch scoring" }] } });
  cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  id = (await res.json<{ decision_set_id: string }>()).decision_set_id;
  // Let the run settle so its log and rows are stable while hostile requests arrive: the
  // view reaches its gate first, the D1 rows follow, so wait for both and for a quiet read.
  let last = "";
  for (let i = 0; i < 100; i++) {
    const view = await decisionSetStub(env, id).view();
    const now = await state();
    const settled = view !== null && ["completed", "paused", "failed"].includes(view.status);
    if (settled && now === last && !/"status":"(?:queued|running)"/.test(now)) break;
    last = now;
    await new Promise((r) => setTimeout(r, 100));
  }
});

async function state(): Promise<string> {
  const sets = await env.DB.prepare("SELECT id, status, updated_at FROM decision_sets ORDER BY id").all();
  const jobs = await env.DB.prepare("SELECT id, status, attempts, updated_at FROM jobs ORDER BY id").all();
  const log = await decisionSetStub(env, id).stats();
  return JSON.stringify([sets.results, jobs.results, log?.stored]);
}

describe(`${cases.length} hostile requests`, () => {
  it("has at least 60 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });
  for (const c of cases) {
    it(`${c.name}: ${c.status ?? "4xx"} in the envelope, nothing changed`, async () => {
      const before = await state();
      const path = casePath(c, id);
      const headers = { cookie, ...c.headers };
      const method = caseMethod(c);
      const res = await api(path, {
        method,
        headers,
        ...(c.body === undefined ? {} : { body: c.body }),
        ...(c.raw === undefined ? {} : { raw: c.raw }),
      });
      if (c.status !== undefined) expect(res.status).toBe(c.status);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      const body = await res.json<{ error: { code: string; message: string } }>();
      expect(body.error.code).toMatch(/^[a-z_]+$/);
      expect(body.error.message.length).toBeGreaterThan(0);
      expect(await state()).toBe(before);
    });
  }
});
