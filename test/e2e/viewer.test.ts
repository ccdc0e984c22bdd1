/**
 * The viewer in a real Chromium: the run page's workflow graph live (a node running, then
 * done; the gate waiting for a person; a looped node counting its rounds), the trace
 * exported from the finished run, then imported in a fresh profile with the network cut
 * and replayed to the same report. Screenshots go to test-artifacts/.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  acceptDefaults,
  driveToEnd,
  hasGates,
  launchBrowser,
  nextGate,
  openPage,
  RUN_TIMEOUT_MS,
  screenshotPath,
  startRunFromChat,
  workflow,
} from "./browser-helpers";

const baseUrl = inject("baseUrl");
const VAGUE = "An image classification service for scanned invoices at a bank.";
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

async function freshContext(): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  contexts.push(context);
  return context;
}

/**
 * Records, in the page, every state each graph node is drawn in, in the order first seen:
 * a state can last a few milliseconds, too short for a poll from outside to be sure to see.
 */
async function recordGraphStates(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    Reflect.set(window, "__graphStates", seen);
    setInterval(() => {
      for (const el of Array.from(document.querySelectorAll("[data-graph-node]"))) {
        const key = `${el.getAttribute("data-graph-node")}:${el.getAttribute("data-state")}`;
        if (!seen.includes(key)) seen.push(key);
      }
    }, 10);
  });
}

async function graphStates(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const seen: unknown = Reflect.get(window, "__graphStates");
    return Array.isArray(seen) ? seen.map(String) : [];
  });
}

/** The report's headings, which say what the design is. */
async function reportHeadings(page: Page, id: string): Promise<string[]> {
  const report = workflow(page, id).getByTestId("report");
  await report.locator("h1, h2").first().waitFor();
  return report.locator("h1, h2, h3").allTextContents();
}

describe("the viewer in a real browser", () => {
  it(
    "draws the run live as a graph, exports its trace, and replays it offline to the same report",
    { timeout: RUN_TIMEOUT_MS * 2 },
    async () => {
      const live = await openPage(await freshContext(), "/");
      const id = await startRunFromChat(live.page, VAGUE);
      await recordGraphStates(live.page);
      await live.page.goto(`/d/${id}`);
      const graph = workflow(live.page, id).getByTestId("workflow-graph");
      await graph.locator('[data-graph-node="intake_extract"]').waitFor();
      expect(await driveToEnd(live.page, id)).toBe("completed");

      // A node ran, then was done; every step the run took ends done.
      const states = await graphStates(live.page);
      const ran = states.filter((s) => s.endsWith(":running")).map((s) => s.split(":")[0]);
      expect(ran.length).toBeGreaterThan(0);
      const node = ran.find((n) => states.indexOf(`${n}:done`) > states.indexOf(`${n}:running`));
      expect(node, states.join(" ")).toBeDefined();
      await expect.poll(() => graph.locator('[data-graph-node="planner"]').getAttribute("data-state")).toBe("done");
      if (MLOPS) {
        // The input gate waited for a person, and the answers looped back into intake_extract.
        expect(states).toContain("hitl_gate_input:waiting");
        const loops = Number(await graph.locator('[data-graph-node="intake_extract"]').getAttribute("data-loops"));
        expect(loops).toBeGreaterThanOrEqual(1);
        await expect
          .poll(() => graph.locator('[data-graph-node="intake_extract"]').textContent())
          .toContain(`↻${loops}`);
        // The graph's edges include both loops.
        expect(await graph.locator('[data-edge="hitl_gate_input>intake_extract"]').count()).toBe(1);
        expect(await graph.locator('[data-edge="policy_eval>planner"]').count()).toBe(1);
      }
      // A node opens its reason cards.
      await graph.locator('[data-graph-node="planner"]').click();
      await graph.getByTestId("graph-cards").locator(".reason-card").first().waitFor();
      await graph.screenshot({ path: screenshotPath("workflow-graph") });
      const headings = await reportHeadings(live.page, id);
      expect(headings.length).toBeGreaterThan(0);

      const [download] = await Promise.all([
        live.page.waitForEvent("download"),
        live.page.getByTestId("trace-download").click(),
      ]);
      expect(download.suggestedFilename()).toBe(`trace-${id}.jsonl`);
      const tracePath = await download.path();
      expect(live.problems.errors).toEqual([]);

      // A follow-up on the same thread: its "What changed" tab sets the two revisions' cards side by side.
      await live.page.goto("/");
      await workflow(live.page, id).waitFor();
      const revisionId = await startRunFromChat(live.page, "Make it cheaper: the budget is now $3,000 a month.");
      expect(await driveToEnd(live.page, revisionId)).toBe("completed");
      const revision = workflow(live.page, revisionId);
      await revision.getByRole("tab", { name: "What changed" }).click();
      const compare = revision.getByTestId("revision-compare");
      await compare.waitFor();
      expect(await compare.locator("thead th").count()).toBe(3);
      expect(await compare.locator('tr[data-changed="true"]').count()).toBeGreaterThan(0);
      await compare.screenshot({ path: screenshotPath("revision-compare") });

      // A fresh profile: the page loads, then the network is gone before the file is opened.
      const context = await freshContext();
      const replay = await openPage(context, "/replay");
      await replay.page.getByRole("heading", { name: "Replay a trace" }).waitFor();
      await replay.page.locator('[data-graph="loaded"]').waitFor();
      const requests: string[] = [];
      await context.route("**", (route) => {
        requests.push(route.request().url());
        return route.abort();
      });
      await context.setOffline(true);

      // A foreign file first: a clear message, not a blank page.
      await replay.page.getByTestId("trace-file").setInputFiles({
        name: "notes.jsonl",
        mimeType: "application/x-ndjson",
        buffer: Buffer.from('{"hello":"world"}\n'),
      });
      await expect.poll(() => replay.page.getByTestId("trace-error").textContent()).toMatch(/not an event/);

      await replay.page.getByTestId("trace-file").setInputFiles(tracePath);
      const wf = workflow(replay.page, id);
      await wf.waitFor();
      await replay.page.getByRole("button", { name: "Step" }).click();
      await replay.page.getByRole("button", { name: "Step" }).click();
      await expect.poll(() => wf.getAttribute("data-replay-at")).toBe("2");
      await replay.page.getByLabel("Speed").selectOption("32");
      await replay.page.getByRole("button", { name: "Play" }).click();
      await expect.poll(() => wf.getAttribute("data-status"), { timeout: 30_000 }).toBe("completed");
      expect(await reportHeadings(replay.page, id)).toEqual(headings);
      await expect.poll(() => wf.locator('[data-graph-node="planner"]').getAttribute("data-state")).toBe("done");
      await wf.locator('[data-graph-node="__end__"]').scrollIntoViewIfNeeded();
      await replay.page.evaluate(() => window.scrollTo(0, 0));
      await replay.page.screenshot({ path: screenshotPath("replay") });
      // Nothing was uploaded or fetched for the replay (a lazy diagram may try, and is refused);
      // the graph drawn is the one fetched before the network went, loops and all.
      expect(await wf.locator('[data-edge="policy_eval>planner"]').count()).toBe(1);
      expect(requests.filter((u) => u.includes("/api/"))).toEqual([]);
      expect(replay.problems.errors.filter((e) => e.startsWith("pageerror"))).toEqual([]);
    },
  );

  it.skipIf(!MLOPS)(
    "updates the history page live, over one stream, while a run goes on",
    { timeout: RUN_TIMEOUT_MS },
    async () => {
      const context = await freshContext();
      const run = await openPage(context, "/");
      const id = await startRunFromChat(run.page, VAGUE);
      expect(await nextGate(run.page, id)).toBe("questions");
      const history = await openPage(context, "/history");
      const row = history.page.locator(`li.history-item[data-decision-set="${id}"]`);
      const progress = row.getByTestId("history-progress");
      await progress.waitFor();
      const before = (await progress.textContent()) ?? "";
      await acceptDefaults(run.page, id);
      await expect.poll(() => progress.textContent(), { timeout: 30_000 }).not.toBe(before);
      expect(await driveToEnd(run.page, id)).toBe("completed");
      await expect.poll(() => row.getAttribute("data-status"), { timeout: 30_000 }).toBe("completed");
      await expect.poll(() => progress.textContent()).toBe("100%");
      await history.page.screenshot({ path: screenshotPath("history-live") });
      expect([...run.problems.errors, ...history.problems.errors]).toEqual([]);
    },
  );
});
