/** The views of a run, rendered in happy-dom: what a person sees and can do at each point. */
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ReasonCard } from "../../worker/contract/events";
import { initialView, reduceAll, type ApprovalView, type QuestionsView } from "../../worker/contract/reduce";
import { ApprovalPanel } from "../../web/components/ApprovalPanel";
import { ConnectionIndicator } from "../../web/components/ConnectionIndicator";
import { CostBreakdown } from "../../web/components/CostBreakdown";
import { JsonView } from "../../web/components/JsonView";
import { ProgressHeader } from "../../web/components/ProgressHeader";
import { QuestionsForm } from "../../web/components/QuestionsForm";
import { ReasonCardView } from "../../web/components/ReasonCardView";
import { StepList } from "../../web/components/StepList";
import { ReportView } from "../../web/components/result/ReportView";
import { DS, PLAN, ephemeral, recordedMlopsRun, recordedRun, runUntil } from "./fixtures";

vi.mock("mermaid", () => ({
  default: {
    initialize: () => undefined,
    render: async (_id: string, code: string) => ({
      svg: `<svg data-testid="mermaid-svg"><text>${code.length}</text></svg>`,
    }),
  },
}));

const run = recordedRun();
const NOW = Date.parse("2026-11-27T10:00:10.000Z");

type FetchCall = { url: string; init: RequestInit | undefined };
let calls: FetchCall[] = [];
let answer: () => Response;

beforeEach(() => {
  calls = [];
  answer = () => Response.json({ decision_set_id: DS, status: "accepted" }, { status: 202 });
  vi.stubGlobal("fetch", async (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    return answer();
  });
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const bodyOf = (call: FetchCall | undefined): unknown => JSON.parse(String(call?.init?.body ?? "null"));

describe("ProgressHeader", () => {
  it("shows the real share of planned steps, the status as text, and the current step", () => {
    const view = reduceAll(initialView(DS), run.slice(0, 8));
    render(
      <ProgressHeader
        title="MLOps workflow"
        view={view}
        plan={[]}
        connection={{ kind: "live" }}
        now={NOW}
        skewMs={0}
        onRetry={() => undefined}
      />,
    );
    expect(screen.getByTestId("progress-text").textContent).toBe("2 of 13 steps · 15%");
    expect(screen.getByText("Running")).toBeTruthy();
    expect(screen.getByText("Live")).toBeTruthy();
    expect(screen.getByText("Now: Choosing the questions to ask")).toBeTruthy();
    expect(screen.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("15");
  });

  it("uses the deployment's plan before the run names its own", () => {
    render(
      <ProgressHeader
        title="t"
        view={initialView(DS)}
        plan={PLAN}
        connection={{ kind: "connecting" }}
        now={NOW}
        skewMs={0}
        onRetry={() => undefined}
      />,
    );
    expect(screen.getByTestId("progress-text").textContent).toBe("0 of 13 steps · 0%");
    expect(screen.getByText("Queued")).toBeTruthy();
  });

  it("asks for the person when paused at a gate", () => {
    const view = reduceAll(initialView(DS), runUntil("workflow-paused", "input"));
    render(
      <ProgressHeader
        title="t"
        view={view}
        plan={[]}
        connection={{ kind: "live" }}
        now={NOW}
        skewMs={0}
        onRetry={() => undefined}
      />,
    );
    expect(screen.getByText("Waiting for you")).toBeTruthy();
    expect(screen.getByText("Waiting for your answers")).toBeTruthy();
  });
});

describe("ConnectionIndicator", () => {
  it("says reconnecting with the wait, and offers to retry now", () => {
    const onRetry = vi.fn();
    render(
      <ConnectionIndicator
        connection={{ kind: "reconnecting", attempt: 3, retryAt: NOW + 4000 }}
        now={NOW}
        onRetry={onRetry}
      />,
    );
    expect(screen.getByRole("status").textContent).toBe("Reconnecting (attempt 3), in 4 s");
    fireEvent.click(screen.getByRole("button", { name: "Retry now" }));
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it("says offline and final in words", () => {
    const { rerender } = render(
      <ConnectionIndicator connection={{ kind: "offline", retryAt: NOW + 2000 }} now={NOW} onRetry={() => undefined} />,
    );
    expect(screen.getByRole("status").textContent).toContain("Offline");
    rerender(<ConnectionIndicator connection={{ kind: "ended" }} now={NOW} onRetry={() => undefined} />);
    expect(screen.getByRole("status").textContent).toContain("Final");
  });
});

describe("StepList", () => {
  it("keeps the running step open with the agent's streaming text, and closes finished ones", () => {
    const view = reduceAll(initialView(DS), [
      ...run.slice(0, 5),
      ephemeral("token", { node: "coverage_check", text: "Looking for the budget…" }),
    ]);
    render(<StepList steps={view.steps} now={NOW} waiting={false} />);
    const [done, running] = screen.getAllByRole("listitem");
    expect(done?.getAttribute("data-status")).toBe("done");
    expect(
      within(done as HTMLElement)
        .getByRole("button")
        .getAttribute("aria-expanded"),
    ).toBe("false");
    expect(within(done as HTMLElement).getByText("PCI-DSS, restricted data, high availability")).toBeTruthy();
    expect(
      within(running as HTMLElement)
        .getByRole("button")
        .getAttribute("aria-expanded"),
    ).toBe("true");
    expect(within(running as HTMLElement).getByText("Looking for the budget…")).toBeTruthy();
    expect(within(running as HTMLElement).getByText("Running")).toBeTruthy();
  });

  it("opens a finished step on request, showing its reason card", () => {
    const view = reduceAll(initialView(DS), run.slice(0, 4));
    render(<StepList steps={view.steps} now={NOW} waiting={false} />);
    const head = screen.getByRole("button", { name: /Extracting the requirements/ });
    fireEvent.click(head);
    expect(head.getAttribute("aria-expanded")).toBe("true");
    expect(screen.getByText("Confidence 80% (high)")).toBeTruthy();
  });
});

describe("StepList at a gate", () => {
  it("shows the gate's step as waiting for the person, not as working", () => {
    const view = reduceAll(initialView(DS), runUntil("workflow-paused", "input"));
    render(<StepList steps={view.steps} now={NOW} waiting />);
    const gate = screen.getAllByRole("listitem").find((li) => li.getAttribute("data-node") === "hitl_gate_input");
    expect(gate?.className).toContain("step-waiting");
    expect(within(gate as HTMLElement).getByText("Waiting for you")).toBeTruthy();
    expect(within(gate as HTMLElement).getByText("Waiting for your input below.")).toBeTruthy();
  });
});

describe("ReasonCardView", () => {
  const card: ReasonCard = {
    agent: "critic.cost",
    node: "critic_cost",
    decision_set_id: DS,
    timestamp: "2026-11-27T10:00:05.000Z",
    duration_ms: 1250,
    reasoning: "x".repeat(5000),
    decision: "Over budget by 12%",
    confidence: 0.42,
    category: "cost",
    priority: "high",
    inputs: { budget: 4000, nested: { deep: [1, 2, 3] } },
    outputs: { verdict: "over" },
    alternatives_considered: [{ option: "Spot GPUs", reason_rejected: "interruptions break SLAs" }],
    references: ["https://example.com/pricing", "javascript:alert(1)"],
  };

  it("shows decision, confidence as badge and bar, priority and category; details on demand", () => {
    render(<ReasonCardView card={card} />);
    expect(screen.getByText("Over budget by 12%")).toBeTruthy();
    expect(screen.getByText("Confidence 42% (low)")).toBeTruthy();
    expect(screen.getByRole("meter").getAttribute("aria-valuenow")).toBe("42");
    expect(screen.getByText("Priority: high")).toBeTruthy();
    expect(screen.queryByText("Alternatives considered")).toBeNull();
    fireEvent.click(screen.getByRole("button", { expanded: false }));
    expect(screen.getByText("Alternatives considered")).toBeTruthy();
    expect(screen.getByText("Spot GPUs")).toBeTruthy();
    expect(screen.getByText("Inputs")).toBeTruthy();
    // Only http(s) references become links.
    expect(screen.getAllByRole("link").map((a) => a.getAttribute("href"))).toEqual(["https://example.com/pricing"]);
    expect(screen.getByText("javascript:alert(1)").tagName).toBe("LI");
  });
});

describe("JsonView", () => {
  it("renders nested values as a collapsible tree", () => {
    const { container } = render(
      <JsonView label="Outputs" value={{ a: 1, b: { c: "text", d: [true, null] } }} defaultOpen />,
    );
    expect(container.querySelectorAll("details").length).toBe(3);
    expect(screen.getByText("text")).toBeTruthy();
    expect(screen.getByText("null")).toBeTruthy();
  });
});

function questionsGate(): QuestionsView {
  const view = reduceAll(initialView(DS), runUntil("questions-presented"));
  if (view.questions === undefined) throw new Error("fixture has no questions");
  return view.questions;
}

function approvalGate(): ApprovalView {
  const view = reduceAll(initialView(DS), runUntil("workflow-paused", "final"));
  if (view.approval === undefined) throw new Error("fixture has no approval");
  return view.approval;
}

describe("QuestionsForm", () => {
  it("has one field of the right kind per question, prefilled with the smart default, and a countdown", () => {
    render(<QuestionsForm decisionSetId={DS} gate={questionsGate()} now={NOW} skewMs={0} />);
    expect((screen.getByLabelText("Monthly budget (USD)?") as HTMLInputElement).value).toBe("5000");
    expect((screen.getByLabelText("Monthly budget (USD)?") as HTMLInputElement).type).toBe("number");
    expect((screen.getByRole("radio", { name: "us-east" }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole("radio", { name: "Yes" }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText("Anything else?") as HTMLInputElement).type).toBe("text");
    expect(screen.getByRole("timer").textContent).toBe("4:50");
  });

  it("submits the answers typed as their questions ask", async () => {
    render(<QuestionsForm decisionSetId={DS} gate={questionsGate()} now={NOW} skewMs={0} />);
    fireEvent.change(screen.getByLabelText("Monthly budget (USD)?"), { target: { value: "4000" } });
    fireEvent.click(screen.getByRole("radio", { name: "eu-west" }));
    fireEvent.click(screen.getByRole("radio", { name: "No" }));
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Submit answers" })));
    expect(calls[0]?.url).toBe(`/api/decision-sets/${DS}/responses`);
    expect(bodyOf(calls[0])).toEqual({ responses: { budget: 4000, region: "eu-west", gpu: false, notes: "" } });
  });

  it("accepts the defaults in one click", async () => {
    render(<QuestionsForm decisionSetId={DS} gate={questionsGate()} now={NOW} skewMs={0} />);
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Accept defaults" })));
    expect(bodyOf(calls[0])).toEqual({ responses: { budget: 5000, region: "us-east", gpu: true, notes: "" } });
  });

  it("refuses a number field that is not a number", async () => {
    render(<QuestionsForm decisionSetId={DS} gate={questionsGate()} now={NOW} skewMs={0} />);
    fireEvent.change(screen.getByLabelText("Monthly budget (USD)?"), { target: { value: "" } });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Submit answers" })));
    expect(calls).toHaveLength(0);
    expect(screen.getByRole("alert").textContent).toBe("Enter a number.");
  });

  it("locks and says so when someone else answered first (409)", async () => {
    answer = () => Response.json({ error: { code: "conflict", message: "no questions are open" } }, { status: 409 });
    render(<QuestionsForm decisionSetId={DS} gate={questionsGate()} now={NOW} skewMs={0} />);
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Submit answers" })));
    expect(screen.getByTestId("questions-answered").textContent).toContain("already answered");
    expect(screen.queryByRole("button", { name: "Submit answers" })).toBeNull();
  });

  it("shows the answers another tab gave, locked", () => {
    const answered = reduceAll(initialView(DS), runUntil("responses-collected", "input")).questions;
    if (answered === undefined) throw new Error("fixture has no questions");
    render(<QuestionsForm decisionSetId={DS} gate={answered} now={NOW} skewMs={0} />);
    expect(screen.getByTestId("questions-answered").textContent).toBe(
      "These questions were answered in another tab or window.",
    );
    expect((screen.getByLabelText("Monthly budget (USD)?") as HTMLInputElement).value).toBe("4000");
    expect((screen.getByRole("radio", { name: "eu-west" }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText("Monthly budget (USD)?") as HTMLInputElement).closest("fieldset")?.disabled).toBe(
      true,
    );
  });
});

describe("ApprovalPanel", () => {
  it("shows the plan summary and sends Approve with the comment", async () => {
    render(<ApprovalPanel decisionSetId={DS} gate={approvalGate()} now={NOW} skewMs={0} />);
    expect(screen.getByText("GPU quota")).toBeTruthy();
    expect(screen.getByText("✓ Pass").parentElement?.textContent).toBe("✓ Pass pci_no_public_endpoint");
    fireEvent.change(screen.getByLabelText("Comment (optional)"), { target: { value: "Looks right" } });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Approve" })));
    expect(calls[0]?.url).toBe(`/api/decision-sets/${DS}/approve`);
    expect(bodyOf(calls[0])).toEqual({ decision: "approved", comment: "Looks right" });
    expect(screen.getByRole("button", { name: "Approve" })).toBeTruthy();
  });

  it("reads the recorded run's plan summary: policy verdicts in words, cost against budget", () => {
    const { id, events } = recordedMlopsRun();
    const paused = events.findIndex((e) => e.type === "workflow-paused" && e.data.gate === "final");
    const approval = reduceAll(initialView(id), events.slice(0, paused + 1)).approval;
    if (approval === undefined) throw new Error("the recording has no final gate");
    render(<ApprovalPanel decisionSetId={id} gate={approval} now={NOW} skewMs={0} />);
    expect(screen.getAllByText("✓ Pass").length).toBeGreaterThan(0);
    expect(screen.getByText("within budget")).toBeTruthy();
    expect(screen.getByText("Plan summary")).toBeTruthy();
    expect(screen.getAllByText("None").length).toBeGreaterThan(0); // no risks, no violations
  });

  it("sends Reject", async () => {
    render(<ApprovalPanel decisionSetId={DS} gate={approvalGate()} now={NOW} skewMs={0} />);
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Reject" })));
    expect(bodyOf(calls[0])).toEqual({ decision: "rejected" });
  });

  it("once decided, says how and offers no buttons", () => {
    const decided = reduceAll(initialView(DS), runUntil("responses-collected", "final")).approval;
    if (decided === undefined) throw new Error("fixture has no approval");
    render(<ApprovalPanel decisionSetId={DS} gate={decided} now={NOW} skewMs={0} />);
    expect(screen.getByTestId("approval-decided").textContent).toContain("Approved in another tab or window.");
    expect(screen.queryByRole("button", { name: "Approve" })).toBeNull();
  });
});

describe("CostBreakdown", () => {
  it("draws the contract's shape as a table with bars and a total", () => {
    render(
      <CostBreakdown
        estimate={{
          monthly_usd: 3650,
          currency: "USD",
          lines: [
            { component: "GPU training", monthly_usd: 2400 },
            { component: "Storage", monthly_usd: 1250 },
          ],
        }}
      />,
    );
    expect(screen.getByTestId("cost-total").textContent).toContain("3,650");
    const rows = screen.getAllByRole("row");
    expect(rows).toHaveLength(3);
    expect(within(rows[1] as HTMLElement).getByText("GPU training")).toBeTruthy();
    expect(within(rows[1] as HTMLElement).getByText("66%")).toBeTruthy();
  });

  it("shows an estimate outside the contract's shape as JSON instead of guessing its keys", () => {
    render(<CostBreakdown estimate={{ monthly_total: 3650, items: [{ component: "GPU", monthly_cost: 3650 }] }} />);
    expect(screen.queryByTestId("cost-total")).toBeNull();
    expect(screen.queryByRole("table")).toBeNull();
  });

  it("reads the MLOps designer's shape: lines with quantities, a total and the budget", () => {
    render(
      <CostBreakdown
        estimate={{
          monthly_usd: 5200,
          band: "medium",
          budget_usd: 5000,
          currency: "USD",
          lines: [
            { component: "GPU endpoint", quantity: 2, unit: "g5.xlarge", monthly_usd: 4000 },
            { component: "Feature store", quantity: 1, unit: "table", monthly_usd: 1200 },
          ],
        }}
      />,
    );
    expect(screen.getByTestId("cost-total").textContent).toContain("5,200");
    expect(screen.getByText("over budget")).toBeTruthy();
    expect(screen.getByText("2 × g5.xlarge")).toBeTruthy();
    expect(screen.getAllByRole("row")).toHaveLength(3);
  });

  it("falls back to JSON for a shape it does not know", () => {
    render(<CostBreakdown estimate={{ weird: { shape: true } }} />);
    expect(screen.queryByRole("table")).toBeNull();
    expect(screen.getByText("weird")).toBeTruthy();
  });
});

describe("ReportView", () => {
  it("renders Markdown without raw HTML and draws the Mermaid block", async () => {
    const md = [
      "# Title",
      "",
      "<script>window.pwned = true</script>",
      "",
      '<img src=x onerror="window.pwned = true">',
      "",
      "[click](javascript:alert(1)) and [docs](https://example.com)",
      "",
      "```mermaid",
      "graph LR; A-->B",
      "```",
    ].join("\n");
    const { container } = render(<ReportView markdown={md} />);
    expect(container.querySelector("h1")?.textContent).toBe("Title");
    expect(container.querySelector("script")).toBeNull();
    expect(container.querySelector("img")).toBeNull();
    expect(container.textContent).toContain("<script>window.pwned = true</script>");
    const hrefs = [...container.querySelectorAll("a")].map((a) => a.getAttribute("href"));
    expect(hrefs).toEqual(["https://example.com"]);
    expect(container.querySelector("a")?.getAttribute("rel")).toBe("noopener noreferrer");
    expect(await screen.findByTestId("mermaid-svg")).toBeTruthy();
  });
});
