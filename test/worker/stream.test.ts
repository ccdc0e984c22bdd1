import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { DecisionSet } from "../../worker/stream/decision-set";
import { freshDecisionSet, nodeStarts, openSse, seqsOf, SseReader } from "./helpers";

// vitest.config.ts runs this project with HEARTBEAT_MS=100, HISTORY_MAX=40, HISTORY_KEEP=20.

const rawStub = (id: string) => env.DECISION_SET.get(env.DECISION_SET.idFromName(id));

describe("DecisionSet event log", () => {
  it("assigns seqs 1..n without gaps across batches and concurrent appends", async () => {
    const { stub } = await freshDecisionSet();
    const first = await stub.append(nodeStarts(3));
    expect(first.seqs).toEqual([1, 2, 3]);
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => stub.append(nodeStarts(2, 10 * i))));
    const all = [...first.seqs, ...results.flatMap((r) => r.seqs)].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    const page = await stub.eventsAfter(0);
    expect(page?.events.map((e) => e.seq)).toEqual(all);
  });

  it("stores an event with a repeated key once", async () => {
    const { stub } = await freshDecisionSet();
    const card = { type: "node-start" as const, data: { node: "a", title: "A" }, key: "node-start:a:1" };
    expect((await stub.append([card])).seqs).toEqual([1]);
    expect((await stub.append([card, ...nodeStarts(1)])).seqs).toEqual([2]);
  });

  it("never stores ephemeral events and gives them no id", async () => {
    const { id, stub } = await freshDecisionSet();
    await stub.append(nodeStarts(1));
    const reader = new SseReader(await openSse(id));
    await reader.readUntil((f) => f.some((x) => x.event === "caught-up"));
    const result = await stub.append([
      { type: "token", data: { node: "n0", text: "hello" } },
      ...nodeStarts(1, 1),
      { type: "token", data: { node: "n1", text: "world" } },
    ]);
    expect(result.seqs).toEqual([2]);
    const frames = await reader.readUntil((f) => f.filter((x) => x.event === "token").length === 2);
    await reader.cancel();
    const tokens = frames.filter((f) => f.event === "token");
    expect(tokens.map((t) => t.id)).toEqual([undefined, undefined]);
    expect(tokens.map((t) => JSON.parse(t.data).data.text)).toEqual(["hello", "world"]);
    expect(frames.find((f) => f.event === "caught-up")?.id).toBeUndefined();
    expect(frames.find((f) => f.event === "node-start" && f.id === "2")).toBeDefined();
    expect((await stub.eventsAfter(0))?.events.map((e) => e.type)).toEqual(["node-start", "node-start"]);
  });
});

// Refusals are checked inside the object (runInDurableObject): a rejected RPC through the
// test pool's stub wrapper is reported as unhandled even when the test awaits it.
describe("events entering the object", () => {
  it("refuses a producer's malformed event with an error naming it, and stores nothing of its batch", async () => {
    const { id, stub } = await freshDecisionSet();
    await stub.append(nodeStarts(1));
    await runInDurableObject(rawStub(id), (object: DecisionSet) => {
      const batch: unknown = [
        ...nodeStarts(1, 1),
        { type: "node-complete", data: { node: "n1", duration_ms: -5, outputs: {} } },
      ];
      expect(() => object.append(batch)).toThrow(/malformed event refused, nothing stored: event 1\.data\.duration_ms/);
      expect(() => object.append([{ type: "no-such-type", data: {} }])).toThrow(/event 0\.type/);
      expect(() => object.append({ type: "node-start" })).toThrow(/malformed/);
    });
    expect((await stub.eventsAfter(0))?.events.map((e) => e.seq)).toEqual([1]);
    expect((await stub.append(nodeStarts(1, 2))).seqs).toEqual([2]);
  });

  it("refuses the events only the object writes: a producer cannot forge a snapshot or caught-up", async () => {
    const { id, stub } = await freshDecisionSet();
    await runInDurableObject(rawStub(id), (object: DecisionSet) => {
      expect(() => object.append([{ type: "caught-up", data: { last_seq: 0, replayed: 0 } }])).toThrow(/event 0\.type/);
      expect(() => object.append([{ type: "snapshot", data: {} }])).toThrow(/event 0\.type/);
    });
    expect((await stub.stats())?.stored).toBe(0);
  });
});

describe("SSE replay and fan-out", () => {
  it("replays exactly N+1..n after cursor N, then caught-up, then live events", async () => {
    const { id, stub } = await freshDecisionSet();
    await stub.append(nodeStarts(10));
    const reader = new SseReader(await openSse(id, { lastEventId: 4 }));
    const replay = await reader.readUntil((f) => f.some((x) => x.event === "caught-up"));
    expect(replay[0]?.retry).toBe("2000");
    expect(seqsOf(replay)).toEqual([5, 6, 7, 8, 9, 10]);
    const caughtUp = JSON.parse(replay.find((f) => f.event === "caught-up")?.data ?? "{}");
    expect(caughtUp.data).toEqual({ last_seq: 10, replayed: 6 });
    await stub.append(nodeStarts(2, 10));
    const all = await reader.readUntil((f) => seqsOf(f).includes(12));
    await reader.cancel();
    expect(seqsOf(all)).toEqual([5, 6, 7, 8, 9, 10, 11, 12]);
    const envelope = JSON.parse(all.find((f) => f.id === "11")?.data ?? "{}");
    expect(envelope).toMatchObject({ type: "node-start", decision_set_id: id, seq: 11, data: { node: "n10" } });
  });

  it("accepts the cursor as ?last_event_id= for a first connect", async () => {
    const { id, stub } = await freshDecisionSet();
    await stub.append(nodeStarts(5));
    const reader = new SseReader(await openSse(id, { query: "?last_event_id=3" }));
    const frames = await reader.readUntil((f) => f.some((x) => x.event === "caught-up"));
    await reader.cancel();
    expect(seqsOf(frames)).toEqual([4, 5]);
  });

  it("gives two subscribers the same sequence", async () => {
    const { id, stub } = await freshDecisionSet();
    await stub.append(nodeStarts(3));
    const a = new SseReader(await openSse(id));
    const b = new SseReader(await openSse(id, { lastEventId: 1 }));
    await Promise.all([a, b].map((r) => r.readUntil((f) => f.some((x) => x.event === "caught-up"))));
    for (let i = 0; i < 5; i++) await stub.append(nodeStarts(3, 3 + 3 * i));
    const [fa, fb] = await Promise.all([a, b].map((r) => r.readUntil((f) => seqsOf(f).includes(18))));
    await Promise.all([a.cancel(), b.cancel()]);
    expect(seqsOf(fa ?? [])).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
    expect(seqsOf(fb ?? [])).toEqual(Array.from({ length: 17 }, (_, i) => i + 2));
  });

  it("sends heartbeats while a client is connected", async () => {
    const { id } = await freshDecisionSet();
    const reader = new SseReader(await openSse(id));
    const frames = await reader.readUntil((f) => f.filter((x) => x.event === "heartbeat").length >= 2, 5_000);
    await reader.cancel();
    const beat = frames.find((f) => f.event === "heartbeat");
    expect(beat?.id).toBeUndefined();
    expect(JSON.parse(beat?.data ?? "{}")).toMatchObject({ type: "heartbeat", decision_set_id: id, data: {} });
  });

  it("trims history to HISTORY_KEEP and sends a late joiner a snapshot of every trimmed event", async () => {
    const { id, stub } = await freshDecisionSet();
    await stub.append([
      {
        type: "workflow-start",
        data: { run_id: "r", thread_id: "t", job_id: "j", attempt: 1, planned_nodes: [{ id: "n0", title: "Step 0" }] },
      },
    ]);
    for (let i = 0; i < 9; i++) await stub.append(nodeStarts(5, 5 * i));
    // The batch that reached seq 41 (> HISTORY_MAX 40) trimmed to the newest HISTORY_KEEP 20
    // (22..41); 42..46 came after, under the limit again.
    const stats = await stub.stats();
    expect(stats).toMatchObject({ stored: 46, retained: 25, trimmed: 21, oldest_retained_seq: 22 });
    const reader = new SseReader(await openSse(id));
    const frames = await reader.readUntil((f) => f.some((x) => x.event === "caught-up"));
    await reader.cancel();
    const snapshot = frames[1];
    expect(snapshot?.event).toBe("snapshot");
    expect(snapshot?.id).toBe("21");
    const view = JSON.parse(snapshot?.data ?? "{}").data;
    expect(view.last_seq).toBe(21);
    expect(view.status).toBe("running");
    expect(view.planned_nodes).toEqual([{ id: "n0", title: "Step 0" }]);
    // Every trimmed node-start (seqs 2..21: n0..n19) is reflected in the snapshot's steps.
    expect(view.steps.map((s: { node: string }) => s.node)).toEqual(Array.from({ length: 20 }, (_, i) => `n${i}`));
    expect(seqsOf(frames)).toEqual(Array.from({ length: 25 }, (_, i) => 22 + i));
    // A cursor inside the retained window needs no snapshot.
    const inside = new SseReader(await openSse(id, { lastEventId: 40 }));
    const tail = await inside.readUntil((f) => f.some((x) => x.event === "caught-up"));
    await inside.cancel();
    expect(tail.some((f) => f.event === "snapshot")).toBe(false);
    expect(seqsOf(tail)).toEqual([41, 42, 43, 44, 45, 46]);
  });

  it("closes a finished stream and answers 204 to a caught-up reconnect", async () => {
    const { id, stub } = await freshDecisionSet();
    await stub.append(nodeStarts(2));
    const live = new SseReader(await openSse(id));
    await live.readUntil((f) => f.some((x) => x.event === "caught-up"));
    await stub.append([{ type: "workflow-cancelled", data: { by: "test" } }]);
    const frames = await live.readUntil(() => false, 5_000);
    expect(live.done).toBe(true);
    expect(seqsOf(frames)).toEqual([1, 2, 3]);
    const again = await openSse(id, { lastEventId: 3 });
    expect(again.status).toBe(204);
    // A reconnect that is behind gets the rest, then the stream ends.
    const behind = new SseReader(await openSse(id, { lastEventId: 1 }));
    const rest = await behind.readUntil(() => false, 5_000);
    expect(behind.done).toBe(true);
    expect(seqsOf(rest)).toEqual([2, 3]);
    // Nothing more is accepted once ended.
    expect(await stub.append(nodeStarts(1, 9))).toMatchObject({ seqs: [], ended: true });
  });

  it("cuts off a subscriber that never reads, without hurting one that does", async () => {
    const { id, stub } = await freshDecisionSet();
    const stalled = await openSse(id); // never read: its queue only grows
    const reader = new SseReader(await openSse(id));
    await reader.readUntil((f) => f.some((x) => x.event === "caught-up"));
    const padding = "p".repeat(8000);
    const batches = 60;
    for (let b = 0; b < batches; b++) {
      await stub.append(
        Array.from({ length: 10 }, (_, i) => ({
          type: "node-start" as const,
          data: { node: `n${b * 10 + i}`, title: "t", message: padding },
        })),
      );
      // The reader keeps up as a live client would.
      await reader.readUntil((f) => seqsOf(f).includes((b + 1) * 10));
    }
    // 600 events of ~8 KiB: past the 1 MiB a subscriber may hold unsent, the stalled one is cut.
    expect((await stub.stats())?.subscribers_cut).toBe(1);
    const frames = await reader.readUntil((f) => seqsOf(f).includes(batches * 10));
    await reader.cancel();
    expect(seqsOf(frames)).toEqual(Array.from({ length: batches * 10 }, (_, i) => i + 1));
    // The stalled client's stream was aborted (its queue dropped, not drained): reading it
    // fails, and its EventSource would reconnect with its Last-Event-ID.
    const rest = new SseReader(stalled);
    // (The runtime's byte pipe reports a lost connection, not the abort's reason.)
    await expect(rest.readUntil(() => false, 10_000)).rejects.toThrow(/too slow|connection lost/i);
    expect(seqsOf(rest.frames).length).toBeLessThan(batches * 10);
  });

  it("does not count a newcomer's replay against the slow-subscriber budget", async () => {
    const { id, stub } = await freshDecisionSet();
    // 40 retained events of ~100 KiB: a replay of about 4 MiB, four times the 1 MiB of live
    // frames a subscriber may hold unsent, sent before the client reads a byte.
    const padding = "p".repeat(100_000);
    await stub.append(
      Array.from({ length: 40 }, (_, i) => ({
        type: "node-start" as const,
        data: { node: `n${i}`, title: "t", message: padding },
      })),
    );
    const reader = new SseReader(await openSse(id));
    const replay = await reader.readUntil((f) => f.some((x) => x.event === "caught-up"));
    expect(seqsOf(replay)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    await stub.append(nodeStarts(1, 100));
    const live = await reader.readUntil((f) => seqsOf(f).includes(41));
    await reader.cancel();
    expect(seqsOf(live).at(-1)).toBe(41);
    expect((await stub.stats())?.subscribers_cut).toBe(0);
  });

  it("refuses a cursor ahead of the stream and a malformed Last-Event-ID", async () => {
    const { id, stub } = await freshDecisionSet();
    await stub.append(nodeStarts(2));
    const ahead = await openSse(id, { lastEventId: 99 });
    expect(ahead.status).toBe(400);
    expect(await ahead.json()).toMatchObject({ error: { code: "invalid_request" } });
    const bad = await openSse(id, { query: "?last_event_id=-1" });
    expect(bad.status).toBe(400);
  });
});
