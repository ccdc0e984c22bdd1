/**
 * The chat page's conversations: the list of the person's threads, and the question put
 * before leaving a conversation whose run waits for them, with a run on a fake stream
 * reporting its open gate through the attention store as it does in the app.
 */
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { createMemoryRouter, RouterProvider } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Status } from "../../worker/contract/status";
import { streamFor } from "../../web/hooks/useDecisionSetStream";
import { routes } from "../../web/routes/routes";
import { harness, MemoryStorage, type Harness } from "./fake-stream";
import { DS, ephemeral, PLAN, recordedRun, runUntil } from "./fixtures";

vi.mock("mermaid", () => ({
  default: { initialize: () => undefined, render: async () => ({ svg: "<svg></svg>" }) },
}));

const THREAD_ID = "5ad34fa7-b16c-4e8d-9fc0-6b7c8d9eafb6";
const OTHER_THREAD = "6be45ab8-c27d-4f9e-8ad1-7c8d9eafb0c7";
const OTHER_RUN = "7cf56bc9-d38e-4a0f-9be2-8d9eafb0c1d8";
const REQUEST = "Real-time fraud scoring on card transactions";

let h: Harness;
let listedStatus: Status;

function summary(id: string, thread: string, title: string, status: Status, day: number) {
  return {
    decision_set_id: id,
    thread_id: thread,
    previous_id: null,
    title,
    status,
    created_at: `2026-11-0${day}T10:00:00.000Z`,
    updated_at: `2026-11-0${day}T10:01:00.000Z`,
  };
}

beforeEach(() => {
  h = harness();
  streamFor(DS, () => h.deps);
  // The other conversation's run, once opened, streams nothing.
  streamFor(OTHER_RUN, () => harness().deps);
  listedStatus = "running";
  // The chat keeps its open thread in localStorage: a fresh one per test.
  const storage = new MemoryStorage();
  vi.stubGlobal("localStorage", storage);
  storage.setItem(
    "rs:chat",
    JSON.stringify({ thread_id: THREAD_ID, entries: [{ id: "e1", content: REQUEST, decision_set_id: DS }] }),
  );
  vi.stubGlobal("fetch", async (url: string) => {
    if (url === "/api/workflow/plan") return Response.json({ nodes: PLAN, graph_type: "mlops" });
    if (url === "/api/decision-sets")
      return Response.json({
        decision_sets: [
          summary(DS, THREAD_ID, REQUEST, listedStatus, 2),
          summary(OTHER_RUN, OTHER_THREAD, "Batch demand forecasting", "completed", 1),
        ],
      });
    return Response.json({ error: { code: "not_found", message: "nope" } }, { status: 404 });
  });
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderChat() {
  const router = createMemoryRouter(routes, { initialEntries: ["/"] });
  render(<RouterProvider router={router} />);
  return router;
}

/** The run of the open conversation reaches its questions gate, live: its container reports it waiting. */
function gateOpens() {
  const events = runUntil("workflow-paused", "input");
  act(() => h.latest().open());
  act(() => {
    events.forEach((e) => h.latest().send(e));
    h.latest().send(ephemeral("caught-up", { last_seq: events.length, replayed: events.length }));
  });
}

const conversation = () => screen.getByRole("list", { name: "Conversation" });
const newConversation = () => screen.getByRole("button", { name: "New conversation" });

describe("the conversation list", () => {
  it("lists the person's threads newest first, the open one marked, each with its status", async () => {
    renderChat();
    const nav = await screen.findByRole("navigation", { name: "Your conversations" });
    const links = await within(nav).findAllByRole("link");
    expect(links.map((a) => a.textContent)).toEqual([REQUEST, "Batch demand forecasting"]);
    expect(links[0]?.getAttribute("aria-current")).toBe("true");
    expect(links[1]?.getAttribute("href")).toBe(`/?thread=${OTHER_THREAD}`);
    expect(within(nav).getByText("Completed")).toBeTruthy();
  });

  it("opens another conversation from its link when nothing waits", async () => {
    renderChat();
    fireEvent.click(await screen.findByRole("link", { name: "Batch demand forecasting" }));
    expect(await within(conversation()).findByText("Batch demand forecasting")).toBeTruthy();
    expect(within(conversation()).queryByText(REQUEST)).toBeNull();
    expect(screen.queryByRole("dialog")).toBeNull();
  });
});

describe("leaving a conversation", () => {
  it("starts a new one at once when no run waits", async () => {
    renderChat();
    await screen.findByRole("navigation", { name: "Your conversations" });
    fireEvent.click(newConversation());
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(screen.getByRole("heading", { name: "Describe the ML platform you need" })).toBeTruthy();
  });

  it("asks first when a run's gate is open; Cancel keeps the conversation", async () => {
    renderChat();
    await screen.findByRole("navigation", { name: "Your conversations" });
    gateOpens();
    // A real click focuses the button first; the dialog gives focus back to it.
    newConversation().focus();
    fireEvent.click(newConversation());
    const dialog = screen.getByRole("dialog", { name: "Leave this conversation while a run waits for you?" });
    const cancel = within(dialog).getByRole("button", { name: "Cancel" });
    expect(document.activeElement).toBe(cancel);
    fireEvent.click(cancel);
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(within(conversation()).getByText(REQUEST)).toBeTruthy();
    expect(document.activeElement).toBe(newConversation());
  });

  it("asks first when a run's gate is open; Leave starts a new conversation", async () => {
    renderChat();
    await screen.findByRole("navigation", { name: "Your conversations" });
    gateOpens();
    fireEvent.click(newConversation());
    fireEvent.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Leave" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(screen.getByRole("heading", { name: "Describe the ML platform you need" })).toBeTruthy();
    expect(within(conversation()).queryAllByRole("listitem")).toHaveLength(0);
  });

  it("asks first when the list saw the run paused, before its container reported", async () => {
    listedStatus = "paused";
    renderChat();
    const nav = await screen.findByRole("navigation", { name: "Your conversations" });
    expect(await within(nav).findByText("Waiting for you")).toBeTruthy();
    fireEvent.click(newConversation());
    expect(screen.getByRole("dialog")).toBeTruthy();
  });

  it("asks before opening another conversation too", async () => {
    renderChat();
    await screen.findByRole("navigation", { name: "Your conversations" });
    gateOpens();
    fireEvent.click(screen.getByRole("link", { name: "Batch demand forecasting" }));
    const dialog = screen.getByRole("dialog");
    fireEvent.click(within(dialog).getByRole("button", { name: "Leave" }));
    expect(within(conversation()).getByText("Batch demand forecasting")).toBeTruthy();
  });

  it("Escape cancels like Cancel does", async () => {
    renderChat();
    await screen.findByRole("navigation", { name: "Your conversations" });
    gateOpens();
    fireEvent.click(newConversation());
    fireEvent(screen.getByRole("dialog"), new Event("cancel", { cancelable: true }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(within(conversation()).getByText(REQUEST)).toBeTruthy();
  });

  it("leaves without asking once the gate is answered, though the list had seen it paused", async () => {
    listedStatus = "paused";
    renderChat();
    const nav = await screen.findByRole("navigation", { name: "Your conversations" });
    await within(nav).findByText("Waiting for you");
    gateOpens();
    // Answered (in another tab): the gate closes and the server's list moves on with it.
    listedStatus = "running";
    const answered = recordedRun()[runUntil("workflow-paused", "input").length];
    if (answered === undefined) throw new Error("the recorded run ends at its gate");
    act(() => h.latest().send(answered));
    expect(await within(nav).findByText("Running")).toBeTruthy();
    fireEvent.click(newConversation());
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(screen.getByRole("heading", { name: "Describe the ML platform you need" })).toBeTruthy();
  });
});
