/**
 * The LangGraph API in workerd, on real D1 and DecisionSet objects: bad input is refused
 * with the envelope and changes nothing; a gate answered by `command.resume` follows the
 * REST rule (one answer wins); joins re-frame the log with seqs as ids; strangers see nothing.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { decisionSetStub } from "../../worker/stream/stub";
import { RunStreamMapper } from "../../worker/langgraph/mapping";
import type { StreamEvent } from "../../worker/contract/events";
import { parseFrames } from "../../worker/contract/sse";
import { inputGateOpening } from "../support/gates";
import { checkedApi as api } from "./contract";
import { seedJob } from "./helpers";

const LG = "/api/langgraph";

async function owner(): Promise<{ cookie: string; ownerId: string }> {
  const res = await api(`${LG}/ok`);
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const ownerId = decodeURIComponent(cookie.split("=")[1] ?? "").split(".")[0] ?? "";
  return { cookie, ownerId };
}

/** A run of `ownerId`'s, paused at the input gate after two steps. */
async function runAtGate(ownerId: string) {
  const seeded = await seedJob({ ownerId, content: "langgraph gate test" });
  await env.DB.prepare("UPDATE jobs SET status = 'paused' WHERE id = ?").bind(seeded.jobId).run();
  const deadline = new Date(Date.now() + 60_000).toISOString();
  // As the workflow's gate writes it: the pause opens the gate, the questions follow.
  await decisionSetStub(env, seeded.decisionSetId).append([
    { type: "node-start", data: { node: "intake_extract", title: "Reading the brief" } },
    { type: "node-complete", data: { node: "intake_extract", duration_ms: 3, outputs: { region: "eu" } } },
    ...inputGateOpening(deadline, 3000),
  ]);
  return seeded;
}

async function errorCode(res: Response): Promise<string> {
  const body: unknown = await res.json();
  const error =
    typeof body === "object" && body !== null ? Object.entries(body).find(([k]) => k === "error") : undefined;
  const code = error !== undefined && typeof error[1] === "object" && error[1] !== null ? Object.entries(error[1]) : [];
  return String(code.find(([k]) => k === "code")?.[1]);
}

describe("LangGraph API: bad input", () => {
  it("refuses malformed runs with a 4xx envelope and starts nothing", async () => {
    const { cookie } = await owner();
    const thread = await api(`${LG}/threads`, { body: {}, headers: { cookie } });
    expect(thread.status).toBe(200);
    const threadBody: unknown = await thread.json();
    const threadId = String(Object.fromEntries(Object.entries(threadBody ?? {})).thread_id);
    const runs = `${LG}/threads/${threadId}/runs/stream`;
    const cases: [unknown, number, string][] = [
      [{ assistant_id: "mlops", input: { messages: [] } }, 400, "invalid_request"],
      [{ assistant_id: "mlops", input: { messages: [{ role: "user", content: "   " }] } }, 400, "invalid_request"],
      [{ assistant_id: "mlops", input: { brief: "x" } }, 400, "invalid_request"],
      [
        { assistant_id: "mlops", input: { messages: [{ role: "user", content: "x" }] }, stream_mode: "nope" },
        400,
        "invalid_request",
      ],
      [{ assistant_id: "other", input: { messages: [{ role: "user", content: "x" }] } }, 404, "not_found"],
      [{ assistant_id: "mlops", command: { resume: { responses: {} } } }, 409, "conflict"],
    ];
    for (const [body, status, code] of cases) {
      const res = await api(runs, { body, headers: { cookie } });
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(await errorCode(res)).toBe(code);
    }
    const plain = await api(runs, { raw: "hello", headers: { cookie, "content-type": "text/plain" } });
    expect(plain.status).toBe(415);
    const count = await env.DB.prepare("SELECT COUNT(*) AS n FROM decision_sets WHERE thread_id = ?")
      .bind(threadId)
      .first<{ n: number }>();
    expect(count?.n).toBe(0);
  });
});

describe("LangGraph API: the assistant's graph", () => {
  it("draws the compiled workflow: both loops back, the gates' branches conditional, from start to end", async () => {
    const res = await api(`${LG}/assistants/mlops/graph`);
    expect(res.status).toBe(200);
    const graph = z
      .object({
        nodes: z.array(z.object({ id: z.string() })),
        edges: z.array(z.object({ source: z.string(), target: z.string(), conditional: z.boolean().optional() })),
      })
      .parse(await res.json());
    const edges = graph.edges.map((e) => `${e.source}->${e.target}${e.conditional === true ? "?" : ""}`);
    expect(edges).toContain("__start__->intake_extract");
    expect(edges).toContain("hitl_gate_input->intake_extract");
    expect(edges).toContain("policy_eval->planner?");
    expect(edges).toContain("hitl_gate_final->__end__?");
    expect(edges).toContain("diff_and_persist->__end__");
    expect(graph.nodes.map((n) => n.id)).toContain("critic_cost");
    expect((await api(`${LG}/assistants/other/graph`)).status).toBe(404);
  });
});

describe("LangGraph API: gates and joins", () => {
  it("answers the open gate once through command.resume; a bad resume changes nothing, a REST answer after it is a 409", async () => {
    const { cookie, ownerId } = await owner();
    const { decisionSetId, threadId } = await runAtGate(ownerId);
    const runs = `${LG}/threads/${threadId}/runs`;
    const bad = await api(runs, {
      body: { assistant_id: "mlops", command: { resume: { responses: "none" } } },
      headers: { cookie },
    });
    expect(bad.status).toBe(400);
    expect(await decisionSetStub(env, decisionSetId).openGate()).not.toBeNull();

    const state = await api(`${LG}/threads/${threadId}/state`, { headers: { cookie } });
    expect(JSON.stringify(await state.json())).toContain('"gate":"input"');

    const busy = await api(runs, {
      body: { assistant_id: "mlops", input: { messages: [{ role: "user", content: "another" }] } },
      headers: { cookie },
    });
    expect(busy.status).toBe(422);

    const ok = await api(runs, {
      body: { assistant_id: "mlops", command: { resume: { responses: { budget: 5000 } } } },
      headers: { cookie },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-location")).toBe(`/threads/${threadId}/runs/${decisionSetId}`);
    expect(await decisionSetStub(env, decisionSetId).openGate()).toBeNull();
    const rest = await api(`/api/decision-sets/${decisionSetId}/responses`, {
      body: { responses: { budget: 1 } },
      headers: { cookie },
    });
    expect(rest.status).toBe(409);
  });

  it("joins from -1 with every stored event under its seq, and from now with only the present values", async () => {
    const { cookie, ownerId } = await owner();
    const { decisionSetId, threadId } = await runAtGate(ownerId);
    const path = `${LG}/threads/${threadId}/runs/${decisionSetId}/stream`;

    const all = await api(`${path}?stream_mode=custom`, { headers: { cookie, "last-event-id": "-1" } });
    expect(all.headers.get("location")).toBe(`/threads/${threadId}/runs/${decisionSetId}/stream?stream_mode=custom`);
    const frames = parseFrames(await all.text()).filter((f) => f.retry === undefined);
    expect(frames[0]?.event).toBe("metadata");
    expect(frames.filter((f) => f.event === "custom").map((f) => f.id)).toEqual(["1", "2", "3", "4"]);

    const fromNow = await api(`${path}?stream_mode=values`, { headers: { cookie } });
    const values = parseFrames(await fromNow.text()).filter((f) => f.event === "values");
    // The present view, then its open gate as a values chunk of its own (as LangGraph sends it).
    expect(values.map((f) => f.id)).toEqual(["4", "4"]);
    expect(values[0]?.data).toContain('"status":"paused"');
    expect(values[1]?.data).toContain("__interrupt__");

    const bad = await api(path, { headers: { cookie, "last-event-id": "abc" } });
    expect(bad.status).toBe(400);
    const ahead = await api(path, { headers: { cookie, "last-event-id": "4" } });
    expect(parseFrames(await ahead.text()).filter((f) => f.event === "values")).toEqual([]);
  });

  it("shows a stranger neither the thread nor its runs, and lists only the caller's threads", async () => {
    const me = await owner();
    const stranger = await owner();
    const { decisionSetId, threadId } = await runAtGate(me.ownerId);
    for (const path of [
      `${LG}/threads/${threadId}`,
      `${LG}/threads/${threadId}/state`,
      `${LG}/threads/${threadId}/runs`,
      `${LG}/threads/${threadId}/runs/${decisionSetId}`,
      `${LG}/threads/${threadId}/runs/${decisionSetId}/stream`,
    ]) {
      expect((await api(path, { headers: { cookie: stranger.cookie } })).status, path).toBe(404);
    }
    const cancel = await api(`${LG}/threads/${threadId}/runs/${decisionSetId}/cancel`, {
      method: "POST",
      headers: { cookie: stranger.cookie },
    });
    expect(cancel.status).toBe(404);
    const resume = await api(`${LG}/threads/${threadId}/runs`, {
      body: { assistant_id: "mlops", command: { resume: { responses: { budget: 1 } } } },
      headers: { cookie: stranger.cookie },
    });
    expect(resume.status).toBe(404);
    expect(await decisionSetStub(env, decisionSetId).openGate()).not.toBeNull();
    const theirs = await api(`${LG}/threads/search`, { body: { limit: 100 }, headers: { cookie: stranger.cookie } });
    expect(JSON.stringify(await theirs.json())).not.toContain(threadId);
    const mine = await api(`${LG}/threads/search`, { body: { limit: 100 }, headers: { cookie: me.cookie } });
    expect(JSON.stringify(await mine.json())).toContain(threadId);
  });
});

/** A stored or ephemeral event of run "d", for the mapper. */
const at = (seq: number | undefined, type: "node-start" | "caught-up" | "node-complete"): StreamEvent => {
  const timestamp = new Date().toISOString();
  if (type === "node-start") return { type, seq, decision_set_id: "d", timestamp, data: { node: "a", title: "A" } };
  if (type === "node-complete")
    return { type, seq, decision_set_id: "d", timestamp, data: { node: "a", duration_ms: 1, outputs: { k: 1 } } };
  return { type, decision_set_id: "d", timestamp, data: { last_seq: 0, replayed: 0 } };
};

describe("LangGraph stream mapping", () => {
  it("replays nothing up to the cursor and maps each later step to its updates and values under its seq", () => {
    const mapper = new RunStreamMapper("d", new Set(["updates", "values"]), 2);
    expect(mapper.next(at(1, "node-start"))).toEqual([]);
    expect(mapper.next(at(2, "node-complete"))).toEqual([]);
    expect(mapper.next(at(undefined, "caught-up"))).toEqual([]);
    mapper.next(at(3, "node-start"));
    const parts = mapper.next(at(4, "node-complete"));
    expect(parts.map((p) => [p.event, p.id])).toEqual([
      ["updates", 4],
      ["values", 4],
    ]);
    expect(parts[0]?.data).toEqual({ a: { k: 1 } });
    expect(mapper.done).toBe(false);
  });
});
