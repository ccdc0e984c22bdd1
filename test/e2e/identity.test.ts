/**
 * A person, not a browser: the product behind Cloudflare Access (its settings pointing at
 * a JWKS on loopback, keys generated here), each browser context carrying its own
 * Cf-Access-Jwt-Assertion as Access would add it. The same person on two devices sees and
 * answers the same run; a second person may watch it, is shown no forms, and is refused when acting on it.
 */
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  acceptDefaults,
  driveToEnd,
  launchBrowser,
  nextGate,
  openPage,
  RUN_TIMEOUT_MS,
  screenshot,
  startRunFromChat,
  workflow,
} from "./browser-helpers";
import { startJwksServer, type JwksServer } from "./jwks-server";
import { freshState, startDevServer, stopDevServer, type DevServer } from "./server";

const TEAM = "https://reasonstream-e2e.cloudflareaccess.com";
const AUD = "e2e-application-audience-tag";
const VAGUE = "An image classification service for scanned invoices at a bank.";

let jwks: JwksServer;
let server: DevServer;
let browser: Browser;
let sign: (sub: string, email: string) => Promise<string>;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  jwks = await startJwksServer();
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "e2e-key", alg: "RS256", use: "sig" };
  const put = await fetch(`${jwks.baseUrl}/jwks/e2e`, { method: "PUT", body: JSON.stringify({ keys: [jwk] }) });
  expect(put.status).toBe(204);
  sign = (sub, email) =>
    new SignJWT({ email, type: "app" })
      .setProtectedHeader({ alg: "RS256", kid: "e2e-key" })
      .setSubject(sub)
      .setAudience(AUD)
      .setIssuer(TEAM)
      .setIssuedAt()
      .setExpirationTime("2h")
      .sign(privateKey);
  server = await startDevServer(freshState(), undefined, {
    RS_VARS: JSON.stringify({
      ACCESS_TEAM_DOMAIN: TEAM,
      ACCESS_AUD: AUD,
      ACCESS_CERTS_URL: `${jwks.baseUrl}/jwks/e2e`,
    }),
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  if (server !== undefined) await stopDevServer(server);
  await jwks?.close();
});

/** A browser profile (a device) that Access has signed in as `sub`. */
async function device(sub: string, email: string): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: server.baseUrl,
    viewport: { width: 1280, height: 900 },
    extraHTTPHeaders: { "cf-access-jwt-assertion": await sign(sub, email) },
  });
  contexts.push(context);
  return context;
}

describe("behind Cloudflare Access, in a real browser", () => {
  it(
    "the same person on two devices sees and answers the same run; a second person only watches",
    { timeout: RUN_TIMEOUT_MS * 2 },
    async () => {
      const laptop = await openPage(await device("sub-ada", "ada@example.com"), "/");
      await expect.poll(() => laptop.page.getByTestId("signed-in").textContent()).toContain("ada@example.com");
      const id = await startRunFromChat(laptop.page, VAGUE);
      expect(await nextGate(laptop.page, id)).toBe("questions");

      // The phone is another browser profile: no cookie, no storage, only the person's token.
      const phone = await openPage(await device("sub-ada", "ada@example.com"), "/history");
      await phone.page.locator(`a[href="/d/${id}"]`).click();
      expect(await nextGate(phone.page, id)).toBe("questions");
      await acceptDefaults(phone.page, id);
      await workflow(laptop.page, id).locator('.gate-questions[data-locked="true"]').waitFor();

      // Another person may watch the link, and is told so: the plan is shown without Approve or Reject.
      const other = await openPage(await device("sub-grace", "grace@example.com"), `/d/${id}`);
      await expect.poll(() => other.page.getByTestId("signed-in").textContent()).toContain("grace@example.com");
      await other.page.getByTestId("watch-only").waitFor();
      expect(await nextGate(other.page, id)).toBe("approval");
      expect(await nextGate(laptop.page, id)).toBe("approval");
      const watched = workflow(other.page, id).locator('.gate-approval[data-watch-only="true"]');
      await watched.getByTestId("gate-watch-only").waitFor();
      expect(await watched.getByRole("button", { name: "Approve", exact: true }).count()).toBe(0);
      expect(await workflow(other.page, id).getByRole("button", { name: "Cancel run" }).count()).toBe(0);
      await screenshot(other.page, "access-second-person-watches");
      // Asking the API directly is refused all the same.
      const refused = await other.page.request.post(`/api/decision-sets/${id}/approve`, {
        headers: { origin: server.baseUrl },
        data: { decision: "approved" },
      });
      expect(refused.status()).toBe(403);
      // A watcher may watch, not answer: only the owner and the approvers it names do.
      expect(await refused.text()).toContain("not answer it");
      // Nothing moved: the owner's gate is still open, and the owner's phone approves.
      expect(await nextGate(laptop.page, id)).toBe("approval");
      expect(await nextGate(phone.page, id)).toBe("approval");
      expect(await driveToEnd(phone.page, id)).toBe("completed");
      expect(await driveToEnd(laptop.page, id)).toBe("completed");

      // The owner narrows the sharing to named people: the other person loses the link.
      await laptop.page.goto(`/d/${id}`);
      const sharing = laptop.page.getByTestId("sharing");
      await sharing.locator("summary").click();
      await sharing.getByLabel("Only you and the people named below").check();
      await sharing.getByRole("button", { name: "Save sharing" }).click();
      await sharing.getByRole("status").filter({ hasText: "Saved." }).waitFor();
      expect((await other.page.request.get(`/api/decision-sets/${id}`)).status()).toBe(404);
      expect((await phone.page.request.get(`/api/decision-sets/${id}`)).status()).toBe(200);

      // And a browser without an Access token gets nothing at all.
      const anonymous = await browser.newContext({ baseURL: server.baseUrl });
      contexts.push(anonymous);
      expect((await anonymous.request.get("/api/decision-sets")).status()).toBe(401);
      expect([...laptop.problems.errors, ...phone.problems.errors]).toEqual([]);
    },
  );
});
