import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { DecisionSet } from "../../worker/stream/decision-set";
import { relayStub } from "../../worker/stream/relay-route";
import type { StreamRelay } from "../../worker/stream/relay";
import { freshDecisionSet, nodeStarts, openSse, seqsOf, SseReader } from "./helpers";

// vitest.config.ts runs this project with HEARTBEAT_MS=100, HISTORY_MAX=40, HISTORY_KEEP=20,
// so a relay's ring holds the newest 10 stored events (HISTORY_KEEP / 2).

const rawStub = (id: string) => env.DECISION_SET.get(env.DECISION_SET.idFromName(id));

/** A fresh decision set whose object sends subscribers past `threshold` to relays of `perShard` each. */
async function relayed(threshold: number, perShard: number) {
  const set = await freshDecisionSet();
  await runInDurableObject(rawStub(set.id), (object: DecisionSet) => {
    object.relayRouting.threshold = threshold;
    object.relayRouting.perShard = perShard;
  });
  return set;
}

/** The counters of a decision set's relay (region `any`: tests carry no `cf`). */
async function relayStats(id: string, shard: number) {
  return runInDurableObject(relayStub(env, id, "any", shard), (relay: StreamRelay) => relay.stats());
}

/** Closes the readers and waits until the relays have let go of the object (no send is left in flight). */
async function leave(stub: Awaited<ReturnType<typeof freshDecisionSet>>["stub"], readers: SseReader[]) {
  await Promise.all(readers.map((r) => r.cancel()));
  await expect.poll(async () => (await stub.stats())?.relays).toBe(0);
}

const caughtUp = (reader: SseReader) => reader.readUntil((f) => f.some((x) => x.event === "caught-up"));
const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe("relay tier", () => {
  it("below the threshold subscribers are the object's own; from it on they go through relays", async () => {
    const { id, stub } = await relayed(2, 10);
    const readers = [];
    for (let i = 0; i < 4; i++) {
      const reader = new SseReader(await openSse(id));
      await caughtUp(reader);
      readers.push(reader);
    }
    // Two direct subscribers and one relay carrying the other two.
    expect(await stub.stats()).toMatchObject({ subscribers: 3, relays: 1, routed_to_relays: 2 });
    expect(await relayStats(id, 0)).toMatchObject({ subscribers: 2, upstream: "live" });
    await stub.append(nodeStarts(3));
    for (const reader of readers)
      expect(seqsOf(await reader.readUntil((f) => seqsOf(f).includes(3)))).toEqual([1, 2, 3]);
    await leave(stub, readers);
  });

  it("gives every subscriber through a relay every seq 1..n once, in order, across batches and joins", async () => {
    const { id, stub } = await relayed(0, 3);
    await stub.append(nodeStarts(5));
    const readers: SseReader[] = [];
    // Subscribers join while events keep coming: the joins race the appends.
    for (let b = 0; b < 6; b++) {
      const [response] = await Promise.all([openSse(id), stub.append(nodeStarts(5, 5 + 5 * b))]);
      readers.push(new SseReader(response));
    }
    for (let b = 0; b < 4; b++) await stub.append(nodeStarts(5, 35 + 5 * b));
    const n = 55;
    for (const reader of readers) {
      const frames = await reader.readUntil((f) => seqsOf(f).includes(n));
      expect(seqsOf(frames)).toEqual(upTo(n));
      expect(frames.filter((f) => f.event === "caught-up")).toHaveLength(1);
    }
    // Once their subscribers have gone, the relays let go of the object: it sends to nobody.
    await leave(stub, readers);
  });

  it("resumes with Last-Event-ID from the relay's ring and, further back, from the object's log", async () => {
    const { id, stub } = await relayed(0, 10);
    // One subscriber keeps the relay's upstream open while the stream goes on.
    const first = new SseReader(await openSse(id));
    await caughtUp(first);
    for (let b = 0; b < 6; b++) await stub.append(nodeStarts(5, 5 * b));
    await first.readUntil((f) => seqsOf(f).includes(30));
    // Cursor 25 lies in the ring (seqs 21..30); cursor 3 only in the object's log.
    const recent = new SseReader(await openSse(id, { lastEventId: 25 }));
    const old = new SseReader(await openSse(id, { lastEventId: 3 }));
    const [fromRing, fromLog] = await Promise.all([caughtUp(recent), caughtUp(old)]);
    expect(seqsOf(fromRing)).toEqual([26, 27, 28, 29, 30]);
    expect(JSON.parse(fromRing.find((f) => f.event === "caught-up")?.data ?? "{}").data).toEqual({
      last_seq: 30,
      replayed: 5,
    });
    expect(seqsOf(fromLog)).toEqual(Array.from({ length: 27 }, (_, i) => i + 4));
    await stub.append(nodeStarts(2, 30));
    for (const reader of [first, recent, old]) {
      const frames = await reader.readUntil((f) => seqsOf(f).includes(32));
      expect(seqsOf(frames).slice(-3)).toEqual([30, 31, 32]);
      expect(new Set(seqsOf(frames)).size).toBe(seqsOf(frames).length);
    }
    // Past a trim, a client with no cursor gets the object's snapshot, then the retained tail.
    await stub.append(nodeStarts(10, 32));
    const late = new SseReader(await openSse(id));
    const replay = await caughtUp(late);
    // The batch that reached 42 (> HISTORY_MAX 40) trimmed to the newest HISTORY_KEEP 20.
    expect(replay.find((f) => f.event === "snapshot")?.id).toBe("22");
    expect(seqsOf(replay)).toEqual(Array.from({ length: 20 }, (_, i) => i + 23));
    expect((await relayStats(id, 0)).subscribers).toBe(4);
    await leave(stub, [first, recent, old, late]);
  });

  it("cuts off a slow subscriber through a relay without touching the others", async () => {
    const { id, stub } = await relayed(0, 10);
    const stalled = await openSse(id); // never read: its queue at the edge only grows
    const readers = [new SseReader(await openSse(id)), new SseReader(await openSse(id))];
    await Promise.all(readers.map(caughtUp));
    const padding = "p".repeat(8000);
    const batches = 60;
    for (let b = 0; b < batches; b++) {
      await stub.append(
        Array.from({ length: 10 }, (_, i) => ({
          type: "node-start" as const,
          data: { node: `n${b * 10 + i}`, title: "t", message: padding },
        })),
      );
      await Promise.all(readers.map((r) => r.readUntil((f) => seqsOf(f).includes((b + 1) * 10))));
    }
    // ~4.8 MB of live frames: past the 1 MiB an edge may hold unsent, the stalled one is cut.
    expect((await stub.stats())?.subscribers_cut).toBe(1);
    for (const reader of readers) expect(seqsOf(reader.frames)).toEqual(upTo(batches * 10));
    const rest = new SseReader(stalled);
    await expect(rest.readUntil(() => false, 10_000)).rejects.toThrow(/too slow|connection lost/i);
    expect(seqsOf(rest.frames).length).toBeLessThan(batches * 10);
    await expect.poll(async () => (await relayStats(id, 0)).subscribers).toBe(2);
    await leave(stub, readers);
  });

  it("closes subscribers through relays when the stream ends, and answers 204 to a caught-up reconnect", async () => {
    const { id, stub } = await relayed(0, 2);
    const readers = [];
    for (let i = 0; i < 3; i++) readers.push(new SseReader(await openSse(id)));
    await Promise.all(readers.map(caughtUp));
    await stub.append(nodeStarts(2));
    await stub.append([{ type: "workflow-cancelled", data: { by: "test" } }]);
    for (const reader of readers) {
      const frames = await reader.readUntil(() => false, 5_000);
      expect(reader.done).toBe(true);
      expect(seqsOf(frames)).toEqual([1, 2, 3]);
    }
    expect((await openSse(id, { lastEventId: 3 })).status).toBe(204);
    const behind = new SseReader(await openSse(id, { lastEventId: 1 }));
    expect(seqsOf(await behind.readUntil(() => false, 5_000))).toEqual([2, 3]);
    expect(behind.done).toBe(true);
  });

  it("sends each batch once per relay, not once per subscriber", async () => {
    const { id, stub } = await relayed(0, 2);
    const readers = [];
    for (let i = 0; i < 5; i++) readers.push(new SseReader(await openSse(id)));
    await Promise.all(readers.map(caughtUp));
    // Five subscribers, two a relay: three relays, the object's only sockets.
    const before = await stub.stats();
    expect(before).toMatchObject({ subscribers: 3, relays: 3 });
    const events = 8;
    for (let i = 0; i < events; i++) await stub.append(nodeStarts(1, i));
    await Promise.all(readers.map((r) => r.readUntil((f) => seqsOf(f).includes(events))));
    const after = await stub.stats();
    const batches = Number(after?.fanout_batches) - Number(before?.fanout_batches);
    const sends = Number(after?.fanout_sends) - Number(before?.fanout_sends);
    expect(batches).toBe(events);
    expect(sends / events).toBe(3);
    // Each relay got each batch once and passed it to its own two (the last relay: one).
    const relays = await Promise.all([0, 1, 2].map((shard) => relayStats(id, shard)));
    expect(relays.map((r) => r.subscribers)).toEqual([2, 2, 1]);
    expect(relays.map((r) => r.batches)).toEqual([events, events, events]);
    for (const reader of readers) expect(seqsOf(reader.frames)).toEqual(upTo(events));
    await leave(stub, readers);
  });

  it("keeps relayed subscribers across the object's eviction: the relay resumes its upstream from its last seq", async () => {
    const { id, stub } = await relayed(0, 10);
    const readers = [new SseReader(await openSse(id)), new SseReader(await openSse(id))];
    await Promise.all(readers.map(caughtUp));
    await stub.append(nodeStarts(3));
    // Hibernation-style eviction keeps the sockets: the relay's is still known as a relay.
    await evictDurableObject(rawStub(id));
    expect(await stub.stats()).toMatchObject({ subscribers: 1, relays: 1 });
    await stub.append(nodeStarts(3, 3));
    await Promise.all(readers.map((r) => r.readUntil((f) => seqsOf(f).includes(6))));
    // An eviction that closes the sockets: the relay reopens from seq 6, its subscribers stay.
    await evictDurableObject(rawStub(id), { webSockets: "close" });
    await stub.append(nodeStarts(3, 6));
    await expect.poll(async () => (await stub.stats())?.relays).toBe(1);
    await stub.append(nodeStarts(3, 9));
    for (const reader of readers) {
      const frames = await reader.readUntil((f) => seqsOf(f).includes(12));
      expect(reader.done).toBe(false);
      expect(seqsOf(frames)).toEqual(upTo(12));
    }
    await leave(stub, readers);
  });
});
