/**
 * The worker's copies of the contract's names are taken from it: the D1 status columns,
 * the workflow state's status, the LangGraph mapping of statuses, and the frames the
 * object writes, which the contract's one reader and parser read back as they were.
 */
import { describe, expect, it } from "vitest";
import { EVENT_TYPES, parseStreamEvent } from "../../worker/contract/events";
import { initialView } from "../../worker/contract/reduce";
import { parseFrames } from "../../worker/contract/sse";
import { JobStatus, OutcomeStatus, Status } from "../../worker/contract/status";
import { decisionSets, jobs } from "../../worker/db/schema";
import { runStatusOf } from "../../worker/langgraph/mapping";
import { sseFrame } from "../../worker/stream/sse";
import { MlopsStatus } from "../../worker/workflow/mlops/state";

describe("the worker's status lists come from the contract", () => {
  it("the D1 columns take their enums from the contract's statuses", () => {
    expect(decisionSets.status.enumValues).toEqual(Status.options);
    expect(jobs.status.enumValues).toEqual(JobStatus.options);
  });

  it("the workflow state's status is running, then one of the outcomes", () => {
    expect(MlopsStatus.options.toSorted()).toEqual(["running", ...OutcomeStatus.options].toSorted());
  });

  it("maps every status to a LangGraph run status; only queued is pending", () => {
    for (const status of Status.options) {
      // An unmapped status falls through to "pending", which only `queued` maps to.
      const view = { ...initialView("00000000-0000-4000-8000-000000000000"), status };
      expect(runStatusOf(view) === "pending", status).toBe(status === "queued");
    }
  });
});

describe("the object's frames, read by the contract's one reader and parser", () => {
  it("reads back every event type the object frames, under its name and seq", () => {
    const at = "2025-01-01T00:00:00.000Z";
    const text = sseFrame("node-start", "ds-1", 7, at, JSON.stringify({ node: "plan", title: "Planning" }));
    const [frame, ...rest] = parseFrames(text);
    expect(rest).toEqual([]);
    expect(frame).toMatchObject({ id: "7", event: "node-start" });
    expect(parseStreamEvent(frame?.data ?? "")).toEqual({
      type: "node-start",
      decision_set_id: "ds-1",
      seq: 7,
      timestamp: at,
      data: { node: "plan", title: "Planning" },
    });
    for (const type of EVENT_TYPES) {
      expect(parseFrames(sseFrame(type, "ds-1", undefined, at, "{}"))[0]?.event).toBe(type);
    }
  });
});
