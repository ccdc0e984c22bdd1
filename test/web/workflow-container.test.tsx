/**
 * The whole container on a fake stream: the live view from first event to finished result,
 * the gate locking when another tab answers, errors with a way forward, and a dropped
 * connection that never hides what was shown.
 */
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { strToU8, zipSync } from "fflate";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { StreamEvent } from "../../worker/contract/events";
import { WorkflowContainer } from "../../web/components/WorkflowContainer";
import { streamFor } from "../../web/hooks/useDecisionSetStream";
import { harness, type Harness } from "./fake-stream";
import { DS, PLAN, recordedRun, runUntil } from "./fixtures";

vi.mock("mermaid", () => ({
  default: { initialize: () => undefined, render: async () => ({ svg: '<svg data-testid="mermaid-svg"></svg>' }) },
}));

const run = recordedRun();
let h: Harness;

beforeEach(() => {
  h = harness();
  streamFor(DS, () => h.deps);
  const zip = zipSync({
    "terraform/main.tf": strToU8('resource "aws_s3_bucket" "data" {}\n'),
    "service/app.py": strToU8("print('hello')\n"),
    "README.md": strToU8("# Generated\n"),
  });
  vi.stubGlobal("fetch", async (url: string) => {
    if (url === "/api/workflow/plan") return Response.json({ nodes: PLAN, graph_type: "mlops" });
    if (url.endsWith("/artifacts.zip")) return new Response(zip, { headers: { "content-type": "application/zip" } });
    return Response.json({ error: { code: "not_found", message: "nope" } }, { status: 404 });
  });
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const deliver = (events: readonly StreamEvent[]) => act(() => events.forEach((e) => h.latest().send(e)));

describe("WorkflowContainer", () => {
  it("follows a run from the first event to the report, the cost and the files", async () => {
    render(<WorkflowContainer decisionSetId={DS} />);
    expect(h.sources).toHaveLength(1);
    expect(await screen.findByText("0 of 13 steps · 0%")).toBeTruthy();
    act(() => h.latest().open());
    expect(screen.getByText("Catching up…")).toBeTruthy();

    const toQuestions = runUntil("workflow-paused", "input");
    deliver(toQuestions);
    expect(screen.getByRole("heading", { name: "A few questions before the design goes on" })).toBeTruthy();
    expect(screen.getByText("Waiting for your answers", { selector: ".activity" })).toBeTruthy();

    // Another tab answers: this one locks and says so.
    deliver(run.slice(toQuestions.length, toQuestions.length + 1));
    expect(screen.getByTestId("questions-answered").textContent).toContain("another tab");

    deliver(run.slice(toQuestions.length + 1));
    expect(screen.getByText("Completed")).toBeTruthy();
    expect(screen.getByTestId("progress-text").textContent).toBe("13 of 13 steps · 100%");
    const steps = within(screen.getByRole("list", { name: "Workflow steps" })).getAllByRole("listitem", {
      hidden: false,
    });
    expect(steps.filter((li) => li.classList.contains("step"))).toHaveLength(13);

    expect(await screen.findByTestId("report")).toBeTruthy();
    expect(await screen.findByTestId("mermaid-svg")).toBeTruthy();
    expect(screen.getByTestId("zip-download").getAttribute("href")).toBe(`/api/decision-sets/${DS}/artifacts.zip`);

    fireEvent.click(screen.getByRole("tab", { name: "Cost" }));
    expect(screen.getByTestId("cost-total").textContent).toContain("3,650");

    fireEvent.click(screen.getByRole("tab", { name: "Files (3)" }));
    const main = await screen.findByRole("button", { name: /main\.tf/ });
    fireEvent.click(main);
    expect(screen.getByTestId("file-path").textContent).toContain("terraform/main.tf");
    expect(screen.getByText('resource "aws_s3_bucket" "data" {}')).toBeTruthy();
  });

  it("keeps every step on screen while the connection drops, and says it is reconnecting", async () => {
    render(<WorkflowContainer decisionSetId={DS} />);
    act(() => h.latest().open());
    deliver(run.slice(0, 8));
    act(() => {
      h.latest().fail();
      h.latest().fail();
    });
    expect(screen.getByText(/Reconnecting \(attempt 1\)/)).toBeTruthy();
    expect(screen.getByRole("button", { name: /Extracting the requirements/ })).toBeTruthy();
    expect(screen.getByRole("button", { name: /Checking what is missing/ })).toBeTruthy();
  });

  it("shows a workflow error with what to do next", async () => {
    const onRestart = vi.fn();
    render(<WorkflowContainer decisionSetId={DS} onRestart={onRestart} />);
    act(() => h.latest().open());
    deliver([
      ...run.slice(0, 2),
      {
        type: "error",
        decision_set_id: DS,
        seq: 3,
        timestamp: "2026-11-27T10:00:03.000Z",
        data: { message: "The model did not answer.", node: "intake_extract", retryable: false, attempt: 4 },
      },
    ]);
    const alert = screen.getByTestId("workflow-error");
    expect(alert.textContent).toContain("The workflow failed at “Extracting the requirements”.");
    expect(alert.textContent).toContain("The model did not answer.");
    fireEvent.click(within(alert).getByRole("button", { name: "Start it again" }));
    expect(onRestart).toHaveBeenCalledOnce();
    expect(screen.getByText("Failed", { selector: ".badge span, .badge" })).toBeTruthy();
  });

  it("says so when the decision set does not exist", async () => {
    h.probe.result = { kind: "not-found" };
    render(<WorkflowContainer decisionSetId={DS} />);
    await act(async () => h.latest().fail(2));
    expect(screen.getByRole("alert").textContent).toContain("There is no decision set with this id");
  });

  it("shows a watcher the run and its gates without the forms or Cancel", async () => {
    render(<WorkflowContainer decisionSetId={DS} watchOnly />);
    act(() => h.latest().open());
    deliver(runUntil("workflow-paused", "input"));
    expect(screen.getByTestId("gate-watch-only").textContent).toContain("only its owner can answer");
    expect(screen.queryByRole("button", { name: "Submit answers" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Cancel run" })).toBeNull();
  });

  it("offers Cancel while running, with a confirmation", async () => {
    const posts: string[] = [];
    vi.stubGlobal("fetch", async (url: string, init?: RequestInit) => {
      if (init?.method === "POST") posts.push(url);
      return url.endsWith("/cancel")
        ? Response.json({ decision_set_id: DS, status: "cancelled" })
        : Response.json({ nodes: PLAN, graph_type: "mlops" });
    });
    render(<WorkflowContainer decisionSetId={DS} />);
    act(() => h.latest().open());
    deliver(run.slice(0, 3));
    fireEvent.click(screen.getByRole("button", { name: "Cancel run" }));
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Yes, cancel" })));
    expect(posts).toEqual([`/api/decision-sets/${DS}/cancel`]);
    deliver([
      {
        type: "workflow-cancelled",
        decision_set_id: DS,
        seq: 4,
        timestamp: "2026-11-27T10:00:04.000Z",
        data: { by: "user" },
      },
    ]);
    expect(screen.getByText("Cancelled", { selector: ".badge" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Cancel run" })).toBeNull();
  });
});
