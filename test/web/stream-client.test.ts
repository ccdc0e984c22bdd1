/**
 * The connection rules, driven through a fake EventSource and a manual clock: resume from
 * storage after a reload, one native retry then exponential backoff with jitter and no
 * limit, workflow errors told apart from connection errors, gaps re-fetched, and an
 * indicator that says what is true.
 */
import { describe, expect, it } from "vitest";
import type { StreamEvent } from "../../worker/contract/events";
import { initialView, reduceAll, toSnapshot } from "../../worker/contract/reduce";
import { BACKOFF_CAP_MS, backoffDelay } from "../../web/lib/backoff";
import { CLOSED, DecisionSetStream, GAP_WAIT_MS, NATIVE_RETRY_MS, WATCHDOG_MS } from "../../web/lib/stream-client";
import { harness } from "./fake-stream";
import { DS, ephemeral, recordedRun } from "./fixtures";

const run = recordedRun();
const complete = reduceAll(initialView(DS), run);
const caughtUp = (n: number) => ephemeral("caught-up", { last_seq: n, replayed: n });
const sendAll = (es: { send(e: StreamEvent): void }, events: readonly StreamEvent[]) =>
  events.forEach((e) => es.send(e));

describe("first connect and catching up", () => {
  it("opens one stream without a cursor, replays, and is live after caught-up", () => {
    const h = harness();
    const stream = new DecisionSetStream(DS, h.deps);
    stream.start();
    expect(h.sources).toHaveLength(1);
    expect(h.latest().url).toBe(`/api/streams/${DS}`);
    expect(stream.getState().connection.kind).toBe("connecting");
    h.latest().open();
    expect(stream.getState().connection.kind).toBe("replaying");
    sendAll(h.latest(), run.slice(0, 10));
    h.latest().send(caughtUp(10));
    expect(stream.getState().connection.kind).toBe("live");
    expect(stream.getState().view.last_seq).toBe(10);
  });
});

describe("a reload mid-run", () => {
  it("shows the stored view at once, resumes after its last seq, and ends with no duplicate and no gap", () => {
    const h1 = harness();
    const first = new DecisionSetStream(DS, h1.deps);
    first.start();
    h1.latest().open();
    sendAll(h1.latest(), run.slice(0, 17));
    // A reload unmounts nothing: the page-hide event alone saves the view with its cursor,
    // even though the throttled save has not run yet.
    expect(h1.storage.length).toBe(0);
    h1.hidePage();

    const h2 = harness(h1.storage);
    const second = new DecisionSetStream(DS, h2.deps);
    // Before any network: the steps already seen are on screen.
    expect(second.getState().view.last_seq).toBe(17);
    expect(second.getState().view.steps.length).toBeGreaterThan(0);
    second.start();
    expect(h2.latest().cursor).toBe(17);
    h2.latest().open();
    sendAll(h2.latest(), run.slice(17));
    const view = second.getState().view;
    expect({ ...view, caught_up: false }).toEqual(complete);
    const nodes = view.steps.map((s) => s.node);
    expect(new Set(nodes).size).toBe(nodes.length);
  });

  it("a finished run restored from storage needs no connection", () => {
    const h1 = harness();
    const first = new DecisionSetStream(DS, h1.deps);
    first.start();
    h1.latest().open();
    sendAll(h1.latest(), run);
    first.stop();
    const h2 = harness(h1.storage);
    const second = new DecisionSetStream(DS, h2.deps);
    second.start();
    expect(h2.sources).toHaveLength(0);
    expect(second.getState().connection.kind).toBe("ended");
    expect(second.getState().view.final_outputs).toBeDefined();
  });
});

describe("reconnecting", () => {
  it("lets the browser retry once (it sends Last-Event-ID), then backs off exponentially without limit", () => {
    const h = harness();
    const stream = new DecisionSetStream(DS, h.deps);
    stream.start();
    h.latest().open();
    sendAll(h.latest(), run.slice(0, 6));

    h.latest().fail(); // readyState CONNECTING: the browser's own retry is under way
    expect(h.sources).toHaveLength(1);
    expect(stream.getState().connection).toMatchObject({ kind: "reconnecting", attempt: 1 });
    expect(stream.getState().view.last_seq).toBe(6); // nothing shown is taken away

    h.latest().fail(); // the browser's retry failed too: our backoff takes over
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 12; attempt++) {
      const c = stream.getState().connection;
      expect(c.kind).toBe("reconnecting");
      const wait = c.kind === "reconnecting" ? c.retryAt - h.clock.now : -1;
      delays.push(wait);
      const count = h.sources.length;
      h.clock.advance(wait - 1);
      expect(h.sources).toHaveLength(count);
      h.clock.advance(1);
      expect(h.sources).toHaveLength(count + 1);
      // Each new stream resumes after the last event actually applied.
      expect(h.latest().cursor).toBe(6);
      // The new stream fails as well: once for the browser's own retry, once for ours.
      h.latest().fail();
      h.latest().fail();
    }
    expect(delays.slice(0, 6)).toEqual([1000, 2000, 4000, 8000, 16000, 30000]);
    expect(delays.at(-1)).toBe(BACKOFF_CAP_MS);
  });

  it("a successful open resets the backoff", () => {
    const h = harness();
    const stream = new DecisionSetStream(DS, h.deps);
    stream.start();
    h.latest().fail();
    h.latest().fail();
    h.clock.advance(1000);
    h.latest().fail();
    h.latest().fail();
    expect(stream.getState().connection).toMatchObject({ attempt: 2 });
    h.clock.advance(2000);
    h.latest().open();
    h.latest().fail();
    h.latest().fail();
    expect(stream.getState().connection).toMatchObject({ attempt: 1 });
  });

  it("when offline, says so and reconnects as soon as the network is back", () => {
    const h = harness();
    const stream = new DecisionSetStream(DS, h.deps);
    stream.start();
    h.latest().open();
    h.online.value = false;
    h.latest().fail();
    h.latest().fail();
    expect(stream.getState().connection.kind).toBe("offline");
    const count = h.sources.length;
    h.online.fire();
    expect(h.sources).toHaveLength(count + 1);
  });

  it("silence past the watchdog (no heartbeat) is treated as a dead connection", () => {
    const h = harness();
    const stream = new DecisionSetStream(DS, h.deps);
    stream.start();
    h.latest().open();
    h.clock.advance(WATCHDOG_MS - 1000);
    h.latest().send(ephemeral("heartbeat", {}));
    h.clock.advance(WATCHDOG_MS - 1000);
    expect(h.sources).toHaveLength(1);
    h.clock.advance(1500);
    expect(h.sources[0]?.readyState).toBe(CLOSED);
    expect(stream.getState().connection.kind).toBe("reconnecting");
    h.clock.advance(1000);
    expect(h.sources).toHaveLength(2);
  });

  it("events held behind a gap trigger a fresh stream from the applied cursor", () => {
    const h = harness();
    const stream = new DecisionSetStream(DS, h.deps);
    stream.start();
    h.latest().open();
    sendAll(h.latest(), run.slice(0, 3));
    sendAll(h.latest(), run.slice(4, 6)); // seq 4 never arrived
    expect(stream.getState().view.pending).toHaveLength(2);
    h.clock.advance(GAP_WAIT_MS);
    expect(h.sources).toHaveLength(2);
    expect(h.latest().cursor).toBe(3);
    h.latest().open();
    sendAll(h.latest(), run.slice(3, 8));
    expect(stream.getState().view.last_seq).toBe(8);
    expect(stream.getState().view.pending).toEqual([]);
  });
});

describe("errors", () => {
  it("a named error event with data is the workflow's error, not the connection's", () => {
    const h = harness();
    const stream = new DecisionSetStream(DS, h.deps);
    stream.start();
    h.latest().open();
    sendAll(h.latest(), run.slice(0, 2));
    h.latest().send({
      type: "error",
      decision_set_id: DS,
      seq: 3,
      timestamp: "2026-11-27T10:00:03.000Z",
      data: { message: "no model", node: "intake_extract", retryable: false, attempt: 1 },
    });
    const s = stream.getState();
    expect(s.view.status).toBe("failed");
    expect(s.view.error?.message).toBe("no model");
    expect(s.connection.kind).toBe("replaying");
    expect(h.sources).toHaveLength(1);
    // The server then closes the finished stream: that is the end, not a fault.
    h.latest().fail();
    expect(stream.getState().connection.kind).toBe("ended");
    h.clock.advance(60_000);
    expect(h.sources).toHaveLength(1);
  });

  it("a refused stream for an unknown decision set ends as not-found", async () => {
    const h = harness();
    h.probe.result = { kind: "not-found" };
    const stream = new DecisionSetStream(DS, h.deps);
    stream.start();
    h.latest().fail(CLOSED);
    await Promise.resolve();
    expect(stream.getState().connection.kind).toBe("not-found");
    h.clock.advance(120_000);
    expect(h.sources).toHaveLength(1);
  });

  it("a refused stream of a finished run takes the REST snapshot and ends", async () => {
    const h = harness();
    h.probe.result = { kind: "found", snapshot: toSnapshot(complete) };
    const stream = new DecisionSetStream(DS, h.deps);
    stream.start();
    h.latest().open();
    sendAll(h.latest(), run.slice(0, 5));
    h.latest().fail(CLOSED);
    await Promise.resolve();
    expect(stream.getState().connection.kind).toBe("ended");
    expect(stream.getState().view.status).toBe("completed");
  });

  it("an unreadable frame is counted and skipped", () => {
    const h = harness();
    const stream = new DecisionSetStream(DS, h.deps);
    stream.start();
    h.latest().open();
    h.latest().sendRaw("node-start", "{broken");
    expect(stream.getState().unreadable).toBe(1);
    expect(stream.getState().view.last_seq).toBe(0);
  });

  it("measures the server's clock from live events", () => {
    const h = harness();
    const stream = new DecisionSetStream(DS, h.deps);
    stream.start();
    h.latest().open();
    h.latest().send(ephemeral("heartbeat", {}, new Date(h.clock.now + 5000).toISOString()));
    expect(stream.getState().clockSkewMs).toBe(5000);
  });
});

describe("backoffDelay", () => {
  it("doubles from one second to a 30 s cap, jittered into the upper half", () => {
    expect(backoffDelay(1, 0)).toBe(500);
    expect(backoffDelay(1, 1)).toBe(1000);
    expect(backoffDelay(3, 0.5)).toBe(3000);
    expect(backoffDelay(50, 1)).toBe(BACKOFF_CAP_MS);
    expect(backoffDelay(50, 0)).toBe(BACKOFF_CAP_MS / 2);
  });

  it("the native retry waits the server's retry: delay", () => {
    expect(NATIVE_RETRY_MS).toBe(2000);
  });
});
