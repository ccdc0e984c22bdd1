/**
 * The real, unmodified `@langchain/langgraph-sdk` Client, from Node, against the running
 * dev server's `/api/langgraph`: a run streamed to its first interrupt, resumed through
 * both gates with `command: {resume}`, its final values, history, joins of a background
 * run from the start and from a middle id, multitask reject, cancel, and a stranger. Each
 * client names itself with `apiKey`, as a script would; a browser's cookie still works.
 */
import { randomUUID } from "node:crypto";
import { Client } from "@langchain/langgraph-sdk";
import { describe, expect, inject, it } from "vitest";

const baseUrl = inject("baseUrl");
const apiUrl = `${baseUrl}/api/langgraph`;

const BRIEF =
  "Image classification for financial documents, high availability, PCI-DSS, budget $6k per month, EU region";

interface Part {
  event: string;
  data: unknown;
  id?: string;
}

/** A Client for a new owner: its own API key, sent by the SDK as X-API-Key, and no cookie. */
function newClient(): Client {
  return new Client({ apiUrl, apiKey: `rs-e2e-${randomUUID()}` });
}

/** A Client that is a browser's owner: the owner cookie as a default header, and no key (not even from the environment). */
async function cookieClient(): Promise<Client> {
  const res = await fetch(`${apiUrl}/ok`);
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  expect(cookie).toMatch(/^rs_owner=/);
  return new Client({ apiUrl, apiKey: null, defaultHeaders: { cookie } });
}

async function collect(stream: AsyncIterable<Part>): Promise<Part[]> {
  const parts: Part[] = [];
  for await (const part of stream) parts.push({ event: part.event, data: part.data, id: part.id });
  return parts;
}

function field(value: unknown, key: string): unknown {
  if (typeof value !== "object" || value === null) return undefined;
  return Object.entries(value).find(([k]) => k === key)?.[1];
}

/** The `__interrupt__` of the last values part, if any. */
function lastInterrupt(parts: Part[]): unknown {
  const values = parts.filter((p) => p.event === "values").at(-1);
  const list = field(values?.data, "__interrupt__");
  return Array.isArray(list) ? list[0] : undefined;
}

function smartDefaults(interrupt: unknown): Record<string, unknown> {
  const defaults = field(field(interrupt, "value"), "smart_defaults");
  return typeof defaults === "object" && defaults !== null ? Object.fromEntries(Object.entries(defaults)) : {};
}

async function httpStatusOf(promise: Promise<unknown>): Promise<number | "ok"> {
  try {
    await promise;
    return "ok";
  } catch (err) {
    const status = field(err, "status");
    if (typeof status === "number") return status;
    throw err;
  }
}

describe("the LangGraph SDK against /api/langgraph", () => {
  it("lists the assistant, streams a run to each gate, resumes it to the end and keeps its history", async () => {
    const client = newClient();
    const assistants = await client.assistants.search({ graphId: "mlops" });
    expect(assistants.map((a) => a.assistant_id)).toEqual(["mlops"]);
    const thread = await client.threads.create({ metadata: { purpose: "sdk test" } });
    expect(thread.status).toBe("idle");

    const first = await collect(
      client.runs.stream(thread.thread_id, "mlops", {
        input: { messages: [{ role: "user", content: BRIEF }] },
        streamMode: ["values", "updates", "custom"],
      }),
    );
    expect(first[0]?.event).toBe("metadata");
    const runId = field(first[0]?.data, "run_id");
    expect(typeof runId).toBe("string");
    expect(first.some((p) => p.event === "updates" && field(p.data, "intake_extract") !== undefined)).toBe(true);
    const inputGate = lastInterrupt(first);
    expect(field(field(inputGate, "value"), "gate")).toBe("input");
    expect(Array.isArray(field(field(inputGate, "value"), "questions"))).toBe(true);
    // Ids are the log's seqs: strictly increasing, one or more parts per seq.
    const ids = first.filter((p) => p.id !== undefined).map((p) => Number(p.id));
    expect(ids.every((id, i) => i === 0 || id >= (ids[i - 1] ?? 0))).toBe(true);

    const state = await client.threads.getState(thread.thread_id);
    expect(state.next).toEqual(["hitl_gate_input"]);
    expect(field(state.tasks[0]?.interrupts[0]?.value, "gate")).toBe("input");
    expect((await client.threads.get(thread.thread_id)).status).toBe("interrupted");
    const run = await client.runs.get(thread.thread_id, String(runId));
    expect(run.status).toBe("interrupted");

    // A second run on the busy thread is refused with the SDK's multitask status.
    expect(
      await httpStatusOf(
        client.runs.create(thread.thread_id, "mlops", { input: { messages: [{ role: "user", content: BRIEF }] } }),
      ),
    ).toBe(422);

    const second = await collect(
      client.runs.stream(thread.thread_id, "mlops", {
        command: { resume: { responses: smartDefaults(inputGate) } },
        streamMode: ["values", "updates"],
      }),
    );
    expect(field(second[0]?.data, "run_id")).toBe(runId);
    const finalGate = lastInterrupt(second);
    expect(field(field(finalGate, "value"), "gate")).toBe("final");
    expect(second.some((p) => p.event === "updates" && field(p.data, "planner") !== undefined)).toBe(true);
    const gateSeq = second.filter((p) => p.id !== undefined).at(-1)?.id;

    // Two answers race for the final gate: the first wins, the second is a 409.
    const answers = await Promise.all([
      httpStatusOf(client.runs.create(thread.thread_id, "mlops", { command: { resume: { decision: "approved" } } })),
      httpStatusOf(client.runs.create(thread.thread_id, "mlops", { command: { resume: { decision: "approved" } } })),
    ]);
    expect(answers.map(String).toSorted()).toEqual(["409", "ok"]);

    const rest = await collect(
      client.runs.joinStream(thread.thread_id, String(runId), { lastEventId: gateSeq, streamMode: ["values"] }),
    );
    const finalValues = rest.filter((p) => p.event === "values").at(-1)?.data;
    expect(field(finalValues, "status")).toBe("completed");
    const report = field(field(finalValues, "final_outputs"), "report_markdown");
    expect(typeof report === "string" && report.length > 200).toBe(true);
    expect((await client.runs.get(thread.thread_id, String(runId))).status).toBe("success");

    const history = await client.threads.getHistory(thread.thread_id, { limit: 50 });
    expect(history.length).toBeGreaterThan(5);
    const times = history.map((h) => Date.parse(h.created_at ?? ""));
    expect(times).toEqual(times.toSorted((a, b) => b - a));
    const checkpointIds = history.map((h) => h.checkpoint.checkpoint_id ?? "");
    expect(checkpointIds).toEqual(checkpointIds.toSorted().toReversed());
    expect(history.some((h) => h.tasks.some((t) => t.interrupts.length > 0))).toBe(true);
    expect(typeof field(history[0]?.values, "report_markdown")).toBe("string");

    const listed = await client.threads.search({ limit: 50 });
    expect(listed.map((t) => t.thread_id)).toContain(thread.thread_id);
  });

  it("joins a background run from the start and from a middle id with exactly the rest, then cancels it", async () => {
    const client = newClient();
    const thread = await client.threads.create();
    const run = await client.runs.create(thread.thread_id, "mlops", {
      input: { messages: [{ role: "user", content: BRIEF }] },
    });
    expect(["pending", "running"]).toContain(run.status);

    const all = await collect(
      client.runs.joinStream(thread.thread_id, run.run_id, { lastEventId: "-1", streamMode: ["custom"] }),
    );
    expect(all[0]?.event).toBe("metadata");
    const stored = all.filter((p) => p.event === "custom" && p.id !== undefined);
    expect(stored.map((p) => Number(p.id))).toEqual(stored.map((_, i) => i + 1));
    expect(field(stored.at(-1)?.data, "type")).toBe("questions-presented");

    const middle = stored[Math.floor(stored.length / 2)];
    const tail = await collect(
      client.runs.joinStream(thread.thread_id, run.run_id, { lastEventId: middle?.id, streamMode: ["custom"] }),
    );
    const tailStored = tail.filter((p) => p.event === "custom" && p.id !== undefined);
    expect(tailStored).toEqual(stored.slice(Math.floor(stored.length / 2) + 1));

    const stranger = newClient();
    expect(await httpStatusOf(stranger.threads.get(thread.thread_id))).toBe(404);
    expect(await httpStatusOf(stranger.runs.cancel(thread.thread_id, run.run_id))).toBe(404);
    expect((await stranger.threads.search()).map((t) => t.thread_id)).not.toContain(thread.thread_id);

    await client.runs.cancel(thread.thread_id, run.run_id);
    expect((await client.runs.get(thread.thread_id, run.run_id)).status).toBe("interrupted");
    const state = await client.threads.getState(thread.thread_id);
    expect(field(state.values, "status")).toBe("cancelled");
    expect(await httpStatusOf(client.runs.cancel(thread.thread_id, run.run_id))).toBe(409);
  });

  it("keeps the browser's cookie as an owner of its own, apart from every key", async () => {
    const browser = await cookieClient();
    const thread = await browser.threads.create({ metadata: { purpose: "cookie" } });
    expect((await browser.threads.get(thread.thread_id)).thread_id).toBe(thread.thread_id);
    expect((await browser.threads.search()).map((t) => t.thread_id)).toContain(thread.thread_id);

    const keyed = newClient();
    expect(await httpStatusOf(keyed.threads.get(thread.thread_id))).toBe(404);
    const own = await keyed.threads.create();
    expect(await httpStatusOf(browser.threads.get(own.thread_id))).toBe(404);
    // A cookie-less client without a key is a new anonymous owner on every call.
    const anonymous = new Client({ apiUrl, apiKey: null });
    expect(await httpStatusOf(anonymous.threads.get(own.thread_id))).toBe(404);
  });

  it("refuses a malformed key with a 401 the SDK reports", async () => {
    const bad = new Client({ apiUrl, apiKey: "too short" });
    expect(await httpStatusOf(bad.threads.create())).toBe(401);
  });
});
