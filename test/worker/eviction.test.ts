import { evictDurableObject, runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { inputGateOpening } from "../support/gates";
import { freshDecisionSet, nodeStarts, openSse, seqsOf, SseReader } from "./helpers";

const rawStub = (id: string) => env.DECISION_SET.get(env.DECISION_SET.idFromName(id));

describe("object eviction", () => {
  it("keeps hibernated subscribers: events after an eviction still reach them, in order", async () => {
    const { id, stub } = await freshDecisionSet();
    await stub.append(nodeStarts(3));
    const reader = new SseReader(await openSse(id));
    await reader.readUntil((f) => f.some((x) => x.event === "caught-up"));
    await evictDurableObject(rawStub(id));
    await stub.append(nodeStarts(3, 3));
    const frames = await reader.readUntil((f) => seqsOf(f).includes(6));
    await reader.cancel();
    expect(seqsOf(frames)).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await stub.stats())?.stored).toBe(6);
  });

  it("loses nothing when eviction closes the sockets: the client reconnects with its cursor", async () => {
    const { id, stub } = await freshDecisionSet();
    await stub.append(nodeStarts(4));
    const first = new SseReader(await openSse(id));
    const before = await first.readUntil((f) => seqsOf(f).includes(4));
    await evictDurableObject(rawStub(id), { webSockets: "close" });
    await first.readUntil(() => false, 5_000);
    expect(first.done).toBe(true);
    await stub.append(nodeStarts(2, 4));
    const last = Math.max(...seqsOf(before));
    const second = new SseReader(await openSse(id, { lastEventId: last }));
    const after = await second.readUntil((f) => f.some((x) => x.event === "caught-up"));
    await second.cancel();
    expect([...seqsOf(before), ...seqsOf(after)]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("still fires a pending gate's deadline after an eviction", async () => {
    const { id, stub } = await freshDecisionSet();
    const deadline = new Date(Date.now() + 50).toISOString();
    await stub.append(inputGateOpening(deadline, 5000, 0.05));
    expect(await stub.openGate()).toMatchObject({ kind: "input" });
    await evictDurableObject(rawStub(id));
    await new Promise((r) => setTimeout(r, 100));
    expect(await runDurableObjectAlarm(rawStub(id))).toBe(true);
    const types = (await stub.eventsAfter(0))?.events.map((e) => e.type);
    expect(types).toEqual(["workflow-paused", "questions-presented", "auto-approving", "responses-collected"]);
    expect(await stub.openGate()).toBeNull();
    expect(await stub.pendingResume()).toMatchObject({ gate: "input", value: { budget: 5000 } });
  });
});
