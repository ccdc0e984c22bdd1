import { describe, expect, it } from "vitest";
import type { DecisionSetSummary } from "../../worker/contract/api";
import type { Status } from "../../worker/contract/status";
import { groupConversations, threadOf, threadWaits } from "../../web/lib/conversations";

function run(
  id: string,
  thread: string,
  day: number,
  status: Status = "completed",
  title = `Run ${id}`,
): DecisionSetSummary {
  return {
    decision_set_id: id,
    thread_id: thread,
    previous_id: null,
    title,
    status,
    created_at: `2026-11-${String(day).padStart(2, "0")}T10:00:00.000Z`,
    updated_at: `2026-11-${String(day).padStart(2, "0")}T10:05:00.000Z`,
  };
}

describe("groupConversations", () => {
  it("groups by thread, newest conversation first, named by its first run with its newest run's status", () => {
    // The list arrives newest run first, as the API sends it.
    const list = [
      run("c2", "t-c", 9, "paused", "Make it cheaper"),
      run("a2", "t-a", 8, "failed"),
      run("b1", "t-b", 5, "completed", "Batch forecasting"),
      run("c1", "t-c", 3, "completed", "Fraud scoring"),
      run("a1", "t-a", 1, "completed", "Image classification"),
    ];
    const conversations = groupConversations(list);
    expect(conversations.map((c) => c.thread_id)).toEqual(["t-c", "t-a", "t-b"]);
    expect(conversations.map((c) => c.title)).toEqual(["Fraud scoring", "Image classification", "Batch forecasting"]);
    expect(conversations.map((c) => c.status)).toEqual(["paused", "failed", "completed"]);
    expect(conversations[0]?.runs.map((r) => r.decision_set_id)).toEqual(["c1", "c2"]);
  });

  it("names an untitled conversation by its first run's id, and is empty for no runs", () => {
    expect(groupConversations([run("x1", "t-x", 2, "running", "")])[0]?.title).toBe("x1");
    expect(groupConversations([])).toEqual([]);
  });
});

describe("threadOf", () => {
  it("opens a conversation as one turn per run, oldest first, on the same thread", () => {
    const [c] = groupConversations([
      run("a2", "t-a", 4, "completed", "Cheaper"),
      run("a1", "t-a", 2, "completed", "First"),
    ]);
    if (c === undefined) throw new Error("no conversation");
    expect(threadOf(c)).toEqual({
      thread_id: "t-a",
      entries: [
        { id: "a1", content: "First", decision_set_id: "a1" },
        { id: "a2", content: "Cheaper", decision_set_id: "a2" },
      ],
    });
  });
});

describe("threadWaits", () => {
  const thread = {
    thread_id: "t-a",
    entries: [
      { id: "e1", content: "x", decision_set_id: "a1" },
      { id: "e2", content: "y" },
    ],
  };

  it("is true when the attention store knows a run of the thread waits", () => {
    expect(threadWaits(thread, new Set(["a1"]), [])).toBe(true);
  });

  it("is true when the list saw a run of the thread paused at a gate", () => {
    expect(threadWaits(thread, new Set(), [run("a1", "t-a", 1, "paused")])).toBe(true);
  });

  it("is false when only other threads' runs wait, or none do", () => {
    expect(threadWaits(thread, new Set(["b1"]), [run("b1", "t-b", 1, "paused"), run("a1", "t-a", 1, "running")])).toBe(
      false,
    );
    expect(threadWaits({ entries: [] }, new Set(), [])).toBe(false);
  });
});
