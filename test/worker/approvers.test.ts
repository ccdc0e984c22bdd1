/**
 * Approvers: the people a decision set's owner names to answer and approve as it does, by
 * the email Access vouches for. The first answer wins across the owner and every approver,
 * and the answer records who gave it; watchers still only watch and strangers see nothing.
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { personOwnerId } from "../../worker/auth/identity";
import type { NewEvent } from "../../worker/contract/events";
import { decisionSetStub } from "../../worker/stream/stub";
import { inputGateOpening } from "../support/gates";
import { accessEnv, call, newKey, publish, rowCounts, statusOf, token } from "./access-helpers";
import { seedJob } from "./helpers";

/**
 * Four people behind Access (keys under `keySet`) and a decision set of the owner's shared
 * with ada to approve and carol to watch, link access off, its workflow waiting at `gate`.
 */
async function sharedAtGate(keySet: string, gate: NewEvent[]) {
  const key = await newKey(`k-${keySet}`);
  await publish(keySet, [key]);
  const settings = accessEnv(keySet);
  const [owner, ada, carol, mallory] = await Promise.all([
    token(key, { sub: "sub-owner", email: "owner@example.com" }),
    token(key, { sub: "sub-ada", email: "ada@example.com" }),
    token(key, { sub: "sub-carol", email: "carol@example.com" }),
    token(key, { sub: "sub-mallory", email: "mallory@example.com" }),
  ]);
  const { decisionSetId: id, jobId } = await seedJob({ ownerId: personOwnerId("sub-owner") });
  await env.DB.prepare("UPDATE jobs SET status = 'paused' WHERE id = ?").bind(jobId).run();
  await decisionSetStub(env, id).append(gate);
  const shared = await call(settings, `/api/decision-sets/${id}/sharing`, {
    // Named in both lists, ada is an approver: the stronger role wins, once.
    body: { link: "none", people: ["carol@example.com", "ada@example.com"], approvers: ["Ada@Example.com"] },
    assertion: owner,
  });
  expect(await shared.json()).toEqual({
    decision_set_id: id,
    link: "none",
    people: ["carol@example.com"],
    approvers: ["ada@example.com"],
  });
  return { settings, owner, ada, carol, mallory, id };
}

const inFuture = () => new Date(Date.now() + 60_000).toISOString();

/** The events that open the final gate (the plan's approval), approved by default. */
function approvalOpening(deadline: string): NewEvent[] {
  return [
    {
      type: "workflow-paused",
      data: { reason: "approval", gate: "final", deadline, defaults: { decision: "approved", comment: "" } },
    },
  ];
}

async function collected(id: string) {
  const events = (await decisionSetStub(env, id).eventsAfter(0))?.events ?? [];
  return events.filter((e) => e.type === "responses-collected").map((e) => e.data);
}

describe("approvers besides the owner", () => {
  it("lets a named approver answer the questions; the event and the owner's view say who answered", async () => {
    const { settings, owner, ada, id } = await sharedAtGate("approvers-answer", inputGateOpening(inFuture(), 4000));
    const detail = await call(settings, `/api/decision-sets/${id}`, { assertion: ada });
    expect(await detail.json()).toMatchObject({ role: "approver" });
    const shared = await call(settings, "/api/shared-with-me", { assertion: ada });
    expect((await shared.json<{ decision_sets: { decision_set_id: string }[] }>()).decision_sets).toEqual([
      expect.objectContaining({ decision_set_id: id }),
    ]);

    const res = await call(settings, `/api/decision-sets/${id}/responses`, {
      body: { responses: { budget: 7000 } },
      assertion: ada,
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ decision_set_id: id, status: "accepted" });

    const by = { kind: "approver", email: "ada@example.com" };
    expect(await collected(id)).toEqual([{ responses: { budget: 7000 }, source: "user", gate: "input", by }]);
    // The owner reads the same through the API: the event log and the page's snapshot.
    const page = await call(settings, `/api/decision-sets/${id}/events?types=responses-collected`, {
      assertion: owner,
    });
    const { events } = await page.json<{ events: { data: unknown }[] }>();
    expect(events.map((e) => e.data)).toEqual([expect.objectContaining({ by })]);
    const view = await call(settings, `/api/decision-sets/${id}`, { assertion: owner });
    expect(await view.json()).toMatchObject({
      role: "owner",
      snapshot: { questions: { answered: { responses: { budget: 7000 }, source: "user", by } } },
    });
  });

  it("refuses a watcher's answer with a 403 and a stranger's with a 404, and changes nothing", async () => {
    const { settings, owner, carol, mallory, id } = await sharedAtGate(
      "approvers-refused",
      approvalOpening(inFuture()),
    );
    const before = await rowCounts();
    const stored = (await decisionSetStub(env, id).stats())?.stored;
    for (const path of [`/api/decision-sets/${id}/approve`, `/api/decision-sets/${id}/responses`]) {
      const body = path.endsWith("approve") ? { decision: "approved" } : { responses: { budget: 1 } };
      const watcher = await call(settings, path, { body, assertion: carol });
      expect(watcher.status, path).toBe(403);
      const refusal = await watcher.json<{ error: { code: string; message: string } }>();
      expect(refusal.error.code).toBe("forbidden");
      expect(refusal.error.message).toContain("only its owner and the approvers it names");
      const stranger = await call(settings, path, { body, assertion: mallory });
      expect(stranger.status, path).toBe(404);
      expect(await stranger.json()).toMatchObject({ error: { code: "not_found" } });
    }
    expect(await rowCounts()).toEqual(before);
    expect((await decisionSetStub(env, id).stats())?.stored).toBe(stored);
    expect(await decisionSetStub(env, id).openGate()).toMatchObject({ kind: "final" });
    // The stranger sees nothing else either; the watcher still watches.
    expect(await statusOf(call(settings, `/api/decision-sets/${id}`, { assertion: mallory }))).toBe(404);
    expect(await statusOf(call(settings, `/api/decision-sets/${id}`, { assertion: carol }))).toBe(200);
    // The owner's answer is still the one to give.
    const approve = call(settings, `/api/decision-sets/${id}/approve`, {
      body: { decision: "rejected" },
      assertion: owner,
    });
    expect(await statusOf(approve)).toBe(202);
    expect(await collected(id)).toEqual([
      expect.objectContaining({ by: { kind: "owner", email: "owner@example.com" } }),
    ]);
  });

  it("lets the first of the owner and an approver win the approval; the second gets 409", async () => {
    const { settings, owner, ada, id } = await sharedAtGate("approvers-race", approvalOpening(inFuture()));
    const [fromOwner, fromAda] = await Promise.all([
      call(settings, `/api/decision-sets/${id}/approve`, { body: { decision: "approved" }, assertion: owner }),
      call(settings, `/api/decision-sets/${id}/approve`, { body: { decision: "rejected" }, assertion: ada }),
    ]);
    expect([fromOwner.status, fromAda.status].toSorted((x, y) => x - y)).toEqual([202, 409]);
    const loser = fromOwner.status === 409 ? fromOwner : fromAda;
    expect(await loser.json()).toMatchObject({ error: { code: "conflict" } });
    const [answer, ...more] = await collected(id);
    expect(more).toEqual([]);
    // The one answer taken is the winner's, and it says so; an approver is named in the report.
    expect(answer).toEqual(
      fromOwner.status === 202
        ? {
            responses: { decision: "approved", comment: "", approved_by: "owner" },
            source: "user",
            gate: "final",
            by: { kind: "owner", email: "owner@example.com" },
          }
        : {
            responses: { decision: "rejected", comment: "", approved_by: "ada@example.com" },
            source: "user",
            gate: "final",
            by: { kind: "approver", email: "ada@example.com" },
          },
    );
    // Whoever comes after finds the gate closed.
    const late = call(settings, `/api/decision-sets/${id}/approve`, { body: { decision: "approved" }, assertion: ada });
    expect(await statusOf(late)).toBe(409);
  });

  it("documents the three roles in the OpenAPI document: the sharing body, the detail's role, who answered", async () => {
    const { settings, owner } = await sharedAtGate("approvers-openapi", inputGateOpening(inFuture(), 4000));
    const doc = JSON.stringify(await (await call(settings, "/api/openapi.json", { assertion: owner })).json());
    const text = (pattern: RegExp) => expect(doc).toMatch(pattern);
    text(/"approvers":\{"type":"array"/);
    text(/"enum":\["owner","approver","watcher"\]/);
    text(/the owner or a named approver; the first answer wins/);
    text(/The caller only watches the decision set/);
  });

  it("records the deadline as who answered when nobody did in time", async () => {
    const { id } = await sharedAtGate(
      "approvers-deadline",
      inputGateOpening(new Date(Date.now() - 1000).toISOString(), 4000),
    );
    const object = env.DECISION_SET.get(env.DECISION_SET.idFromName(id));
    expect(await runDurableObjectAlarm(object)).toBe(true);
    expect(await collected(id)).toEqual([
      { responses: { budget: 4000 }, source: "auto", gate: "input", by: { kind: "deadline" } },
    ]);
  });
});
