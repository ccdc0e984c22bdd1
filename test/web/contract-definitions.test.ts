/**
 * Each status and event name is written once, in the contract; every other list of them
 * is taken from there. These tests fail when a name is added to one list only: a status
 * a schema or the page does not know, an event type missing
 * from a union, a frame the reader does not read back as it was written.
 */
import { describe, expect, it } from "vitest";
import {
  EPHEMERAL_TYPES,
  EVENT_TYPES,
  EventTypeSchema,
  FinalOutputs,
  OBJECT_ONLY_TYPES,
  ProducedEvent,
  ProducedType,
  STORED_TYPES,
  StreamEvent,
  TERMINAL_TYPES,
  isEphemeral,
  parseStreamEvent,
} from "../../worker/contract/events";
import { ChatAccepted, JobStatusResponse, LiveSummary } from "../../worker/contract/api";
import { initialView } from "../../worker/contract/reduce";
import { FrameSplitter, parseFrames, writeFrame } from "../../worker/contract/sse";
import {
  JOB_STATUSES,
  JobStatus,
  LiveStatus,
  OutcomeStatus,
  STATUSES,
  Status,
  TerminalStatus,
  isTerminalStatus,
} from "../../worker/contract/status";
import { ViewSnapshot } from "../../worker/contract/view";
import { STATUS_LABEL, STATUS_SYMBOL, isCancellable } from "../../web/lib/status";

const sorted = (names: Iterable<string>) => [...names].toSorted();
/** The `type` of each member of a union on `type`, in its order. */
const typesOf = (union: { options: readonly { shape: { type: { value: string } } }[] }) =>
  union.options.map((member) => member.shape.type.value);

describe("statuses: one list, every other set taken from it", () => {
  it("the decision set's statuses are the job's and `rejected`, in every schema that carries one", () => {
    expect(Status.options).toEqual([...JOB_STATUSES, "rejected"]);
    expect(Status.options).toEqual([...STATUSES]);
    expect(JobStatus.options).toEqual([...JOB_STATUSES]);
    expect(ViewSnapshot.shape.status.options).toEqual(Status.options);
    expect(LiveSummary.shape.status.options).toEqual(Status.options);
    expect(JobStatusResponse.shape.status.options).toEqual(JobStatus.options);
    expect(ChatAccepted.shape.status.value).toBe(JobStatus.enum.queued);
  });

  it("the outcome, terminal and workflow-state sets are subsets of the one list, with no other name", () => {
    for (const subset of [OutcomeStatus, TerminalStatus]) {
      expect(subset.options.filter((s) => !Status.options.includes(s))).toEqual([]);
    }
    expect(FinalOutputs.shape.status.unwrap().options).toEqual(OutcomeStatus.options);
    expect(OutcomeStatus.options.every(isTerminalStatus)).toBe(true);
    expect(sorted([...LiveStatus.options, ...TerminalStatus.options])).toEqual(sorted(Status.options));
    expect(LiveStatus.options.filter((s) => !JobStatus.options.includes(s))).toEqual([]);
  });

  it("every status is labelled and drawn on the page, and either terminal or cancellable", () => {
    expect(sorted(Object.keys(STATUS_LABEL))).toEqual(sorted(Status.options));
    expect(sorted(Object.keys(STATUS_SYMBOL))).toEqual(sorted(Status.options));
    for (const status of Status.options) {
      const view = { ...initialView("00000000-0000-4000-8000-000000000000"), status };
      expect(isCancellable(view), status).toBe(!isTerminalStatus(status));
      expect(isTerminalStatus(status), status).toBe(TerminalStatus.options.some((t) => t === status));
    }
  });
});

describe("event names: EventData's keys, every union and list taken from them", () => {
  it("the wire union has one member per event type, in the same order", () => {
    expect(typesOf(StreamEvent)).toEqual([...EVENT_TYPES]);
    expect(EventTypeSchema.options).toEqual([...EVENT_TYPES]);
  });

  it("the producer union is every type but the object's own", () => {
    const objectOnly = new Set<string>(OBJECT_ONLY_TYPES);
    expect(typesOf(ProducedEvent)).toEqual(EVENT_TYPES.filter((t) => !objectOnly.has(t)));
    expect(ProducedType.options).toEqual(typesOf(ProducedEvent));
  });

  it("the named sets hold only event types, and every type is stored, ephemeral or the object's snapshot", () => {
    for (const name of [...EPHEMERAL_TYPES, ...TERMINAL_TYPES, ...OBJECT_ONLY_TYPES, ...STORED_TYPES]) {
      expect(EVENT_TYPES, name).toContain(name);
    }
    const accounted = new Set<string>([...STORED_TYPES, ...EPHEMERAL_TYPES, "snapshot"]);
    expect(sorted(accounted)).toEqual(sorted(EVENT_TYPES));
    expect(STORED_TYPES.filter(isEphemeral)).toEqual([]);
  });
});

describe("SSE frames: one writer, one reader, one event parser", () => {
  it("reads back what the writer wrote, split anywhere, and parses the product's envelope into its event", () => {
    const data = JSON.stringify({ node: "plan", title: "Planning" });
    const envelope = JSON.stringify({
      type: "node-start",
      decision_set_id: "ds-1",
      seq: 7,
      timestamp: "2025-01-01T00:00:00.000Z",
      data: JSON.parse(data),
    });
    const text = writeFrame({ id: 7, event: "node-start", data: envelope }) + writeFrame({ event: "x", data: "{}" });
    const whole = parseFrames(text);
    expect(whole).toEqual([
      { id: "7", event: "node-start", data: envelope },
      { event: "x", data: "{}" },
    ]);
    for (let cut = 1; cut < text.length; cut += 13) {
      const splitter = new FrameSplitter();
      expect([...splitter.push(text.slice(0, cut)), ...splitter.push(text.slice(cut))]).toEqual(whole);
      expect(splitter.held).toBe(0);
    }
    expect(parseStreamEvent(whole[0]?.data ?? "")).toEqual({
      type: "node-start",
      decision_set_id: "ds-1",
      seq: 7,
      timestamp: "2025-01-01T00:00:00.000Z",
      data: { node: "plan", title: "Planning" },
    });
    expect(parseStreamEvent("{not json")).toBeNull();
    expect(parseStreamEvent(JSON.stringify({ type: "no-such-type", data: {} }))).toBeNull();
  });
});
