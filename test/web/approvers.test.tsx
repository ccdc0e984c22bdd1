/**
 * Approvers in the page: the sharing control names each person a watcher or an approver,
 * tells an approver what it may do, and a gate's answer says who gave it.
 */
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { createMemoryRouter, RouterProvider } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { initialView, reduceAll } from "../../worker/contract/reduce";
import { ApprovalPanel } from "../../web/components/ApprovalPanel";
import { QuestionsForm } from "../../web/components/QuestionsForm";
import { SharingControl } from "../../web/components/SharingControl";
import { decisionSetAction } from "../../web/routes/DecisionSetRoute";
import { DS, runUntil } from "./fixtures";

const NOW = Date.parse("2026-11-27T10:00:10.000Z");

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("who answered a gate", () => {
  it("names the approver who answered the questions", () => {
    const questions = reduceAll(initialView(DS), runUntil("responses-collected", "input")).questions;
    if (questions?.answered === undefined) throw new Error("fixture has no answered questions");
    const gate = {
      ...questions,
      answered: { ...questions.answered, by: { kind: "approver" as const, email: "ada@example.com" } },
    };
    render(<QuestionsForm decisionSetId={DS} gate={gate} now={NOW} skewMs={0} />);
    expect(screen.getByTestId("questions-answered").textContent).toBe(
      "These questions were answered by ada@example.com, an approver.",
    );
  });

  it("names the owner who decided the plan, to an approver or the owner's other tab", () => {
    const approval = reduceAll(initialView(DS), runUntil("responses-collected", "final")).approval;
    if (approval?.decided === undefined) throw new Error("fixture has no decided approval");
    const gate = {
      ...approval,
      decided: { ...approval.decided, by: { kind: "owner" as const, email: "owner@example.com" } },
    };
    render(<ApprovalPanel decisionSetId={DS} gate={gate} now={NOW} skewMs={0} />);
    expect(screen.getByTestId("approval-decided").textContent).toContain("Approved by the owner (owner@example.com).");
  });
});

describe("the sharing control's three roles", () => {
  it("names a person an approver and saves them as one", async () => {
    let posted: unknown = null;
    vi.stubGlobal("fetch", async (url: string, init?: RequestInit) => {
      posted = JSON.parse(typeof init?.body === "string" ? init.body : "null");
      expect(url).toBe(`/api/decision-sets/${DS}/sharing`);
      return Response.json({
        decision_set_id: DS,
        link: "none",
        people: ["carol@example.com"],
        approvers: ["ada@example.com"],
      });
    });
    const stored = { decision_set_id: DS, link: "none" as const, people: ["carol@example.com"], approvers: [] };
    const router = createMemoryRouter(
      [
        {
          path: "/d/:decisionSetId",
          action: decisionSetAction,
          element: <SharingControl decisionSetId={DS} load={{ kind: "owner", sharing: stored }} byEmail />,
        },
      ],
      { initialEntries: [`/d/${DS}`] },
    );
    render(<RouterProvider router={router} />);
    expect(screen.getByText("You: owner")).toBeTruthy();
    expect(screen.getByLabelText<HTMLSelectElement>("Role of carol@example.com").value).toBe("watch");
    fireEvent.change(screen.getByPlaceholderText("name@example.com"), { target: { value: "Ada@Example.com" } });
    fireEvent.change(screen.getByLabelText("Role"), { target: { value: "approve" } });
    fireEvent.click(screen.getByRole("button", { name: "Add" }));
    expect(screen.getByLabelText<HTMLSelectElement>("Role of ada@example.com").value).toBe("approve");
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Save sharing" })));
    expect(await screen.findByText("Saved.")).toBeTruthy();
    expect(posted).toEqual({ link: "none", people: ["carol@example.com"], approvers: ["ada@example.com"] });
  });

  it("tells an approver it may answer and approve, and a watcher it may only watch", () => {
    const { unmount } = render(
      <SharingControl decisionSetId={DS} load={{ kind: "watcher" }} byEmail role="approver" />,
    );
    expect(screen.getByTestId("approver").textContent).toContain("you can answer its questions and approve its plan");
    unmount();
    render(<SharingControl decisionSetId={DS} load={{ kind: "watcher" }} byEmail role="watcher" />);
    expect(screen.getByTestId("watch-only").textContent).toContain("You are watching this run.");
  });
});
