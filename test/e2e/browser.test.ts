/**
 * The web app in a real headless Chromium against the running product: a run from the chat
 * box to the report and the zip; answers that change the design; the final approval; a
 * reload mid-run that shows every step exactly once; two tabs that see each other's answer.
 * Screenshots go to test-artifacts/.
 */
import { readFileSync } from "node:fs";
import { unzipSync } from "fflate";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  acceptDefaults,
  answerDifferently,
  apiGet,
  decidePlan,
  Detail,
  driveToEnd,
  hasGates,
  launchBrowser,
  nextGate,
  openPage,
  RUN_TIMEOUT_MS,
  screenshot,
  screenshotPath,
  SCREENSHOT_STYLE,
  shownSteps,
  startRunFromChat,
  workflow,
} from "./browser-helpers";

const baseUrl = inject("baseUrl");

/** Says enough to design from, with gaps the workflow must ask about. */
const VAGUE = "An image classification service for scanned invoices at a bank.";
const FULL =
  "Image classification for financial documents: real-time API, 50 requests per second, p95 under 300 ms, " +
  "PCI-DSS, restricted data, 99.9% availability, budget $9,000 a month, us-east-1.";

// The gate scenarios need the MLOps workflow's two human gates; while a stand-in graph is
// deployed they are skipped (and say so) rather than failing for a reason outside the app.
const MLOPS = await hasGates(baseUrl);

let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser.close();
});

/** A fresh browser profile: its own owner cookie and its own localStorage. */
async function freshContext(): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  return context;
}

/** The steps the server's snapshot holds, as the page should show them. */
async function serverSteps(
  page: Parameters<typeof apiGet>[0],
  id: string,
): Promise<{ nodes: string[]; lastSeq: number }> {
  const detail = await apiGet(page, `/api/decision-sets/${id}`, Detail);
  return { nodes: detail.snapshot.steps.map((s) => s.node), lastSeq: detail.last_seq };
}

/** What a design is, for comparing two runs: its architecture and its cost. */
function design(d: Detail): string {
  return JSON.stringify([d.final_outputs?.architecture, d.final_outputs?.cost_estimate]);
}

describe("in a real browser", () => {
  it(
    "runs from the chat box to the report, the cost, the files and the zip",
    { timeout: RUN_TIMEOUT_MS * 2 },
    async () => {
      const context = await freshContext();
      const { page, problems } = await openPage(context, "/");
      const id = await startRunFromChat(page, FULL);
      const wf = workflow(page, id);
      // The first screen is there before the run has said anything.
      await expect.poll(() => wf.getByTestId("progress-text").textContent()).toMatch(/steps|Preparing/);

      expect(await driveToEnd(page, id)).toBe("completed");
      await wf.getByText("Final").waitFor();
      await expect.poll(() => wf.getByTestId("progress-text").textContent()).toMatch(/100%$/);

      const report = wf.getByTestId("report");
      await report.locator("h1, h2").first().waitFor();
      const detail = await apiGet(page, `/api/decision-sets/${id}`, Detail);
      const outputs = detail.final_outputs;
      if (outputs === null) throw new Error("the finished run has no final outputs");
      if (outputs.report_markdown.includes("```mermaid")) {
        await wf.locator('.diagram[data-state="drawn"] svg').first().waitFor({ timeout: 30_000 });
      }
      // Every step the server recorded is shown, once each, in its order.
      expect(await shownSteps(page, id)).toEqual((await serverSteps(page, id)).nodes);
      await screenshot(page, "finished-run");
      await wf.screenshot({ path: screenshotPath("finished-run-container"), style: SCREENSHOT_STYLE });

      if (MLOPS) {
        await wf.getByRole("tab", { name: "Cost" }).click();
        await wf.getByTestId("result").getByTestId("cost-total").waitFor();
        await screenshot(page, "finished-run-cost");

        expect(outputs.artifacts.length).toBeGreaterThan(0);
        await wf.getByRole("tab", { name: /^Files/ }).click();
        const first = outputs.artifacts[0]?.path ?? "";
        await wf.locator(`button.file-button[data-path="${first}"]`).click();
        await expect.poll(() => wf.getByTestId("file-path").textContent()).toContain(first);
        expect((await wf.locator(".file-content").textContent())?.length ?? 0).toBeGreaterThan(0);
        await screenshot(page, "finished-run-files");

        const [download] = await Promise.all([page.waitForEvent("download"), wf.getByTestId("zip-download").click()]);
        const zipPath = await download.path();
        const entries = unzipSync(new Uint8Array(readFileSync(zipPath)));
        for (const a of outputs.artifacts) expect(Object.keys(entries)).toContain(a.path);
      }

      // The same run on a phone, and in dark mode: nothing overflows the viewport.
      await page.setViewportSize({ width: 390, height: 844 });
      await wf.getByRole("tab", { name: "Report" }).click();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(page, "finished-run-phone");
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.emulateMedia({ colorScheme: "dark" });
      await screenshot(page, "finished-run-dark");

      // A follow-up on the same thread revises the design: a second container, linked to the first.
      await page.emulateMedia({ colorScheme: "light" });
      const revisionId = await startRunFromChat(page, "Make it cheaper: the budget is now $3,000 a month.");
      expect(revisionId).not.toBe(id);
      expect(await page.locator("section.workflow").count()).toBe(2);
      expect(await driveToEnd(page, revisionId)).toBe("completed");
      const revision = await apiGet(page, `/api/decision-sets/${revisionId}`, Detail);
      expect(revision.previous_id).toBe(id);
      expect(revision.thread_id).toBe(detail.thread_id);

      // History lists both, newest first, and opens either.
      await page.getByRole("link", { name: "History" }).click();
      await page.locator(`a.history-link[href="/d/${revisionId}"]`).waitFor();
      const links = await page.locator(".history-link").evaluateAll((els) => els.map((el) => el.getAttribute("href")));
      expect(links.indexOf(`/d/${revisionId}`)).toBeLessThan(links.indexOf(`/d/${id}`));
      await page.locator(`a[href="/d/${id}"]`).click();
      await workflow(page, id).getByTestId("report").waitFor();
      expect(problems.errors).toEqual([]);
    },
  );

  it.skipIf(!MLOPS)("answering the questions changes the design", { timeout: RUN_TIMEOUT_MS * 3 }, async () => {
    const a = await openPage(await freshContext(), "/");
    const defaultsId = await startRunFromChat(a.page, VAGUE);
    expect(await nextGate(a.page, defaultsId)).toBe("questions");
    expect(await driveToEnd(a.page, defaultsId)).toBe("completed");

    const b = await openPage(await freshContext(), "/");
    const answeredId = await startRunFromChat(b.page, VAGUE);
    expect(await nextGate(b.page, answeredId)).toBe("questions");
    let changed: Record<string, string> = {};
    expect(
      await driveToEnd(b.page, answeredId, async (page, id) => {
        changed = await answerDifferently(page, id);
      }),
    ).toBe("completed");
    expect(Object.keys(changed).length).toBeGreaterThan(0);
    const answered = workflow(b.page, answeredId);
    await expect
      .poll(() => answered.getByTestId("questions-answered").textContent())
      .toContain("Your answers were sent");

    const da = await apiGet(a.page, `/api/decision-sets/${defaultsId}`, Detail);
    const db = await apiGet(b.page, `/api/decision-sets/${answeredId}`, Detail);
    expect(design(db)).not.toEqual(design(da));
    // And the page shows a different report.
    const reportA = await workflow(a.page, defaultsId).getByTestId("report").textContent();
    const reportB = await answered.getByTestId("report").textContent();
    expect(reportB).not.toEqual(reportA);
    await screenshot(b.page, "answered-differently");
    expect([...a.problems.errors, ...b.problems.errors]).toEqual([]);
  });

  it.skipIf(!MLOPS)(
    "approving the plan, by keyboard, lets code generation run to the end",
    { timeout: RUN_TIMEOUT_MS * 2 },
    async () => {
      const { page, problems } = await openPage(await freshContext(), "/");
      const id = await startRunFromChat(page, VAGUE);
      const wf = workflow(page, id);
      for (;;) {
        const gate = await nextGate(page, id);
        if (gate === "questions") await acceptDefaults(page, id);
        else break;
      }
      const approval = wf.locator('.gate-approval[data-locked="false"]');
      await approval.waitFor();
      expect(await wf.getAttribute("data-status")).toBe("paused");
      await expect.poll(() => wf.locator(".activity").textContent()).toBe("Waiting for your approval");
      expect((await approval.locator(".kv-item").count()) + (await approval.locator(".json").count())).toBeGreaterThan(
        0,
      );
      await screenshot(page, "approval-gate");
      // Keyboard only: the comment, then Tab to Approve and Enter.
      await approval.getByLabel("Comment (optional)").focus();
      await page.keyboard.type("Ship it");
      await page.keyboard.press("Tab");
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe("Approve");
      await page.keyboard.press("Enter");
      await expect.poll(() => wf.getByTestId("approval-decided").textContent()).toContain("Approved by you");
      expect(await driveToEnd(page, id)).toBe("completed");
      const steps = await shownSteps(page, id);
      expect(steps.indexOf("codegen")).toBeGreaterThan(steps.lastIndexOf("hitl_gate_final"));
      expect(problems.errors).toEqual([]);
    },
  );

  it.skipIf(!MLOPS)("rejecting the plan ends the run without code", { timeout: RUN_TIMEOUT_MS * 2 }, async () => {
    const { page } = await openPage(await freshContext(), "/");
    const id = await startRunFromChat(page, VAGUE);
    for (;;) {
      const gate = await nextGate(page, id);
      if (gate === "questions") await acceptDefaults(page, id);
      else break;
    }
    await decidePlan(page, id, "Reject", "Too expensive");
    const status = await driveToEnd(page, id);
    // The design lets the backend either end as rejected or re-plan with the comment.
    expect(["rejected", "completed"]).toContain(status);
    if (status === "rejected")
      await workflow(page, id).getByText("The plan was rejected, so no code was generated.").waitFor();
  });

  it.skipIf(!MLOPS)(
    "a reload mid-run resumes from its cursor: no duplicate, no missing step",
    { timeout: RUN_TIMEOUT_MS * 2 },
    async () => {
      const context = await freshContext();
      const { page, problems } = await openPage(context, "/");
      const streams: string[] = [];
      page.on("request", (r) => {
        if (r.url().includes("/api/streams/")) streams.push(r.url());
      });
      const id = await startRunFromChat(page, VAGUE);
      expect(await nextGate(page, id)).toBe("questions");
      const before = await shownSteps(page, id);
      expect(before.length).toBeGreaterThan(0);

      // Reload while the run waits at its first gate.
      streams.length = 0;
      await page.reload({ waitUntil: "domcontentloaded" });
      // What was shown is back at once, from storage, before the stream has replayed anything.
      await workflow(page, id).locator("li.step").first().waitFor();
      expect((await shownSteps(page, id)).slice(0, before.length)).toEqual(before);
      await expect.poll(() => streams.length).toBeGreaterThan(0);
      const cursor = Number(new URL(streams[0] ?? "").searchParams.get("last_event_id"));
      expect(cursor).toBeGreaterThan(0);

      // Answer, and reload again straight away, while the next steps are streaming.
      await acceptDefaults(page, id);
      await page.reload({ waitUntil: "domcontentloaded" });
      expect(await driveToEnd(page, id)).toBe("completed");

      const server = await serverSteps(page, id);
      expect(await shownSteps(page, id)).toEqual(server.nodes);
      const stored = await page.evaluate((key) => localStorage.getItem(key), `rs:view:${id}`);
      expect(JSON.parse(stored ?? "{}").view?.last_seq).toBe(server.lastSeq);
      await screenshot(page, "after-reloads");
      expect(problems.errors).toEqual([]);
    },
  );

  it.skipIf(!MLOPS)(
    "two tabs both see the answer given in one, and the approval given in the other",
    { timeout: RUN_TIMEOUT_MS * 2 },
    async () => {
      const context = await freshContext();
      const a = await openPage(context, "/");
      const id = await startRunFromChat(a.page, VAGUE);
      const b = await openPage(context, `/d/${id}`);
      expect(await nextGate(a.page, id)).toBe("questions");
      expect(await nextGate(b.page, id)).toBe("questions");

      const changed = await answerDifferently(a.page, id);
      const inB = workflow(b.page, id);
      await expect
        .poll(() => inB.getByTestId("questions-answered").textContent())
        // Each answer records who gave it: here the owner, from the other tab.
        .toBe("These questions were answered by the owner.");
      expect(await inB.locator(".gate-questions fieldset[disabled]").count()).toBe(1);
      // B shows the values A sent.
      for (const [qid, value] of Object.entries(changed)) {
        const field = inB.locator(`[data-question="${qid}"]`);
        const input = field.locator('input[type="number"]');
        if ((await input.count()) > 0) expect(Number(await input.inputValue())).toBe(Number(value));
      }
      await screenshot(b.page, "two-tabs-answered-elsewhere");

      expect(await nextGate(b.page, id)).toBe("approval");
      expect(await nextGate(a.page, id)).toBe("approval");
      await decidePlan(b.page, id, "Approve");
      await expect
        .poll(() => workflow(a.page, id).getByTestId("approval-decided").textContent())
        .toContain("by the owner");

      expect(await driveToEnd(a.page, id)).toBe("completed");
      expect(await driveToEnd(b.page, id)).toBe("completed");
      expect(await shownSteps(a.page, id)).toEqual(await shownSteps(b.page, id));
      expect([...a.problems.errors, ...b.problems.errors]).toEqual([]);
    },
  );
});
