/**
 * What other viewers build on: the `?types=` filter on the stream and the events endpoint,
 * the trace export, and the workflow graph from the compiled graph.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { LiveSummary, WorkflowGraph } from "../../worker/contract/api";
import type { NewEvent } from "../../worker/contract/events";
import { decisionSetStub } from "../../worker/stream/stub";
import { DurableCheckpointer } from "../../worker/workflow/checkpointer";
import { mlopsGraph } from "../../worker/workflow/mlops/graph";
import { NODE_TITLES } from "../../worker/workflow/mlops/plan";
import { checkedApi } from "./contract";
import { api, freshDecisionSet, openSse, seqsOf, SseReader } from "./helpers";

// vitest.config.ts runs this project with HISTORY_MAX=40, HISTORY_KEEP=20.

/** n steps, each a node-start and a node-complete: odd seqs start, even seqs complete. */
function steps(n: number, from = 0): NewEvent[] {
  return Array.from({ length: n }, (_, i): NewEvent[] => [
    { type: "node-start", data: { node: `n${from + i}`, title: `Step ${from + i}` } },
    { type: "node-complete", data: { node: `n${from + i}`, duration_ms: 1, outputs: {} } },
  ]).flat();
}

const caughtUpOf = (frames: { event: string; data: string }[]) =>
  JSON.parse(frames.find((f) => f.event === "caught-up")?.data ?? "{}").data;

describe("?types= on the stream", () => {
  it("sends only the named types with their real seqs, then caught-up, then only matching live events", async () => {
    const { id, stub } = await freshDecisionSet();
    await stub.append(steps(4));
    const reader = new SseReader(await openSse(id, { query: "?types=node-complete" }));
    const replay = await reader.readUntil((f) => f.some((x) => x.event === "caught-up"));
    expect(seqsOf(replay)).toEqual([2, 4, 6, 8]);
    expect(new Set(replay.filter((f) => f.id !== undefined).map((f) => f.event))).toEqual(new Set(["node-complete"]));
    expect(caughtUpOf(replay)).toEqual({ last_seq: 8, replayed: 4 });
    await stub.append([{ type: "token", data: { node: "n4", text: "not asked for" } }, ...steps(2, 4)]);
    const all = await reader.readUntil((f) => seqsOf(f).includes(12));
    // Heartbeats still come (every 100 ms here); tokens were not named.
    await reader.readUntil((f) => f.some((x) => x.event === "heartbeat"));
    await reader.cancel();
    expect(seqsOf(all)).toEqual([2, 4, 6, 8, 10, 12]);
    expect(reader.frames.some((f) => f.event === "token" || f.event === "node-start")).toBe(false);
  });

  it("gives filtered and unfiltered subscribers of one object each their own events from the same appends", async () => {
    const { id, stub } = await freshDecisionSet();
    const plain = new SseReader(await openSse(id));
    const starts = new SseReader(await openSse(id, { query: "?types=node-start,token" }));
    await Promise.all([plain, starts].map((r) => r.readUntil((f) => f.some((x) => x.event === "caught-up"))));
    await stub.append([...steps(2), { type: "token", data: { node: "n1", text: "hi" } }, ...steps(1, 2)]);
    const [p, s] = await Promise.all([
      plain.readUntil((f) => seqsOf(f).includes(6)),
      starts.readUntil((f) => seqsOf(f).includes(5)),
    ]);
    await Promise.all([plain.cancel(), starts.cancel()]);
    expect(seqsOf(p ?? [])).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seqsOf(s ?? [])).toEqual([1, 3, 5]);
    expect(s?.filter((f) => f.event === "token").length).toBe(1);
  });

  it("resumes a filtered cursor exactly, from Last-Event-ID or ?last_event_id=", async () => {
    const { id, stub } = await freshDecisionSet();
    await stub.append(steps(5));
    for (const init of [
      { lastEventId: 4, query: "?types=node-start" },
      { query: "?types=node-start&last_event_id=4" },
    ]) {
      const reader = new SseReader(await openSse(id, init));
      const frames = await reader.readUntil((f) => f.some((x) => x.event === "caught-up"));
      await reader.cancel();
      expect(seqsOf(frames)).toEqual([5, 7, 9]);
      expect(caughtUpOf(frames)).toEqual({ last_seq: 10, replayed: 3 });
    }
  });

  it("starts with the snapshot after a trim, whatever the filter", async () => {
    const { id, stub } = await freshDecisionSet();
    await stub.append(steps(25));
    const reader = new SseReader(await openSse(id, { query: "?types=node-complete" }));
    const frames = await reader.readUntil((f) => f.some((x) => x.event === "caught-up"));
    await reader.cancel();
    expect(frames[1]?.event).toBe("snapshot");
    expect(frames[1]?.id).toBe("30");
    expect(seqsOf(frames)).toEqual([32, 34, 36, 38, 40, 42, 44, 46, 48, 50]);
  });

  it("answers 204 to a filtered cursor of an ended run once nothing of its types is left", async () => {
    const { id, stub } = await freshDecisionSet();
    await stub.append(steps(2));
    await stub.cancel("test");
    // The cancel (seq 5) is not a node-start: a client holding seq 3 has every node-start.
    expect((await openSse(id, { query: "?types=node-start&last_event_id=3" })).status).toBe(204);
    const rest = await openSse(id, { query: "?types=node-start&last_event_id=1" });
    expect(rest.status).toBe(200);
    const reader = new SseReader(rest);
    const frames = await reader.readUntil(() => false, 5000);
    expect(reader.done).toBe(true);
    expect(seqsOf(frames)).toEqual([3]);
  });

  it("refuses an unknown type with a 400 in the envelope, on the stream and on the events endpoint", async () => {
    const { id } = await freshDecisionSet();
    for (const path of [
      `/api/streams/${id}?types=node-start,node-strat`,
      `/api/decision-sets/${id}/events?types=bogus`,
      `/api/decision-sets/${id}/events?types=`,
    ]) {
      const res = await checkedApi(path);
      expect(res.status, path).toBe(400);
      const body = await res.json<{ error: { code: string; message: string } }>();
      expect(body.error.code).toBe("invalid_request");
      expect(body.error.message).toMatch(/types/);
    }
    const res = await api(`/api/streams/${id}?types=node-strat`);
    expect((await res.json<{ error: { message: string } }>()).error.message).toContain(
      'unknown event type "node-strat"',
    );
  });
});

describe("?types= on the events endpoint", () => {
  it("returns only the named types after the cursor, with their seqs", async () => {
    const { id, stub } = await freshDecisionSet();
    await stub.append(steps(4));
    const res = await checkedApi(`/api/decision-sets/${id}/events?after=3&types=node-start`);
    expect(res.status).toBe(200);
    const body = await res.json<{ events: { seq: number; type: string }[]; last_seq: number }>();
    expect(body.events.map((e) => [e.seq, e.type])).toEqual([
      [5, "node-start"],
      [7, "node-start"],
    ]);
    expect(body.last_seq).toBe(8);
  });
});

/** The trace's lines, parsed. */
async function traceOf(id: string): Promise<{ type: string; seq: number; raw: string }[]> {
  const res = await checkedApi(`/api/decision-sets/${id}/trace.jsonl`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
  expect(res.headers.get("content-disposition")).toContain(`trace-${id}.jsonl`);
  const text = await res.text();
  expect(text.endsWith("\n")).toBe(true);
  return text
    .trimEnd()
    .split("\n")
    .map((raw) => ({ ...JSON.parse(raw), raw }));
}

describe("the trace export", () => {
  it("holds every stored event once, in order, each line the envelope the stream sends", async () => {
    const { id, stub } = await freshDecisionSet();
    await stub.append([...steps(3), { type: "token", data: { node: "n2", text: "never stored" } }, ...steps(2, 3)]);
    const lines = await traceOf(id);
    expect(lines.map((l) => l.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(lines.some((l) => l.type === "token" || l.type === "snapshot")).toBe(false);
    const reader = new SseReader(await openSse(id));
    const frames = await reader.readUntil((f) => f.some((x) => x.event === "caught-up"));
    await reader.cancel();
    const wire = frames.filter((f) => f.id !== undefined).map((f) => f.data);
    expect(lines.map((l) => l.raw)).toEqual(wire);
  });

  it("starts with the base snapshot after a trim, then every retained event", async () => {
    const { id, stub } = await freshDecisionSet();
    await stub.append(steps(26));
    const stats = await stub.stats();
    const oldest = Number(stats?.oldest_retained_seq);
    expect(oldest).toBeGreaterThan(1);
    const lines = await traceOf(id);
    expect(lines[0]?.type).toBe("snapshot");
    expect(lines[0]?.seq).toBe(oldest - 1);
    expect(JSON.parse(lines[0]?.raw ?? "{}").data.last_seq).toBe(oldest - 1);
    const seqs = lines.slice(1).map((l) => l.seq);
    expect(seqs).toEqual(Array.from({ length: 52 - oldest + 1 }, (_, i) => oldest + i));
  });

  it("pages through a history longer than one page, each event once", async () => {
    const { id, stub } = await freshDecisionSet();
    // About 1 MiB of events: several pages of the export.
    const big = "x".repeat(30_000);
    await stub.append(
      Array.from({ length: 36 }, (_, i): NewEvent => ({
        type: "node-complete",
        data: { node: `n${i}`, duration_ms: 1, outputs: { big } },
      })),
    );
    const first = await stub.tracePage(0, null);
    expect(first !== null && !("trimmed" in first) && first.lines.length).toBeLessThan(36);
    expect((await traceOf(id)).map((l) => l.seq)).toEqual(Array.from({ length: 36 }, (_, i) => i + 1));
  });

  it("is a 404 for an unknown decision set and a 400 for an id that is not a UUID", async () => {
    expect((await checkedApi(`/api/decision-sets/${crypto.randomUUID()}/trace.jsonl`)).status).toBe(404);
    const bad = await checkedApi(`/api/decision-sets/not-a-uuid/trace.jsonl`);
    expect(bad.status).toBe(400);
    expect((await bad.json<{ error: { code: string } }>()).error.code).toBe("invalid_request");
  });
});

describe("the workflow graph", () => {
  it("is the compiled graph's own nodes and edges, both loops included", async () => {
    const res = await checkedApi("/api/workflow/graph");
    expect(res.status).toBe(200);
    const graph = WorkflowGraph.parse(await res.json());
    // Against the graph the runner compiles, with a real checkpointer.
    const id = crypto.randomUUID();
    const compiled = mlopsGraph({
      model: null,
      services: {
        decisionSetId: id,
        hitlTimeoutSeconds: 0,
        putArtifacts: async () => {},
        previousOutputs: async () => null,
      },
    }).compile({ checkpointer: new DurableCheckpointer({ backend: decisionSetStub(env, id) }) });
    const own = await compiled.getGraphAsync();
    expect(graph.nodes.map((n) => n.id).toSorted()).toEqual(Object.keys(own.nodes).toSorted());
    expect(graph.edges.map((e) => `${e.source}>${e.target}:${e.conditional}`).toSorted()).toEqual(
      own.edges.map((e) => `${e.source}>${e.target}:${e.conditional === true}`).toSorted(),
    );
    expect(graph.nodes.map((n) => n.id)).toEqual(
      expect.arrayContaining([...Object.keys(NODE_TITLES), "__start__", "__end__"]),
    );
    expect(graph.nodes.find((n) => n.id === "planner")?.title).toBe(NODE_TITLES.planner);
    const edge = (s: string, t: string) => graph.edges.find((e) => e.source === s && e.target === t);
    // The answers loop back into intake_extract; a policy violation loops back to the planner.
    expect(edge("hitl_gate_input", "intake_extract")).toEqual({
      source: "hitl_gate_input",
      target: "intake_extract",
      conditional: false,
    });
    expect(edge("policy_eval", "planner")?.conditional).toBe(true);
    expect(edge("policy_eval", "hitl_gate_final")?.conditional).toBe(true);
    expect(edge("adaptive_questions", "planner")?.conditional).toBe(true);
    expect(edge("hitl_gate_final", "__end__")?.conditional).toBe(true);
  });
});

describe("the summary stream of the history page", () => {
  it("carries each running decision set's status and progress over one connection, as runs go on", async () => {
    const start = await api("/api/chat/async", {
      body: { messages: [{ role: "user", content: "A batch scoring service for churn, nightly" }] },
    });
    const cookie = (start.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const first = await start.json<{ decision_set_id: string }>();
    const second = await (
      await api("/api/chat/async", {
        headers: { cookie },
        body: { messages: [{ role: "user", content: "An image classifier for invoices" }] },
      })
    ).json<{ decision_set_id: string }>();
    const res = await checkedApi("/api/live/decision-sets", { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = new SseReader(res);
    const summaries = () =>
      reader.frames.filter((f) => f.event === "summary").map((f) => LiveSummary.parse(JSON.parse(f.data)));
    // Both runs reach their first gate (HITL_TIMEOUT_SECONDS is 300 here): paused, with progress.
    await reader.readUntil(
      () =>
        [first, second].every((d) =>
          summaries().some((s) => s.decision_set_id === d.decision_set_id && s.status === "paused" && s.progress > 0),
        ),
      20_000,
    );
    // Answering the first run's questions moves it on: the same stream says so.
    const before = Math.max(
      ...summaries()
        .filter((s) => s.decision_set_id === first.decision_set_id)
        .map((s) => s.progress),
    );
    const answered = await api(`/api/decision-sets/${first.decision_set_id}/responses`, {
      headers: { cookie },
      body: { responses: {} },
    });
    expect(answered.status).toBe(202);
    await reader.readUntil(
      () => summaries().some((s) => s.decision_set_id === first.decision_set_id && s.progress > before),
      20_000,
    );
    await reader.cancel();
    const ids = new Set(summaries().map((s) => s.decision_set_id));
    expect(ids).toEqual(new Set([first.decision_set_id, second.decision_set_id]));
    // A stranger has nothing running: 204, which stops EventSource from reconnecting.
    expect((await checkedApi("/api/live/decision-sets")).status).toBe(204);
  });
});
