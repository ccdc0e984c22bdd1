import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { parseSigned, serializeSigned } from "hono/utils/cookie";
import { describe, expect, it, vi } from "vitest";
import { app } from "../../worker/api/app";
import { OWNER_COOKIE } from "../../worker/auth/browser";

/** `GET /api/me` over https, as a deployment behind its own domain receives it. */
async function me(settings: Env, cookie?: string): Promise<{ status: number; setCookie: string | null }> {
  const headers: Record<string, string> = cookie === undefined ? {} : { cookie };
  const res = await app.fetch(
    new Request("https://reasonstream.example/api/me", { headers }),
    settings,
    createExecutionContext(),
  );
  await res.body?.cancel();
  return { status: res.status, setCookie: res.headers.get("set-cookie") };
}

/** The owner id a Set-Cookie carries when `secret` signed it, or null. */
async function signedOwner(setCookie: string | null, secret: string): Promise<string | null> {
  const pair = (setCookie ?? "").split(";")[0] ?? "";
  const value = (await parseSigned(pair, secret, OWNER_COOKIE))[OWNER_COOKIE];
  return typeof value === "string" ? value : null;
}

async function storedKeys(): Promise<string[]> {
  const { results } = await env.DB.prepare("SELECT value FROM deployment_secrets").all<{ value: string }>();
  return results.map((r) => r.value);
}

describe("the key that signs owner cookies", () => {
  const unset: Env = { ...env, OWNER_COOKIE_SECRET: undefined, ACCESS_TEAM_DOMAIN: "", ACCESS_AUD: "" };

  it("on the first request of a deployment without OWNER_COOKIE_SECRET, is made at random and kept in D1", async () => {
    expect(await storedKeys()).toEqual([]);
    const warn = vi.spyOn(console, "warn");
    const first = await me(unset);
    // The log says once what the operator may set.
    expect(warn.mock.calls.filter(([line]) => String(line).includes("OWNER_COOKIE_SECRET is not set"))).toHaveLength(1);
    expect(first.status).toBe(200);
    expect(first.setCookie).toMatch(/HttpOnly/i);
    expect(first.setCookie).toMatch(/Secure/i);
    const keys = await storedKeys();
    expect(keys).toHaveLength(1);
    const [key = ""] = keys;
    // 32 random bytes, base64.
    expect(key).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const owner = await signedOwner(first.setCookie, key);
    expect(owner).toMatch(/^[0-9a-f-]{36}$/);

    // The same browser is the same owner on its next request, and the key is not made again.
    const pair = (first.setCookie ?? "").split(";")[0];
    const again = await me(unset, pair);
    expect(again.status).toBe(200);
    expect(again.setCookie).toBeNull();
    expect(await storedKeys()).toEqual([key]);
    expect(warn.mock.calls.filter(([line]) => String(line).includes("OWNER_COOKIE_SECRET"))).toHaveLength(1);
    warn.mockRestore();

    // A cookie signed with a value from the source (the old development default) is a stranger's.
    const forged = (await serializeSigned(OWNER_COOKIE, owner ?? "", "reasonstream-local-development-secret")).split(
      ";",
    )[0];
    const stranger = await me(unset, forged);
    expect(stranger.setCookie).not.toBeNull();
    expect(await signedOwner(stranger.setCookie, key)).not.toBe(owner);
  });

  it("with OWNER_COOKIE_SECRET set, is that secret, and the stored key signs nothing", async () => {
    const secret = "a-secret-set-with-wrangler-secret-put";
    const before = await storedKeys();
    const first = await me({ ...unset, OWNER_COOKIE_SECRET: secret });
    expect(first.status).toBe(200);
    expect(first.setCookie).toMatch(/Secure/i);
    const owner = await signedOwner(first.setCookie, secret);
    expect(owner).toMatch(/^[0-9a-f-]{36}$/);
    for (const key of before) expect(await signedOwner(first.setCookie, key)).toBeNull();

    const pair = (first.setCookie ?? "").split(";")[0];
    expect((await me({ ...unset, OWNER_COOKIE_SECRET: secret }, pair)).setCookie).toBeNull();
    // Signed with the secret, so a deployment that has not set it does not know this browser.
    expect((await me(unset, pair)).setCookie).not.toBeNull();
    expect(await storedKeys()).toEqual(before);
  });
});
