/**
 * Driving the web app in a real headless Chromium (playwright-core; see chromiumPath for
 * which Chromium) against the running dev server: start runs from the chat box, answer
 * the gates as a person would, read what the page shows, and keep screenshots.
 */
import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { z } from "zod";

const ARTIFACTS = path.resolve(import.meta.dirname, "../../test-artifacts");

/** Long enough for a whole offline run, with its gates, on a slow CI machine. */
export const RUN_TIMEOUT_MS = 90_000;

/** The system's Chromium, used when it is installed (Debian's `chromium` package puts it here). */
const SYSTEM_CHROMIUM = "/usr/bin/chromium";

/**
 * The browser the tests drive: `CHROMIUM_PATH` if set, else the system's Chromium if there
 * is one, else the Chromium that ships inside the `@sparticuz/chromium` package (unpacked
 * on first use), so `npm install` is all a machine needs.
 */
export async function chromiumPath(): Promise<string> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv !== undefined && fromEnv !== "") {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH is ${fromEnv}, which does not exist`);
    return fromEnv;
  }
  if (isExecutable(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  const { default: packaged } = await import("@sparticuz/chromium");
  return packaged.executablePath();
}

/** A regular, non-empty, executable file: a binary hidden by binding /dev/null over it is not. */
function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile() && statSync(file).size > 0;
  } catch {
    return false;
  }
}

/** A headless Chromium (see chromiumPath for which one). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: await chromiumPath(),
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
}

/** What went wrong inside a page: uncaught exceptions and console errors, for the test to assert on. */
export interface PageProblems {
  errors: string[];
}

/**
 * A page that records its own errors. Failed resource loads of the artifacts zip before a
 * run has code are expected 409s and are not errors of the app.
 */
export async function openPage(context: BrowserContext, url: string): Promise<{ page: Page; problems: PageProblems }> {
  const page = await context.newPage();
  const problems: PageProblems = { errors: [] };
  page.on("pageerror", (err) => problems.errors.push(`pageerror: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error" && !/Failed to load resource/.test(msg.text()))
      problems.errors.push(`console: ${msg.text()}`);
  });
  await page.goto(url);
  return { page, problems };
}

/** Where a screenshot named `name` goes (test-artifacts/, created on demand). */
export function screenshotPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, `${name}.png`);
}

/** Sticky bars would be stamped over the middle of a full-page capture: unstick them for it. */
export const SCREENSHOT_STYLE = ".app-header, .composer { position: static !important; }";

/** A full-page screenshot. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = screenshotPath(name);
  await page.screenshot({ path: file, fullPage: true, style: SCREENSHOT_STYLE });
  return file;
}

/** The container of one decision set. */
export function workflow(page: Page, decisionSetId: string): Locator {
  return page.locator(`section.workflow[data-decision-set="${decisionSetId}"]`);
}

/** Types a message in the chat box and sends it with Enter; returns the new run's id. */
export async function startRunFromChat(page: Page, message: string): Promise<string> {
  const before = await page.locator("section.workflow").count();
  const box = page.locator(".composer textarea");
  await box.fill(message);
  await box.press("Enter");
  const container = page.locator("section.workflow").nth(before);
  await container.waitFor({ timeout: 15_000 });
  const id = await container.getAttribute("data-decision-set");
  if (id === null) throw new Error("the new workflow container has no decision set id");
  return id;
}

const TERMINAL = ["completed", "failed", "cancelled", "rejected"];

export type Gate = "questions" | "approval" | "ended";

/** Waits until the run asks for a person (an unlocked gate) or ends. */
export async function nextGate(page: Page, decisionSetId: string, timeout = RUN_TIMEOUT_MS): Promise<Gate> {
  const wf = workflow(page, decisionSetId);
  const questions = wf.locator('.gate-questions[data-locked="false"]');
  const approval = wf.locator('.gate-approval[data-locked="false"]');
  const ended = page.locator(
    TERMINAL.map((s) => `section.workflow[data-decision-set="${decisionSetId}"][data-status="${s}"]`).join(", "),
  );
  await questions.or(approval).or(ended).first().waitFor({ timeout });
  if (await questions.isVisible()) return "questions";
  if (await approval.isVisible()) return "approval";
  return "ended";
}

/** Answers the open questions with their smart defaults, as "Accept defaults" does. */
export async function acceptDefaults(page: Page, decisionSetId: string): Promise<void> {
  const gate = workflow(page, decisionSetId).locator('.gate-questions[data-locked="false"]');
  await gate.getByRole("button", { name: "Accept defaults" }).click();
  await workflow(page, decisionSetId).locator('.gate-questions[data-locked="true"]').waitFor();
}

/**
 * Answers the open questions differently from their defaults, through the form's own fields:
 * a choice takes its last option other than the default, a yes/no flips, a number grows
 * tenfold; text keeps its default. Returns what was submitted, by question id.
 */
export async function answerDifferently(page: Page, decisionSetId: string): Promise<Record<string, string>> {
  const gate = workflow(page, decisionSetId).locator('.gate-questions[data-locked="false"]');
  const changed: Record<string, string> = {};
  for (const field of await gate.locator("[data-question]").all()) {
    const id = (await field.getAttribute("data-question")) ?? "";
    const radios = field.locator('input[type="radio"]');
    const select = field.locator("select");
    const number = field.locator('input[type="number"]');
    if ((await radios.count()) > 0) {
      const all = await radios.all();
      for (const radio of all.toReversed()) {
        if (!(await radio.isChecked())) {
          await radio.check();
          changed[id] = (await radio.evaluate((el) => el.parentElement?.textContent ?? "")).trim();
          break;
        }
      }
    } else if ((await select.count()) > 0) {
      const current = await select.inputValue();
      const options = await select.locator("option").allTextContents();
      const other = options.toReversed().find((o) => o !== current);
      if (other !== undefined) {
        await select.selectOption(other);
        changed[id] = other;
      }
    } else if ((await number.count()) > 0) {
      const value = Number(await number.inputValue());
      const next = String(Number.isFinite(value) && value > 0 ? value * 10 : 100);
      await number.fill(next);
      changed[id] = next;
    }
  }
  await gate.getByRole("button", { name: "Submit answers" }).click();
  await workflow(page, decisionSetId).locator('.gate-questions[data-locked="true"]').waitFor();
  return changed;
}

/** Approves (or rejects) the plan at the final gate, with a comment. */
export async function decidePlan(
  page: Page,
  decisionSetId: string,
  decision: "Approve" | "Reject",
  comment = "",
): Promise<void> {
  const gate = workflow(page, decisionSetId).locator('.gate-approval[data-locked="false"]');
  if (comment !== "") await gate.getByLabel("Comment (optional)").fill(comment);
  await gate.getByRole("button", { name: decision, exact: true }).click();
  await workflow(page, decisionSetId).locator('.gate-approval[data-locked="true"]').waitFor();
}

/** Runs to the end: questions answered with their defaults (or by `onQuestions`), the plan approved. */
export async function driveToEnd(
  page: Page,
  decisionSetId: string,
  onQuestions: (page: Page, id: string) => Promise<unknown> = acceptDefaults,
): Promise<string> {
  for (let guard = 0; guard < 10; guard++) {
    const gate = await nextGate(page, decisionSetId);
    if (gate === "ended") break;
    if (gate === "questions") await onQuestions(page, decisionSetId);
    else await decidePlan(page, decisionSetId, "Approve");
  }
  return (await workflow(page, decisionSetId).getAttribute("data-status")) ?? "";
}

/** The steps the page shows, in order, as "node" strings. */
export async function shownSteps(page: Page, decisionSetId: string): Promise<string[]> {
  return workflow(page, decisionSetId)
    .locator("li.step")
    .evaluateAll((els) => els.map((el) => el.getAttribute("data-node") ?? ""));
}

// What the tests read of the API's answers. (tsconfig.node.json does not include
// worker/contract, so the e2e suite states the few fields it relies on.)
const WorkflowPlan = z.object({ nodes: z.array(z.object({ id: z.string(), title: z.string() })) });
export const Detail = z.object({
  previous_id: z.string().nullable(),
  thread_id: z.string(),
  last_seq: z.number(),
  status: z.string(),
  final_outputs: z
    .object({
      report_markdown: z.string(),
      architecture: z.record(z.string(), z.unknown()),
      cost_estimate: z.record(z.string(), z.unknown()),
      artifacts: z.array(z.object({ path: z.string(), bytes: z.number() })),
    })
    .nullable(),
  snapshot: z.object({ steps: z.array(z.object({ node: z.string() })) }),
});
export type Detail = z.infer<typeof Detail>;

/** A response of the API, fetched in the page's context (its owner cookie goes with it) and parsed. */
export async function apiGet<S extends z.ZodType>(page: Page, urlPath: string, schema: S): Promise<z.infer<S>> {
  const res = await page.request.get(urlPath);
  if (!res.ok()) throw new Error(`${urlPath}: ${res.status()} ${await res.text()}`);
  return schema.parse(await res.json());
}

/** True if the deployed workflow has the two human gates (the MLOps graph, not a stand-in). */
export async function hasGates(baseUrl: string): Promise<boolean> {
  const plan = WorkflowPlan.parse(await (await fetch(`${baseUrl}/api/workflow/plan`)).json());
  const ids = plan.nodes.map((n) => n.id);
  return ids.includes("hitl_gate_input") && ids.includes("hitl_gate_final");
}

const DOCS_SCREENSHOTS = path.resolve(import.meta.dirname, "../../docs/screenshots");

/** A full-page screenshot kept with the docs (docs/screenshots/), for the README. */
export async function docsScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
  const file = path.join(DOCS_SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, style: SCREENSHOT_STYLE });
  return file;
}

/**
 * Makes the page believe it is (or is no longer) a background tab: headless Chromium keeps
 * every page visible, so `document.visibilityState` is overridden and the event fired.
 */
export async function setTabHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate((h) => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => (h ? "hidden" : "visible") });
    Object.defineProperty(document, "hidden", { configurable: true, get: () => h });
    document.dispatchEvent(new Event("visibilitychange"));
  }, hidden);
}

const AxeResults = z.object({
  violations: z.array(
    z.object({
      id: z.string(),
      impact: z.string().nullish(),
      nodes: z.array(z.object({ target: z.array(z.unknown()), failureSummary: z.string().optional() })),
    }),
  ),
});

/** The WCAG 2 / 2.1 A and AA rules axe-core checks. */
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * Runs axe-core (its own script, injected into the page) over the whole page with the WCAG
 * A/AA rules; returns each violation as "rule: target … (summary)", so a failure says where.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  const source = readFileSync(path.resolve(import.meta.dirname, "../../node_modules/axe-core/axe.min.js"), "utf8");
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: source });
  const raw: unknown = await page.evaluate(async (tags) => {
    const axe: unknown = Reflect.get(window, "axe");
    if (typeof axe !== "object" || axe === null) throw new Error("axe-core did not load");
    const run: unknown = Reflect.get(axe, "run");
    if (typeof run !== "function") throw new Error("axe-core has no run()");
    return run.call(axe, document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
  }, WCAG_TAGS);
  return AxeResults.parse(raw).violations.flatMap((v) =>
    v.nodes.map(
      (n) => `${v.id}: ${n.target.map(String).join(" ")} (${(n.failureSummary ?? "").split("\n").join(" ")})`,
    ),
  );
}
