/**
 * The shared reducer driven by recorded event sequences, as the web app feeds it: whatever
 * the delivery (duplicates, gaps, reordering across a reconnect, a snapshot after a trim),
 * the view ends where an in-order, once-each delivery ends.
 */
import { describe, expect, it } from "vitest";
import {
  initialView,
  progressOf,
  reduce,
  reduceAll,
  toSnapshot,
  type WorkflowView,
} from "../../worker/contract/reduce";
import { parseStreamEvent, type StreamEvent } from "../../worker/contract/events";
import { DS, PLAN, ephemeral, recordedMlopsRun, recordedRun, wire } from "./fixtures";

const run = recordedRun();
const inOrder = reduceAll(initialView(DS), run);

/** Parses every frame as the app does, so the fixtures also prove the wire format. */
function deliver(events: readonly StreamEvent[], from: WorkflowView = initialView(DS)): WorkflowView {
  return events.reduce((view, e) => {
    const parsed = parseStreamEvent(wire(e));
    if (parsed === null) throw new Error(`fixture frame did not parse: ${e.type} ${e.seq}`);
    return reduce(view, parsed);
  }, from);
}

describe("a recorded run, delivered in order", () => {
  it("ends completed with every planned step done once and its final outputs", () => {
    const view = deliver(run);
    expect(view.status).toBe("completed");
    expect(view.last_seq).toBe(run.length);
    expect(view.steps.map((s) => s.node)).toEqual(PLAN.map((p) => p.id));
    expect(view.steps.every((s) => s.status === "done" && s.cards.length === 1)).toBe(true);
    expect(progressOf(view)).toBe(1);
    expect(view.final_outputs?.artifacts).toHaveLength(3);
    expect(view.questions?.answered?.source).toBe("user");
    expect(view.approval?.decided?.responses).toMatchObject({ decision: "approved" });
    expect(view.pending).toEqual([]);
  });

  it("reports real progress part-way: the share of planned steps completed", () => {
    const upToPlanner = run.slice(0, run.findIndex((e) => e.type === "node-complete" && e.data.node === "planner") + 1);
    expect(progressOf(deliver(upToPlanner))).toBeCloseTo(5 / 13);
  });
});

describe("duplicates", () => {
  it("every event delivered twice gives the same view as once", () => {
    const twice = run.flatMap((e) => [e, e]);
    expect(deliver(twice)).toEqual(inOrder);
  });

  it("a replay of already-applied events is ignored", () => {
    const view = deliver(run.slice(0, 20));
    expect(deliver(run.slice(0, 20), view)).toBe(view);
  });
});

describe("gaps", () => {
  it("events after a gap wait in pending, then apply once the gap fills", () => {
    const before = deliver(run.slice(0, 5));
    const ahead = deliver(run.slice(6, 10), before);
    expect(ahead.last_seq).toBe(5);
    expect(ahead.pending.map((e) => e.seq)).toEqual([7, 8, 9, 10]);
    // Nothing from beyond the gap shows: no step appears out of order.
    expect(ahead.steps).toEqual(before.steps);
    const filled = deliver([run[5] as StreamEvent], ahead);
    expect(filled.last_seq).toBe(10);
    expect(filled.pending).toEqual([]);
    expect(filled).toEqual(deliver(run.slice(0, 10)));
  });

  it("the same pending event twice is held once", () => {
    const view = deliver([run[0], run[3], run[3]].filter((e): e is StreamEvent => e !== undefined));
    expect(view.pending.map((e) => e.seq)).toEqual([4]);
  });
});

describe("out of order across a reconnect", () => {
  it("a stale cursor's replay overlapping what was shown adds nothing twice", () => {
    // Connection A showed 1..12 and dropped; connection B resumed from an older cursor (8).
    const a = run.slice(0, 12);
    const b = run.slice(8);
    expect(deliver([...a, ...b])).toEqual(inOrder);
  });

  it("late frames of the old connection interleaved with the new one's replay", () => {
    // B's replay (from 10) starts arriving before A's last frames (10, 11) are processed.
    const a1 = run.slice(0, 9);
    const lateA = run.slice(9, 11);
    const b = run.slice(9);
    const mixed = [...a1, ...b.slice(2, 6), ...lateA, ...b];
    expect(deliver(mixed)).toEqual(inOrder);
  });

  it("any shuffle of a window converges to the in-order view", () => {
    // Reverse blocks of 5: the worst local reordering a reconnect can produce.
    const shuffled: StreamEvent[] = [];
    for (let i = 0; i < run.length; i += 5) shuffled.push(...run.slice(i, i + 5).toReversed());
    expect(deliver(shuffled)).toEqual(inOrder);
  });
});

/** The snapshot the Durable Object would send after trimming history up to seq n. */
function snapshotAt(n: number): StreamEvent {
  const snap = toSnapshot(reduceAll(initialView(DS), run.slice(0, n)));
  return { type: "snapshot", decision_set_id: DS, seq: n, timestamp: run[n - 1]?.timestamp ?? "", data: { ...snap } };
}

describe("snapshot", () => {
  it("a snapshot (history trimmed) then the retained tail equals the whole history", () => {
    const view = deliver([snapshotAt(25), ...run.slice(25)]);
    expect(view).toEqual(inOrder);
  });

  it("a snapshot older than the view is ignored", () => {
    const view = deliver(run.slice(0, 30));
    expect(deliver([snapshotAt(20)], view)).toBe(view);
  });

  it("a snapshot that fills a gap drains the events waiting behind it", () => {
    const waiting = deliver(run.slice(26, 30), deliver(run.slice(0, 10)));
    expect(waiting.pending).toHaveLength(4);
    const view = deliver([snapshotAt(26)], waiting);
    expect(view.last_seq).toBe(30);
    expect(view.pending).toEqual([]);
    expect(view).toEqual(deliver(run.slice(0, 30)));
  });

  it("a malformed snapshot is refused at the boundary", () => {
    const bad = { type: "snapshot", decision_set_id: DS, seq: 5, timestamp: "x", data: { last_seq: 5, steps: "nope" } };
    expect(parseStreamEvent(JSON.stringify(bad))).toBeNull();
  });
});

describe("ephemeral events", () => {
  it("tokens stream into the running step and never move the cursor", () => {
    const running = deliver(run.slice(0, 2));
    const view = deliver(
      [
        ephemeral("token", { node: "intake_extract", text: "Reading " }),
        ephemeral("token", { node: "intake_extract", text: "the request" }),
      ],
      running,
    );
    expect(view.last_seq).toBe(running.last_seq);
    expect(view.steps[0]?.live_text).toBe("Reading the request");
    expect(toSnapshot(view).steps[0]?.live_text).toBeUndefined();
  });

  it("caught-up marks the view as showing the present; heartbeats change nothing", () => {
    const view = deliver(run.slice(0, 3));
    expect(deliver([ephemeral("heartbeat", {})], view)).toBe(view);
    expect(deliver([ephemeral("caught-up", { last_seq: 3, replayed: 3 })], view).caught_up).toBe(true);
  });
});

describe("a loop back re-plans what remains", () => {
  it("re-running the planner undoes its completion and what was planned after it", () => {
    const upToPolicy = run.slice(
      0,
      run.findIndex((e) => e.type === "node-complete" && e.data.node === "policy_eval") + 1,
    );
    const view = deliver(upToPolicy);
    expect(progressOf(view)).toBeCloseTo(8 / 13);
    const n = view.last_seq;
    const again = deliver(
      [
        {
          type: "node-start",
          decision_set_id: DS,
          seq: n + 1,
          timestamp: "2026-11-27T10:05:00.000Z",
          data: { node: "planner", title: "Planning again" },
        },
      ],
      view,
    );
    expect(progressOf(again)).toBeCloseTo(4 / 13);
    expect(again.steps.filter((s) => s.node === "planner")).toHaveLength(2);
    expect(again.steps.at(-1)?.status).toBe("running");
  });
});

describe("the wire boundary", () => {
  it("skips what is not a valid event", () => {
    expect(parseStreamEvent("not json")).toBeNull();
    expect(
      parseStreamEvent(JSON.stringify({ type: "nope", decision_set_id: DS, timestamp: "t", data: {} })),
    ).toBeNull();
    expect(
      parseStreamEvent(
        JSON.stringify({ type: "node-start", decision_set_id: DS, seq: 1, timestamp: "t", data: { node: 1 } }),
      ),
    ).toBeNull();
    expect(parseStreamEvent(wire(run[0] as StreamEvent))?.type).toBe("workflow-start");
  });

  it("a workflow error with data is an event that fails the run", () => {
    const err = parseStreamEvent(
      JSON.stringify({
        type: "error",
        decision_set_id: DS,
        seq: 3,
        timestamp: "2026-11-27T10:00:03.000Z",
        data: { message: "planner crashed", node: "intake_extract", retryable: false, attempt: 1 },
      }),
    );
    expect(err).not.toBeNull();
    const view = deliver(run.slice(0, 2));
    const failed = err === null ? view : reduce(view, err);
    expect(failed.status).toBe("failed");
    expect(failed.steps[0]?.status).toBe("failed");
  });
});

describe("the recorded MLOps run from the dev server", () => {
  const { id, events } = recordedMlopsRun();
  const real = reduceAll(initialView(id), events);
  const from = (list: readonly StreamEvent[], view = initialView(id)) => reduceAll(view, list);
  const snapAt = (n: number): StreamEvent => ({
    type: "snapshot",
    decision_set_id: id,
    seq: n,
    timestamp: events[n - 1]?.timestamp ?? "",
    data: { ...toSnapshot(from(events.slice(0, n))) },
  });

  it("ends completed, with a step for every node-start in order, including the answers' loop back", () => {
    expect(real.status).toBe("completed");
    expect(real.last_seq).toBe(events.length);
    const starts = events.flatMap((e) => (e.type === "node-start" ? [e.data.node] : []));
    expect(real.steps.map((s) => s.node)).toEqual(starts);
    expect(starts.filter((n) => n === "intake_extract")).toHaveLength(2);
    expect(real.final_outputs?.artifacts.length).toBeGreaterThan(0);
    expect(progressOf(real)).toBe(1);
  });

  it("progress falls back when the answers send the run back to intake, then climbs to the end", () => {
    const resumed = events.findIndex(
      (e) => e.type === "node-start" && e.data.node === "intake_extract" && (e.seq ?? 0) > 2,
    );
    const atGate = progressOf(from(events.slice(0, resumed)));
    const afterLoop = progressOf(from(events.slice(0, resumed + 1)));
    expect(afterLoop).toBeLessThan(atGate);
  });

  it("converges whatever the delivery: twice each, a stale-cursor overlap, reversed blocks", () => {
    expect(from(events.flatMap((e) => [e, e]))).toEqual(real);
    expect(from([...events.slice(0, 30), ...events.slice(20)])).toEqual(real);
    const blocks: StreamEvent[] = [];
    for (let i = 0; i < events.length; i += 4) blocks.push(...events.slice(i, i + 4).toReversed());
    expect(from(blocks)).toEqual(real);
  });

  it.each([1, 12, 28, 40, 55])("a snapshot at seq %i then the tail equals the whole history", (n) => {
    expect(from([snapAt(n), ...events.slice(n)])).toEqual(real);
  });
});

describe("gates in the view", () => {
  it("records which step asked, and keeps an answered gate done when the answers loop back", () => {
    const { events } = recordedMlopsRun();
    let view = initialView(events[0]?.decision_set_id ?? DS);
    let progressBeforeLoop = -1;
    for (const e of events) {
      if (e.type === "node-start" && e.data.node === "intake_extract" && view.questions?.answered !== undefined) {
        progressBeforeLoop = progressOf(view);
      }
      view = reduce(view, e);
    }
    expect(view.questions?.node).toBe("hitl_gate_input");
    expect(view.approval?.node).toBe("hitl_gate_final");
    // The loop back undid the steps it re-runs, not the answered gate.
    expect(progressBeforeLoop).toBeGreaterThan(0);
    expect(view.completed_nodes).toContain("hitl_gate_input");
    expect(progressOf(view)).toBe(1);
  });

  it("counts the answered gate as done part-way through the second round", () => {
    const { events } = recordedMlopsRun();
    const plannerAgain = events.findIndex((e) => e.type === "node-start" && e.data.node === "planner");
    const view = reduceAll(initialView(DS), events.slice(0, plannerAgain + 1));
    expect(view.completed_nodes).toEqual(
      expect.arrayContaining(["intake_extract", "coverage_check", "adaptive_questions", "hitl_gate_input"]),
    );
  });
});
