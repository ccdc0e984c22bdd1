/**
 * Runs recorded before the contract's events, view and gate were redefined, replayed
 * through today's parser and reducer: each must still reduce to the view it reduced to
 * then (captured in `recorded/expected-views.json`), at every gate and at the end.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { initialView, reduceAll } from "../../worker/contract/reduce";
import { parseStreamEvent } from "../../worker/contract/events";
import expectedJson from "./recorded/expected-views.json";
import fixtureRun from "./recorded/fixture-run.json";
import mlopsRun from "./recorded/mlops-run.json";

const Recorded = z.object({ decision_set_id: z.string(), events: z.array(z.unknown()) });
const Expected = z.record(z.string(), z.record(z.string(), z.unknown()));

function parsedEvents(recorded: unknown) {
  const run = Recorded.parse(recorded);
  const events = run.events.map((e, i) => {
    const parsed = parseStreamEvent(JSON.stringify(e));
    if (parsed === null) throw new Error(`recorded event ${i + 1} no longer parses`);
    return parsed;
  });
  return { id: run.decision_set_id, events };
}

const expected = Expected.parse(expectedJson);

describe("a recorded run from before the change", () => {
  for (const [name, recorded] of [
    ["mlops-run", mlopsRun],
    ["fixture-run", fixtureRun],
  ] as const) {
    it(`${name} still reduces to the same view at every gate and at the end`, () => {
      const { id, events } = parsedEvents(recorded);
      const views = expected[name] ?? {};
      expect(Object.keys(views).length).toBeGreaterThan(2);
      for (const [seq, view] of Object.entries(views)) {
        const reduced = reduceAll(initialView(id), events.slice(0, Number(seq)));
        // Through JSON, as the expectation was stored: absent and undefined fields read alike.
        expect(JSON.parse(JSON.stringify(reduced)), `view at seq ${seq}`).toEqual(view);
      }
    });
  }
});
