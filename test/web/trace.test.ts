/**
 * The replay's two pure parts: reading a trace file (a recorded MLOps run written out as
 * the export writes it), refusing corrupt and foreign files with a message, and the graph
 * state each node gets from the view, loops counted.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { initialView, reduce, reduceAll } from "../../worker/contract/reduce";
import { nodeProgress, progressOfNode } from "../../web/lib/graph-state";
import { compareRevisions } from "../../web/lib/revisions";
import { parseTrace, viewAfter } from "../../web/lib/trace";
import mlopsRun from "./recorded/mlops-run.json";

const Recorded = z.object({
  decision_set_id: z.string(),
  events: z.array(z.object({ seq: z.number().optional() }).passthrough()),
});
const run = Recorded.parse(mlopsRun);
const stored = run.events.filter((e) => e.seq !== undefined);
const jsonl = stored.map((e) => JSON.stringify(e)).join("\n") + "\n";

describe("a trace file", () => {
  it("replays a recorded run to the view the live stream built", () => {
    const trace = parseTrace(jsonl);
    if (!trace.ok) throw new Error(trace.message);
    expect(trace.decisionSetId).toBe(run.decision_set_id);
    expect(trace.events.length).toBe(stored.length);
    const end = viewAfter(trace.decisionSetId, trace.events, trace.events.length);
    expect(end.status).toBe("completed");
    expect(end.last_seq).toBe(stored.at(-1)?.seq);
    expect(end).toEqual(reduceAll(initialView(trace.decisionSetId), trace.events));
    expect(viewAfter(trace.decisionSetId, trace.events, 0).last_seq).toBe(0);
  });

  it("refuses what is not a trace with a message naming the line", () => {
    const cases: [string, RegExp][] = [
      ["", /empty/],
      ["not json\n", /Line 1 is not an event/],
      ['{"hello":"world"}\n', /Line 1 is not an event/],
      [jsonl.split("\n").toSpliced(3, 1).join("\n"), /Line 4 has seq 5 where 4 was due/],
      [
        jsonl +
          JSON.stringify({
            type: "heartbeat",
            decision_set_id: run.decision_set_id,
            timestamp: "2026-01-01T00:00:00Z",
            data: {},
          }),
        /heartbeat event, which a trace never holds/,
      ],
    ];
    for (const [text, message] of cases) {
      const trace = parseTrace(text);
      expect(trace.ok).toBe(false);
      if (!trace.ok) expect(trace.message).toMatch(message);
    }
    const other = jsonl.replace(
      /^(.*\n.*\n)(.*?)"decision_set_id":"[^"]+"/,
      `$1$2"decision_set_id":"${crypto.randomUUID()}"`,
    );
    const mixed = parseTrace(other);
    expect(mixed.ok === false && mixed.message).toMatch(/another decision set/);
  });
});

describe("the graph state of each node", () => {
  it("is pending, running, waiting or done from the view, with its loops counted", () => {
    const trace = parseTrace(jsonl);
    if (!trace.ok) throw new Error(trace.message);
    const id = trace.decisionSetId;
    const end = nodeProgress(viewAfter(id, trace.events, trace.events.length));
    expect(progressOfNode(end, "planner").state).toBe("done");
    const starts = trace.events.filter((e) => e.type === "node-start" && e.data.node === "intake_extract").length;
    expect(progressOfNode(end, "intake_extract").loops).toBe(starts - 1);
    expect(progressOfNode(end, "nowhere")).toEqual({ state: "pending", runs: 0, loops: 0, cards: [] });
    // Right after the first node starts, it runs and the planner is still pending.
    const first = trace.events.findIndex((e) => e.type === "node-start");
    const early = nodeProgress(viewAfter(id, trace.events, first + 1));
    expect(progressOfNode(early, "intake_extract").state).toBe("running");
    expect(progressOfNode(early, "planner").state).toBe("pending");
    // Paused at the input gate, the gate's node waits for a person (this recording took its
    // defaults at once, so the pause is added to it).
    const asked = trace.events.findIndex((e) => e.type === "questions-presented");
    const before = viewAfter(id, trace.events, asked + 1);
    const paused = reduce(before, {
      type: "workflow-paused",
      decision_set_id: id,
      seq: before.last_seq + 1,
      timestamp: new Date().toISOString(),
      data: { reason: "questions" },
    });
    expect(paused.status).toBe("paused");
    const states = nodeProgress(paused);
    expect(progressOfNode(states, "hitl_gate_input").state).toBe("waiting");
    expect([...states.values()].filter((p) => p.state === "waiting").length).toBe(1);
  });
});

describe("cards across revisions", () => {
  it("line up each node's last card per revision and mark a decision that changed", () => {
    const trace = parseTrace(jsonl);
    if (!trace.ok) throw new Error(trace.message);
    const first = viewAfter(trace.decisionSetId, trace.events, trace.events.length);
    const planner = first.steps.findLast((s) => s.node === "planner");
    const card = planner?.cards.at(-1);
    if (planner === undefined || card === undefined) throw new Error("the recording has no planner card");
    const second = {
      ...first,
      steps: first.steps.map((s) =>
        s === planner ? { ...s, cards: [{ ...card, decision: "A different architecture" }] } : s,
      ),
    };
    const rows = compareRevisions([
      { decisionSetId: "a", createdAt: "2026-01-01T00:00:00Z", view: first },
      { decisionSetId: "b", createdAt: "2026-01-02T00:00:00Z", view: second },
    ]);
    const row = rows.find((r) => r.node === "planner");
    expect(row?.cards.map((c) => c?.decision)).toEqual([card.decision, "A different architecture"]);
    expect(row?.changed).toEqual([false, true]);
    expect(rows.filter((r) => r.changed.some(Boolean)).map((r) => r.node)).toEqual(["planner"]);
  });
});
