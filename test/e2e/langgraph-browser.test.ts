/**
 * `useStream` from `@langchain/langgraph-sdk/react`, unmodified, in a real Chromium against
 * the dev server: a small page (test/e2e/langgraph-page.ts, served by the dev server and
 * never bundled with the product) submits a brief, shows values arriving, answers the
 * interrupts, is reloaded mid-run and rejoins by itself, and a second tab sees the same run.
 */
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openPage, RUN_TIMEOUT_MS } from "./browser-helpers";

const baseUrl = inject("baseUrl");
const PAGE_PATH = "/__langgraph-test/";
const MODULE = `/@fs${path.resolve(import.meta.dirname, "langgraph-page.ts")}`;

// The React plugin's preamble, which the dev server writes into its own pages' HTML.
const HTML = `<!doctype html><html><head><meta charset="utf-8"><script type="module">
import RefreshRuntime from "/@react-refresh";
RefreshRuntime.injectIntoGlobalHook(window);
window.$RefreshReg$ = () => {};
window.$RefreshSig$ = () => (type) => type;
window.__vite_plugin_react_preamble_installed__ = true;
</script></head><body><div id="root"></div><script type="module" src="${MODULE}"></script></body></html>`;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

describe("useStream against /api/langgraph", () => {
  it("submits, answers both interrupts, rejoins after a reload mid-run, and a second tab sees the same run", async () => {
    const context = await browser.newContext({ baseURL: baseUrl });
    await context.route(
      (url) => url.pathname === PAGE_PATH,
      (route) => route.fulfill({ contentType: "text/html", body: HTML }),
    );
    const { page, problems } = await openPage(context, PAGE_PATH);
    const text = (id: string) => page.locator(`#${id}`);
    await page.locator("#start").click();
    await text("gate").filter({ hasText: "input" }).waitFor({ timeout: RUN_TIMEOUT_MS });
    await text("status").filter({ hasText: "paused" }).waitFor({ timeout: 10_000 });
    expect(Number(await text("steps").textContent())).toBeGreaterThan(0);
    const threadId = new URL(page.url()).searchParams.get("thread");
    expect(threadId).toMatch(/^[0-9a-f-]{36}$/);

    await page.locator("#answer").click();
    await text("status").filter({ hasText: "running" }).waitFor({ timeout: RUN_TIMEOUT_MS });
    await page.reload();
    await text("gate").filter({ hasText: "final" }).waitFor({ timeout: RUN_TIMEOUT_MS });
    await text("status").filter({ hasText: "paused" }).waitFor({ timeout: 10_000 });

    const second = await openPage(context, `${PAGE_PATH}?thread=${threadId}`);
    await second.page.locator("#gate").filter({ hasText: "final" }).waitFor({ timeout: RUN_TIMEOUT_MS });

    await page.locator("#answer").click();
    await text("report").filter({ hasText: "report" }).waitFor({ timeout: RUN_TIMEOUT_MS });
    await text("status").filter({ hasText: "completed" }).waitFor({ timeout: 10_000 });
    const seen: unknown = await page.evaluate(() => Reflect.get(window, "lgSeen"));
    expect(Array.isArray(seen) && seen.length > 1).toBe(true);

    await second.page.reload();
    await second.page.locator("#report").filter({ hasText: "report" }).waitFor({ timeout: RUN_TIMEOUT_MS });
    expect(await text("error").textContent()).toBe("");
    // The dev server's hot-reload socket is no part of the page under test; Chromium may refuse it.
    const hmr = /WebSocket|\[vite\]/;
    expect([...problems.errors, ...second.problems.errors].filter((e) => !hmr.test(e))).toEqual([]);
    await context.close();
  });
});
