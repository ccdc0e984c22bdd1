import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { LIMITS } from "../../worker/contract/api";
// Every response these tests receive is checked against its route's declared schema for that status.
import { checkedApi as api } from "./contract";

async function counts(): Promise<{ sets: number; jobs: number }> {
  const sets = await env.DB.prepare("SELECT count(*) AS n FROM decision_sets").first<{ n: number }>();
  const jobs = await env.DB.prepare("SELECT count(*) AS n FROM jobs").first<{ n: number }>();
  return { sets: sets?.n ?? -1, jobs: jobs?.n ?? -1 };
}

const chat = (content: unknown) => ({ messages: [{ role: "user", content }] });

describe("POST /api/chat/async", () => {
  it("answers 202 at once with the ids and the stream url, and writes one decision set and one job", async () => {
    const before = await counts();
    const res = await api("/api/chat/async", { body: chat("A fraud model for card payments, PCI-DSS") });
    expect(res.status).toBe(202);
    const body = await res.json<Record<string, string>>();
    expect(body).toMatchObject({ status: "queued", stream_url: `/api/streams/${body.decision_set_id}` });
    expect(body.decision_set_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.job_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("set-cookie")).toMatch(/rs_owner=.*HttpOnly/i);
    const after = await counts();
    expect(after).toEqual({ sets: before.sets + 1, jobs: before.jobs + 1 });
    const status = await api(`/api/jobs/${body.job_id}/status`);
    expect(await status.json()).toMatchObject({ job_id: body.job_id, decision_set_id: body.decision_set_id });
  });

  const bad: [string, Parameters<typeof api>[1], number][] = [
    ["malformed JSON", { raw: "{not json" }, 400],
    ["no messages", { body: { messages: [] } }, 400],
    ["wrong types", { body: { messages: "hello" } }, 400],
    ["unknown field", { body: { ...chat("hi"), admin: true } }, 400],
    ["empty content", { body: chat("   ") }, 400],
    ["content too long", { body: chat("x".repeat(LIMITS.MAX_CHAT_MESSAGE_CHARS + 1)) }, 400],
    ["no user message", { body: { messages: [{ role: "system", content: "be nice" }] } }, 400],
    ["bad role", { body: { messages: [{ role: "root", content: "hi" }] } }, 400],
    ["thread id not a uuid", { body: { ...chat("hi"), thread_id: "../../etc" } }, 400],
    ["body too large", { raw: JSON.stringify(chat("y".repeat(LIMITS.MAX_BODY_BYTES))) }, 413],
    ["not JSON content type", { raw: "hello", headers: { "content-type": "text/plain" } }, 415],
  ];
  for (const [name, init, status] of bad) {
    it(`refuses ${name} with ${status} in the error envelope and writes nothing`, async () => {
      const before = await counts();
      const res = await api("/api/chat/async", { method: "POST", ...init });
      expect(res.status).toBe(status);
      const body = await res.json<{ error: { code: string; message: string } }>();
      expect(typeof body.error.code).toBe("string");
      expect(body.error.message.length).toBeGreaterThan(0);
      expect(await counts()).toEqual(before);
    });
  }
});

describe("unknown decision sets", () => {
  const id = "7f0c0d7e-8a1b-4c2d-9e3f-0a1b2c3d4e5f";
  const routes: [string, string, unknown?][] = [
    ["GET", `/api/decision-sets/${id}`],
    ["GET", `/api/decision-sets/${id}/events?after=0`],
    ["GET", `/api/decision-sets/${id}/stats`],
    ["GET", `/api/decision-sets/${id}/artifacts.zip`],
    ["GET", `/api/streams/${id}`],
    ["POST", `/api/decision-sets/${id}/responses`, { responses: { q: "a" } }],
    ["POST", `/api/decision-sets/${id}/approve`, { decision: "approved" }],
    ["POST", `/api/decision-sets/${id}/cancel`, {}],
    ["GET", `/api/jobs/${id}/status`],
  ];
  for (const [method, path, body] of routes) {
    it(`is 404 on ${method} ${path.replace(id, ":id")}`, async () => {
      const res = await api(path, { method, ...(body === undefined ? {} : { body }) });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
    });
  }

  it("refuses an id that is not a UUID with 400 before it reaches storage", async () => {
    for (const bad of ["..%2F..%2Fetc", "abc", "7F0C0D7E-8A1B-4C2D-9E3F-0A1B2C3D4E5F-1"]) {
      const res = await api(`/api/decision-sets/${bad}`);
      expect(res.status).toBe(400);
    }
  });
});

describe("the rest of the contract", () => {
  it("serves the plan and an OpenAPI document generated from the zod schemas", async () => {
    const plan = await (await api("/api/workflow/plan")).json<{ nodes: { id: string }[]; graph_type: string }>();
    expect(plan.nodes.length).toBeGreaterThan(0);
    const doc = await (await api("/api/openapi.json")).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/chat/async", "/api/streams/{id}", "/api/decision-sets/{id}/responses"]),
    );
    const schema = JSON.stringify(doc.paths["/api/chat/async"]);
    expect(schema).toContain(`"maxLength":${LIMITS.MAX_CHAT_MESSAGE_CHARS}`);
  });

  it("answers an unknown route with a 404 envelope", async () => {
    const res = await api("/api/nope");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it("lists only the caller's decision sets, newest first", async () => {
    const first = await api("/api/chat/async", { body: chat("first design") });
    const cookie = (first.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    await api("/api/chat/async", { body: chat("second design"), headers: { cookie } });
    await api("/api/chat/async", { body: chat("a stranger's design") });
    const list = await (
      await api("/api/decision-sets", { headers: { cookie } })
    ).json<{ decision_sets: { title: string }[] }>();
    expect(list.decision_sets.map((d) => d.title)).toEqual(["second design", "first design"]);
  });
});

/** Starts a workflow and returns its ids and the owner's cookie. */
async function started(): Promise<{ id: string; jobId: string; cookie: string }> {
  const res = await api("/api/chat/async", { body: chat("A recommender for a news site") });
  const body = await res.json<{ decision_set_id: string; job_id: string }>();
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  return { id: body.decision_set_id, jobId: body.job_id, cookie };
}

describe("each route's declared responses", () => {
  it("answers health, the plan and the document with their schemas", async () => {
    expect((await api("/api/health")).status).toBe(200);
    expect((await api("/api/workflow/plan")).status).toBe(200);
    expect((await api("/api/openapi.json")).status).toBe(200);
  });

  it("reads a decision set, its events, its stats and its job with their schemas", async () => {
    const { id, jobId } = await started();
    expect((await api(`/api/decision-sets/${id}`)).status).toBe(200);
    const events = await api(`/api/decision-sets/${id}/events?after=0`);
    expect(events.status).toBe(200);
    const { last_seq } = await events.json<{ last_seq: number }>();
    // The workflow is still running, so a cursor just past last_seq may become valid before
    // the next request; one far beyond anything the run can produce is ahead for certain.
    expect((await api(`/api/decision-sets/${id}/events?after=${last_seq + 1_000_000}`)).status).toBe(400);
    expect((await api(`/api/decision-sets/${id}/stats`)).status).toBe(200);
    expect((await api(`/api/jobs/${jobId}/status`)).status).toBe(200);
    const stream = await api(`/api/streams/${id}`);
    expect(stream.status).toBe(200);
    await stream.body?.cancel();
  });

  it("refuses a stranger's answers with 403 and the owner's after a cancel with 409, and cancels once", async () => {
    const { id, cookie } = await started();
    const stranger = await api(`/api/decision-sets/${id}/approve`, { body: { decision: "approved" } });
    expect(stranger.status).toBe(403);
    const cancel = await api(`/api/decision-sets/${id}/cancel`, { body: {}, headers: { cookie } });
    expect(cancel.status).toBe(200);
    expect(await cancel.json()).toEqual({ decision_set_id: id, status: "cancelled" });
    expect((await api(`/api/decision-sets/${id}/cancel`, { body: {}, headers: { cookie } })).status).toBe(409);
    const answers = { body: { responses: { q: "a" } }, headers: { cookie } };
    expect((await api(`/api/decision-sets/${id}/responses`, answers)).status).toBe(409);
    const approve = { body: { decision: "approved" }, headers: { cookie } };
    expect((await api(`/api/decision-sets/${id}/approve`, approve)).status).toBe(409);
    expect((await api(`/api/decision-sets/${id}/artifacts.zip`)).status).toBe(409);
    const detail = await (await api(`/api/decision-sets/${id}`)).json<{ status: string; last_seq: number }>();
    expect(detail.status).toBe("cancelled");
    const ended = await api(`/api/streams/${id}?last_event_id=${detail.last_seq}`);
    expect(ended.status).toBe(204);
  });
});
