import { env } from "cloudflare:workers";
import { UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { accessVerifier } from "../../worker/auth/access";
import {
  accessEnv,
  AUD,
  call,
  certsUrl,
  fetchCount,
  newKey,
  publish,
  rowCounts,
  START,
  TEAM,
  token,
} from "./access-helpers";

const ADA = "7f1f5d2e-0000-4000-8000-00000000a0a0";
const GRACE = "7f1f5d2e-0000-4000-8000-00000000b0b0";

/** Re-encodes a token's payload with `change` applied, keeping its header and signature. */
function tamper(jwt: string, change: (claims: Record<string, unknown>) => void): string {
  const [header, payload, signature] = jwt.split(".");
  const claims: Record<string, unknown> = JSON.parse(atob((payload ?? "").replace(/-/g, "+").replace(/_/g, "/")));
  change(claims);
  const encoded = btoa(JSON.stringify(claims)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  return [header, encoded, signature].join(".");
}

describe("Cloudflare Access in front", () => {
  it("accepts a valid token and makes its subject the owner, on every device", async () => {
    const key = await newKey("k-valid");
    await publish("valid", [key]);
    const settings = accessEnv("valid");
    const laptop = await token(key, { sub: ADA, email: "Ada@Example.com" });
    const res = await call(settings, "/api/chat/async", { body: START, assertion: laptop });
    expect(res.status).toBe(202);
    // A person needs no cookie: the token is who they are.
    expect(res.headers.get("set-cookie")).toBeNull();
    const { decision_set_id } = await res.json<{ decision_set_id: string }>();
    const row = await env.DB.prepare("SELECT owner_id FROM decision_sets WHERE id = ?")
      .bind(decision_set_id)
      .first<{ owner_id: string }>();
    expect(row?.owner_id).toBe(`access:${ADA}`);

    // Another device: another token for the same person, no cookie.
    const phone = await token(key, { sub: ADA, email: "ada@example.com", expiresIn: 600 });
    const me = await call(settings, "/api/me", { assertion: phone });
    expect(await me.json()).toEqual({ kind: "person", email: "ada@example.com", access: true });
    const list = await (
      await call(settings, "/api/decision-sets", { assertion: phone })
    ).json<{ decision_sets: { decision_set_id: string }[] }>();
    expect(list.decision_sets.map((d) => d.decision_set_id)).toEqual([decision_set_id]);

    // Another person neither lists nor cancels it; the owner, from the phone, does.
    const grace = await token(key, { sub: GRACE, email: "grace@example.com" });
    const theirs = await (
      await call(settings, "/api/decision-sets", { assertion: grace })
    ).json<{ decision_sets: unknown[] }>();
    expect(theirs.decision_sets).toEqual([]);
    const refused = await call(settings, `/api/decision-sets/${decision_set_id}/cancel`, {
      body: {},
      assertion: grace,
    });
    expect(refused.status).toBe(403);
    const cancelled = await call(settings, `/api/decision-sets/${decision_set_id}/cancel`, {
      body: {},
      assertion: phone,
    });
    expect(cancelled.status).toBe(200);
    // The key set was fetched once and then served from the cache.
    expect(await fetchCount("valid")).toBe(1);
  });

  it("refuses every bad token with a 401 in the envelope that writes nothing", async () => {
    const key = await newKey("k-good");
    const stranger = await newKey("k-unpublished");
    await publish("bad", [key]);
    const settings = accessEnv("bad");
    const good = await token(key);
    const now = Math.floor(Date.now() / 1000);
    const cases: Record<string, string | undefined> = {
      missing: undefined,
      garbage: "not-a-jwt",
      expired: await token(key, { expiresIn: -3600 }),
      "not yet valid": await token(key, { notBefore: 3600 }),
      "wrong audience": await token(key, { aud: "someone-elses-app" }),
      "wrong issuer": await token(key, { iss: "https://evil.cloudflareaccess.com" }),
      "unknown key id": await token(stranger),
      "known key id, other key": await token(stranger, { kid: key.kid }),
      "alg none": new UnsecuredJWT({ email: "ada@example.com" })
        .setSubject(ADA)
        .setAudience(AUD)
        .setIssuer(TEAM)
        .setIssuedAt(now)
        .setExpirationTime(now + 3600)
        .encode(),
      "tampered payload": tamper(good, (claims) => {
        claims["sub"] = GRACE;
      }),
    };
    const before = await rowCounts();
    for (const [name, assertion] of Object.entries(cases)) {
      for (const [path, body] of [
        ["/api/chat/async", START],
        ["/api/decision-sets", undefined],
      ] as const) {
        const res = await call(settings, path, { body, assertion });
        expect(res.status, `${name} on ${path}`).toBe(401);
        expect(await res.json(), name).toMatchObject({ error: { code: "unauthorized" } });
        expect(res.headers.get("set-cookie"), name).toBeNull();
      }
    }
    expect(await rowCounts()).toEqual(before);
    // The same request with the good token does write.
    expect((await call(settings, "/api/chat/async", { body: START, assertion: good })).status).toBe(202);
    expect((await rowCounts()).sets).toBe(before.sets + 1);
  });

  it("picks up a rotated key with one refetch, and refetches at most once per cooldown", async () => {
    const oldKey = await newKey("k-2026-a");
    const newer = await newKey("k-2026-b");
    await publish("rotation", [oldKey]);
    const verify = accessVerifier({ issuer: TEAM, audience: AUD, certsUrl: certsUrl("rotation") }, { cooldownMs: 500 });
    expect(await verify(await token(oldKey, { sub: ADA }))).toMatchObject({ subject: ADA });
    expect(await fetchCount("rotation")).toBe(1);

    // Access rotates: the new key replaces the old one.
    await publish("rotation", [newer]);
    await new Promise((r) => setTimeout(r, 600));
    expect(await verify(await token(newer, { sub: ADA }))).toMatchObject({ subject: ADA });
    expect(await fetchCount("rotation")).toBe(2);

    // Right after that refetch, unknown key ids are refused without fetching again.
    const forged = await newKey("k-made-up");
    for (let i = 0; i < 5; i++) expect(await verify(await token(forged))).toBeNull();
    expect(await verify(await token(oldKey))).toBeNull();
    expect(await fetchCount("rotation")).toBe(2);
    // The key in the cache keeps working meanwhile.
    expect(await verify(await token(newer))).not.toBeNull();
    expect(await fetchCount("rotation")).toBe(2);
  });

  it("lets a machine client in with AUTH_TOKEN instead of an Access token", async () => {
    const key = await newKey("k-machine");
    await publish("machine", [key]);
    const settings = accessEnv("machine", { AUTH_TOKEN: "machine-secret" });
    const res = await call(settings, "/api/chat/async", {
      body: START,
      headers: { authorization: "Bearer machine-secret" },
    });
    expect(res.status).toBe(202);
    const me = await call(settings, "/api/me", { headers: { authorization: "Bearer machine-secret" } });
    expect(await me.json()).toEqual({ kind: "machine", email: null, access: true });
    const before = await rowCounts();
    const wrong = await call(settings, "/api/chat/async", { body: START, headers: { authorization: "Bearer nope" } });
    expect(wrong.status).toBe(401);
    expect(await rowCounts()).toEqual(before);
    // A person behind Access does not need the machine's token.
    expect((await call(settings, "/api/me", { assertion: await token(key) })).status).toBe(200);
  });

  it("without Access, a browser is its cookie and is told its history lives there", async () => {
    const res = await call({ ...env, ACCESS_TEAM_DOMAIN: "", ACCESS_AUD: "" }, "/api/me");
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toContain("rs_owner=");
    expect(await res.json()).toEqual({ kind: "browser", email: null, access: false });
  });
});
