/**
 * What a person expects of the app around a run, in a real Chromium: a background tab is
 * told when a run waits for them and stops saying so once another tab answers; a screen
 * reader hears it through the polite live region; every screen passes axe-core's WCAG A/AA
 * rules in both colour schemes; code is copied, highlighted and downloaded file by file; a
 * revision shows each file's changes. Screenshots go to docs/screenshots/.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  acceptDefaults,
  apiGet,
  axeViolations,
  decidePlan,
  Detail,
  docsScreenshot,
  driveToEnd,
  hasGates,
  launchBrowser,
  nextGate,
  openPage,
  RUN_TIMEOUT_MS,
  setTabHidden,
  startRunFromChat,
  workflow,
} from "./browser-helpers";

const baseUrl = inject("baseUrl");
const MLOPS = await hasGates(baseUrl);
const VAGUE = "An image classification service for scanned invoices at a bank.";

let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl });
  // Records the notifications the page shows (headless Chromium draws none).
  await context.addInitScript(() => {
    const shown: { title: string; body: string; closed: boolean }[] = [];
    Reflect.set(window, "__notifications", shown);
    const Real = window.Notification;
    // Headless Chromium denies notifications outright: the stand-in starts undecided and
    // is granted by the person's click, as a browser with a prompt would be.
    let permission: NotificationPermission = "default";
    class Recorded extends Real {
      static override get permission(): NotificationPermission {
        return permission;
      }
      static override requestPermission(): Promise<NotificationPermission> {
        permission = "granted";
        return Promise.resolve(permission);
      }
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        const entry = { title, body: options?.body ?? "", closed: false };
        shown.push(entry);
        this.close = () => {
          entry.closed = true;
        };
      }
    }
    Reflect.set(window, "Notification", Recorded);
  });
});

afterAll(async () => {
  await context.close();
  await browser.close();
});

const announced = (page: Page) => page.getByTestId("announcer").textContent();
const notifications = (page: Page) => page.evaluate(() => JSON.stringify(Reflect.get(window, "__notifications") ?? []));

/** axe-core on the page as it is now, in light and then dark: no violation in either. */
async function expectAccessible(page: Page, screen: string): Promise<void> {
  for (const scheme of ["light", "dark"] as const) {
    await page.getByTestId("theme-choice").selectOption(scheme);
    expect({ screen, scheme, violations: await axeViolations(page) }).toEqual({ screen, scheme, violations: [] });
  }
  await page.getByTestId("theme-choice").selectOption("system");
}

let runId = "";

describe.skipIf(!MLOPS)("a person's experience around a run", () => {
  it(
    "a hidden tab's title, icon, notification and live region say when a run waits, and clear when another tab answers",
    { timeout: RUN_TIMEOUT_MS * 3 },
    async () => {
      const a = await openPage(context, "/");
      await expectAccessible(a.page, "chat");
      // The page asks nothing on load; the person's click asks.
      await a.page.getByTestId("notify-enable").click();
      await a.page.getByTestId("notify-state").waitFor();
      const base = await a.page.title();

      runId = await startRunFromChat(a.page, VAGUE);
      await setTabHidden(a.page, true);
      const b = await openPage(context, `/d/${runId}`);

      // The questions open: the hidden tab says so in its title and icon, aloud, and in a notification.
      expect(await nextGate(b.page, runId)).toBe("questions");
      await expect.poll(() => a.page.title()).toBe(`(1) Your answer is needed · ${base}`);
      expect(await a.page.locator('link[rel="icon"]').getAttribute("href")).toBe("/favicon-attention.svg");
      await expect.poll(() => announced(a.page)).toMatch(/has questions for you\. Without an answer by \d/);
      await expect.poll(() => notifications(a.page)).toContain("has questions for you");
      // The visible tab is told too, through its live region, but its title is left alone.
      await expect.poll(() => announced(b.page)).toMatch(/has questions for you/);
      expect(await b.page.title()).not.toMatch(/^\(1\)/);
      await expectAccessible(b.page, "open questions");
      await docsScreenshot(b.page, "questions-open");

      // Answered in the other tab: the hidden one clears everything.
      await acceptDefaults(b.page, runId);
      await expect.poll(() => a.page.title()).toBe(base);
      expect(await a.page.locator('link[rel="icon"]').getAttribute("href")).toBe("/favicon.svg");
      await expect.poll(() => announced(a.page)).toMatch(/^The answer to “.+” was received; the run goes on\.$/);
      await expect.poll(() => notifications(a.page)).toContain('"closed":true');

      // The plan's approval, the same way; then the run's end is said.
      for (;;) {
        const gate = await nextGate(b.page, runId);
        if (gate === "questions") await acceptDefaults(b.page, runId);
        else break;
      }
      await expect.poll(() => a.page.title()).toBe(`(1) Your answer is needed · ${base}`);
      await expect.poll(() => announced(a.page)).toMatch(/waits for your approval of the plan/);
      await expectAccessible(b.page, "approval");
      await decidePlan(b.page, runId, "Approve");
      await expect.poll(() => a.page.title()).toBe(base);
      expect(await driveToEnd(b.page, runId)).toBe("completed");
      await expect.poll(() => announced(a.page), { timeout: RUN_TIMEOUT_MS }).toMatch(/has ended: Completed\.$/);
      await setTabHidden(a.page, false);
      expect([...a.problems.errors, ...b.problems.errors]).toEqual([]);
    },
  );

  it("a finished run, its files, History and the replay pass axe-core; the diagram follows the scheme", async () => {
    const { page, problems } = await openPage(context, `/d/${runId}`);
    const wf = workflow(page, runId);
    await wf.getByTestId("report").waitFor();
    const diagram = wf.locator(".diagram").first();
    if ((await diagram.count()) > 0) {
      await page.getByTestId("theme-choice").selectOption("dark");
      await wf.locator('.diagram[data-state="drawn"][data-scheme="dark"] svg').first().waitFor({ timeout: 30_000 });
      await docsScreenshot(page, "finished-run-dark-choice");
      await page.getByTestId("theme-choice").selectOption("light");
      await wf.locator('.diagram[data-state="drawn"][data-scheme="light"] svg').first().waitFor({ timeout: 30_000 });
      // The choice outlives a reload.
      await page.getByTestId("theme-choice").selectOption("dark");
      await page.reload();
      expect(await page.evaluate(() => document.documentElement.dataset.scheme)).toBe("dark");
      await page.getByTestId("theme-choice").selectOption("system");
      await wf.getByTestId("report").waitFor();
    }
    await expectAccessible(page, "finished run");

    await wf.getByRole("tab", { name: /^Files/ }).click();
    await wf.getByTestId("file-path").waitFor();
    await expectAccessible(page, "files tab");

    await page.getByRole("link", { name: "History" }).click();
    await page.locator(`a.history-link[href="/d/${runId}"]`).waitFor();
    await expectAccessible(page, "history");

    await page.getByRole("link", { name: "Replay" }).click();
    await page.getByRole("heading", { name: "Replay a trace" }).waitFor();
    await expectAccessible(page, "replay");
    expect(problems.errors).toEqual([]);
  });

  it("copies a file's exact text, highlights it with line numbers, and downloads it alone", async () => {
    const { page, problems } = await openPage(context, `/d/${runId}`);
    const detail = await apiGet(page, `/api/decision-sets/${runId}`, Detail);
    const wf = workflow(page, runId);
    await wf.getByTestId("report").waitFor();
    await wf.getByRole("tab", { name: /^Files/ }).click();
    const paths = (detail.final_outputs?.artifacts ?? []).map((x) => x.path);
    const tf = paths.find((p) => p.endsWith(".tf")) ?? paths[0] ?? "";
    await wf.locator(`button.file-button[data-path="${tf}"]`).click();
    await expect.poll(() => wf.getByTestId("file-path").textContent()).toContain(tf);
    const view = wf.locator(".file-view");
    await view.locator('code[data-highlighted="true"]').waitFor();
    expect(await view.locator("code [class^='hljs-']").count()).toBeGreaterThan(0);
    expect(await view.locator(".line-numbers > span").count()).toBeGreaterThan(1);
    const text = (await view.locator("code").textContent()) ?? "";

    await view.getByRole("button", { name: "Copy file" }).click();
    await expect.poll(() => view.getByRole("button", { name: "Copied" }).count()).toBe(1);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text);

    const [download] = await Promise.all([page.waitForEvent("download"), view.getByTestId("file-download").click()]);
    expect(download.suggestedFilename()).toBe(tf.split("/").at(-1));
    const { readFile } = await import("node:fs/promises");
    expect(await readFile(await download.path(), "utf8")).toBe(text);
    await docsScreenshot(page, "file-highlighted");

    // The report's code blocks have a copy button of their own.
    await wf.getByRole("tab", { name: "Report" }).click();
    const block = wf.locator(".report .code-block").first();
    if ((await block.count()) > 0) {
      await block.getByRole("button", { name: "Copy code" }).click();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await block.locator("code").textContent());
    }
    expect(problems.errors).toEqual([]);
  });

  it(
    "a revision shows each generated file's changes beside the decisions",
    { timeout: RUN_TIMEOUT_MS * 2 },
    async () => {
      const { page, problems } = await openPage(context, "/");
      await workflow(page, runId).waitFor();
      const revisionId = await startRunFromChat(page, "Make it cheaper: the budget is now $3,000 a month.");
      expect(await driveToEnd(page, revisionId)).toBe("completed");
      const revision = workflow(page, revisionId);
      await revision.getByRole("tab", { name: "What changed" }).click();
      const diffs = revision.getByTestId("file-diffs");
      await diffs.waitFor();
      await expect.poll(() => diffs.locator("[data-file-diff]").count()).toBeGreaterThan(0);
      const changed = diffs.locator('[data-file-diff][data-change="modified"]').first();
      if ((await changed.count()) > 0) {
        await changed.locator("summary").click();
        expect(await changed.locator(".diff-line.diff-add, .diff-line.diff-del").count()).toBeGreaterThan(0);
      }
      await revision.scrollIntoViewIfNeeded();
      await revision.getByTestId("revision-compare").waitFor();
      await docsScreenshot(page, "revision-file-diff");
      expect(problems.errors).toEqual([]);
    },
  );
});
