import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { accessEnv, call, newKey, publish, rowCounts, START, statusOf, token } from "./access-helpers";

/** Three people behind Access (keys of their own, under `keySet`): the owner, a colleague it names, and someone else. */
async function people(keySet: string) {
  const key = await newKey(`k-${keySet}`);
  await publish(keySet, [key]);
  const settings = accessEnv(keySet);
  const [owner, carol, mallory] = await Promise.all([
    token(key, { sub: "sub-owner", email: "owner@example.com" }),
    token(key, { sub: "sub-carol", email: "carol@example.com" }),
    token(key, { sub: "sub-mallory", email: "mallory@example.com" }),
  ]);
  const res = await call(settings, "/api/chat/async", { body: START, assertion: owner });
  const { decision_set_id: id } = await res.json<{ decision_set_id: string }>();
  return { settings, owner, carol, mallory, id };
}

async function roleOf(res: Promise<Response>): Promise<string> {
  const body = await (await res).json<{ role: string }>();
  return body.role;
}

describe("sharing a decision set", () => {
  it("is watchable by anyone with the link until the owner names who may watch", async () => {
    const { settings, owner, carol, mallory, id } = await people("shares-link");
    expect(await statusOf(call(settings, `/api/decision-sets/${id}`, { assertion: mallory }))).toBe(200);
    // The detail says who acts: the owner, on any device; anyone else only watches.
    expect(await roleOf(call(settings, `/api/decision-sets/${id}`, { assertion: owner }))).toBe("owner");
    expect(await roleOf(call(settings, `/api/decision-sets/${id}`, { assertion: mallory }))).toBe("watcher");
    expect(await (await call(settings, `/api/decision-sets/${id}/sharing`, { assertion: owner })).json()).toEqual({
      decision_set_id: id,
      link: "watch",
      people: [],
      approvers: [],
    });

    const shared = await call(settings, `/api/decision-sets/${id}/sharing`, {
      body: { link: "none", people: ["Carol@Example.com", "carol@example.com"] },
      assertion: owner,
    });
    expect(shared.status).toBe(200);
    expect(await shared.json()).toEqual({
      decision_set_id: id,
      link: "none",
      people: ["carol@example.com"],
      approvers: [],
    });

    // Someone not named gets what a missing decision set gets, on every read.
    for (const path of [`/api/decision-sets/${id}`, `/api/decision-sets/${id}/events`, `/api/streams/${id}`]) {
      const res = await call(settings, path, { assertion: mallory });
      expect(res.status, path).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
      expect(await statusOf(call(settings, path, { assertion: carol })), path).toBe(200);
      expect(await statusOf(call(settings, path, { assertion: owner })), path).toBe(200);
    }
    const list = await (
      await call(settings, "/api/shared-with-me", { assertion: carol })
    ).json<{ decision_sets: { decision_set_id: string }[] }>();
    expect(list.decision_sets.map((d) => d.decision_set_id)).toEqual([id]);
    expect(await roleOf(call(settings, `/api/decision-sets/${id}`, { assertion: carol }))).toBe("watcher");
    const none = await (
      await call(settings, "/api/shared-with-me", { assertion: mallory })
    ).json<{ decision_sets: unknown[] }>();
    expect(none.decision_sets).toEqual([]);

    // Watching is all a named person may do: acting, and sharing, stay with the owner.
    const before = await rowCounts();
    expect(await statusOf(call(settings, `/api/decision-sets/${id}/cancel`, { body: {}, assertion: carol }))).toBe(403);
    expect(await statusOf(call(settings, `/api/decision-sets/${id}/sharing`, { assertion: carol }))).toBe(403);
    const grab = await call(settings, `/api/decision-sets/${id}/sharing`, {
      body: { link: "watch", people: ["mallory@example.com"] },
      assertion: mallory,
    });
    expect(grab.status).toBe(403);
    expect(await rowCounts()).toEqual(before);
    expect(await statusOf(call(settings, `/api/decision-sets/${id}`, { assertion: mallory }))).toBe(404);
  });

  it("refuses a bad sharing request with a 400 that changes nothing", async () => {
    const { settings, owner, id } = await people("shares-bad");
    await call(settings, `/api/decision-sets/${id}/sharing`, {
      body: { link: "none", people: ["carol@example.com"] },
      assertion: owner,
    });
    const before = await rowCounts();
    const tooMany = Array.from({ length: 51 }, (_, i) => `p${i}@example.com`);
    for (const body of [
      { link: "public", people: [] },
      { link: "none", people: ["not an email"] },
      { link: "none", people: tooMany },
      { link: "none" },
      { link: "none", people: [], extra: true },
    ]) {
      const res = await call(settings, `/api/decision-sets/${id}/sharing`, { body, assertion: owner });
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: "invalid_request" } });
    }
    expect(await rowCounts()).toEqual(before);
    expect(await (await call(settings, `/api/decision-sets/${id}/sharing`, { assertion: owner })).json()).toMatchObject(
      { link: "none", people: ["carol@example.com"] },
    );
  });

  it("without Access, turning the link off leaves the set to the browser that owns it", async () => {
    const settings = { ...env, ACCESS_TEAM_DOMAIN: "", ACCESS_AUD: "" };
    const res = await call(settings, "/api/chat/async", { body: START });
    const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const { decision_set_id: id } = await res.json<{ decision_set_id: string }>();
    const other = ((await call(settings, "/api/me")).headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    expect(await statusOf(call(settings, `/api/decision-sets/${id}`, { headers: { cookie: other } }))).toBe(200);
    expect(await roleOf(call(settings, `/api/decision-sets/${id}`, { headers: { cookie: other } }))).toBe("watcher");
    expect(await roleOf(call(settings, `/api/decision-sets/${id}`, { headers: { cookie } }))).toBe("owner");
    const off = await call(settings, `/api/decision-sets/${id}/sharing`, {
      body: { link: "none", people: [] },
      headers: { cookie },
    });
    expect(off.status).toBe(200);
    expect(await statusOf(call(settings, `/api/decision-sets/${id}`, { headers: { cookie: other } }))).toBe(404);
    expect(await statusOf(call(settings, `/api/decision-sets/${id}`, { headers: { cookie } }))).toBe(200);
  });
});
