/**
 * The agent streaming protocol's events from a run's log: each gate is an
 * `input.requested` with the interrupt id `input.respond` names, each answer an
 * `input.answered`; seqs are the log's, event ids are the same on every replay, and a
 * replay from `since` yields exactly the events after it.
 */
import { describe, expect, it } from "vitest";
import { StreamEvent } from "../../worker/contract/events";
import {
  matchesChannels,
  matchesNamespaces,
  ProtocolMapper,
  type ProtocolEvent,
} from "../../worker/langgraph/protocol";

const RUN = "0b7f3c52-1111-4000-8000-000000000001";
const deadline = "2030-01-01T00:00:00.000Z";
const at = "2026-01-01T00:00:00.000Z";

/** A run's log through both gates to its cancellation, as the object stores it. */
const LOG = [
  { type: "node-start", data: { node: "intake_extract", title: "Reading the brief" } },
  { type: "node-complete", data: { node: "intake_extract", duration_ms: 3, outputs: { region: "eu" } } },
  { type: "workflow-paused", data: { reason: "questions", gate: "input", deadline, defaults: { budget: 3000 } } },
  {
    type: "questions-presented",
    data: {
      questions: [{ id: "budget", question: "Monthly budget?", why: "sizing", type: "number", default: 3000 }],
      smart_defaults: { budget: 3000 },
      deadline,
      timeout_seconds: 60,
    },
  },
  { type: "responses-collected", data: { responses: { budget: 3000 }, source: "user", gate: "input" } },
  { type: "node-complete", data: { node: "planner", duration_ms: 5, outputs: { plan: "p" } } },
  {
    type: "workflow-paused",
    data: { reason: "approval", gate: "final", deadline, defaults: { decision: "approved" } },
  },
  { type: "responses-collected", data: { responses: { decision: "approved" }, source: "user", gate: "final" } },
  { type: "workflow-cancelled", data: { by: "owner" } },
].map((e, i) => StreamEvent.parse({ ...e, decision_set_id: RUN, seq: i + 1, timestamp: at }));

function run(since: number): { events: ProtocolEvent[]; ended: boolean } {
  const mapper = new ProtocolMapper(RUN, since);
  return { events: LOG.flatMap((e) => mapper.next(e)), ended: mapper.ended };
}

describe("the agent streaming protocol's events", () => {
  it("asks for input at each gate with the id input.respond names, and says when each is answered", () => {
    const { events, ended } = run(0);
    const requested = events.filter((e) => e.method === "input.requested");
    expect(requested.map((e) => Object.fromEntries(Object.entries(e.params.data ?? {})).interrupt_id)).toEqual([
      `${RUN}:input`,
      `${RUN}:final`,
    ]);
    const answered = events.filter((e) => e.method === "input.answered").map((e) => e.params.data);
    expect(answered).toEqual([{ interrupt_ids: [`${RUN}:input`] }, { interrupt_ids: [`${RUN}:final`] }]);
    const lifecycle = events.filter((e) => e.method === "lifecycle").map((e) => e.params.data);
    expect(lifecycle.map((d) => Object.fromEntries(Object.entries(d ?? {})).event)).toEqual([
      "interrupted",
      "running",
      "interrupted",
      "running",
      "failed",
    ]);
    expect(ended).toBe(true);
    // Every event is in the root namespace and carries its stored event's seq.
    expect(events.every((e) => e.params.namespace.length === 0 && e.seq >= 1 && e.seq <= LOG.length)).toBe(true);
    expect(events.map((e) => e.seq)).toEqual(events.map((e) => e.seq).toSorted((a, b) => a - b));
  });

  it("gives each event one id, the same on every replay, and replays exactly what follows since", () => {
    const all = run(0).events;
    const ids = all.map((e) => e.event_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(run(0).events).toEqual(all);
    for (let since = 0; since <= LOG.length; since++) {
      expect(run(since).events).toEqual(all.filter((e) => e.seq > since));
    }
  });

  it("filters by channel as the SDK does: input takes both input methods, custom takes every name", () => {
    const all = run(0).events;
    expect(all.filter((e) => matchesChannels(e, ["input"])).map((e) => e.method)).toEqual([
      "input.requested",
      "input.answered",
      "input.requested",
      "input.answered",
    ]);
    expect(all.filter((e) => matchesChannels(e, ["custom"]))).toHaveLength(LOG.length);
    expect(all.filter((e) => matchesChannels(e, ["custom:node-complete"]))).toHaveLength(2);
    const values = all.filter((e) => e.method === "values").at(-1)?.params.data;
    expect(Object.fromEntries(Object.entries(values ?? {})).status).toBe("paused");
  });

  it("filters by namespace as the SDK does: the root graph's events match no filter, the root, and no deeper prefix", () => {
    const [event] = run(0).events;
    if (event === undefined) throw new Error("no events");
    expect(matchesNamespaces(event, undefined, undefined)).toBe(true);
    expect(matchesNamespaces(event, [], undefined)).toBe(true);
    expect(matchesNamespaces(event, [[]], 0)).toBe(true);
    expect(matchesNamespaces(event, [["planner"]], undefined)).toBe(false);
    expect(matchesNamespaces(event, [["planner"], []], 1)).toBe(true);
  });
});
