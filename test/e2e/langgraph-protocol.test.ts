/**
 * The agent streaming protocol on `/api/langgraph`, through the real, unmodified
 * `@langchain/langgraph-sdk` from Node (`client.threads.stream`, its SSE transport): a run
 * started on a thread the SDK names itself, its events arriving in seq order, both gates
 * answered with `input.respond`, the run's end; a second stream opened mid-run that gets
 * the whole run once and in order; one answer winning a race with the legacy resume; and a
 * stranger refused.
 */
import { randomUUID } from "node:crypto";
import { Client, type ThreadStream } from "@langchain/langgraph-sdk";
import { describe, expect, inject, it } from "vitest";

const baseUrl = inject("baseUrl");
const apiUrl = `${baseUrl}/api/langgraph`;

const BRIEF =
  "Image classification for financial documents, high availability, PCI-DSS, budget $6k per month, EU region";
const INPUT = { messages: [{ role: "user", content: BRIEF }] };

interface Seen {
  method: string;
  seq: number;
  event_id: string;
  data: unknown;
}

function newKey(): string {
  return `rs-e2e-${randomUUID()}`;
}

function field(value: unknown, key: string): unknown {
  if (typeof value !== "object" || value === null) return undefined;
  return Object.entries(value).find(([k]) => k === key)?.[1];
}

/** Every event the thread's streams deliver, once each (the SDK drops a repeated event_id). */
function record(thread: ThreadStream): Seen[] {
  const seen: Seen[] = [];
  thread.onEvent((event) => {
    seen.push({
      method: event.method,
      seq: Number(field(event, "seq")),
      event_id: String(field(event, "event_id")),
      data: event.params.data,
    });
  });
  return seen;
}

async function until(check: () => boolean, what: string, ms = 90_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const lifecycles = (seen: Seen[]) =>
  seen.filter((e) => e.method === "lifecycle").map((e) => String(field(e.data, "event")));
const requested = (seen: Seen[]) => seen.filter((e) => e.method === "input.requested");

async function statusOf(promise: Promise<unknown>): Promise<number | string> {
  try {
    await promise;
    return "ok";
  } catch (err) {
    const status = field(err, "status");
    if (typeof status === "number") return status;
    const code = field(err, "code");
    if (typeof code === "string") return code;
    throw err;
  }
}

describe("the agent streaming protocol through the SDK's ThreadStream", () => {
  it("starts a run, streams it in seq order, answers both gates with input.respond and reaches its end", async () => {
    const apiKey = newKey();
    const client = new Client({ apiUrl, apiKey });
    const thread = client.threads.stream({ assistantId: "mlops" });
    const seen = record(thread);
    try {
      const started = await thread.run.start({ input: INPUT });
      const runId = String(field(started, "run_id"));
      expect(runId).toMatch(/^[0-9a-f-]{36}$/);
      await thread.subscribe({ channels: ["custom", "values", "updates", "lifecycle", "input"] });

      await until(() => requested(seen).length === 1 && lifecycles(seen).includes("interrupted"), "the questions");
      const questions = requested(seen)[0];
      expect(field(questions?.data, "interrupt_id")).toBe(`${runId}:input`);
      expect(field(field(questions?.data, "payload"), "gate")).toBe("input");
      // The SDK moves to a new connection when the subscription widens: the replayed steps
      // may arrive after the interrupt did, so they are waited for, not assumed.
      await until(
        () => seen.some((e) => e.method === "custom" && field(e.data, "name") === "node-complete"),
        "the steps' custom events",
        10_000,
      ).catch(() => undefined);
      expect(seen.some((e) => e.method === "custom" && field(e.data, "name") === "node-complete")).toBe(true);
      expect(seen.some((e) => e.method === "values")).toBe(true);
      expect(thread.interrupts.map((i) => i.interruptId)).toEqual([`${runId}:input`]);

      // State through the protocol: the newest run's values with its open interrupt.
      const state = await thread.state.get({ namespace: [] });
      expect(field(state.values, "status")).toBe("paused");
      expect(field(state.values, "__interrupt__")).toBeDefined();

      // A second stream, opened mid-run on the same thread by another ThreadStream of the owner.
      const defaults = field(field(questions?.data, "payload"), "smart_defaults");
      await thread.input.respond({
        namespace: [],
        interrupt_id: `${runId}:input`,
        response: { responses: defaults },
      });
      // A late answer to the same gate is refused with the protocol's error, naming the conflict.
      const late = await statusOf(
        thread.input.respond({ namespace: [], interrupt_id: `${runId}:input`, response: { responses: defaults } }),
      );
      expect(late).toBe("no_such_interrupt");

      const watcher = new Client({ apiUrl, apiKey }).threads.stream(thread.threadId, { assistantId: "mlops" });
      const watched = record(watcher);
      await watcher.subscribe({ channels: ["custom", "lifecycle", "input"] });

      await until(() => requested(seen).length === 2, "the approval");
      const approval = requested(seen)[1];
      expect(field(approval?.data, "interrupt_id")).toBe(`${runId}:final`);
      expect(seen.some((e) => e.method === "input.answered")).toBe(true);

      // The final gate: the protocol's answer and the legacy resume race; exactly one wins.
      const answers = await Promise.all([
        statusOf(
          thread.input.respond({ namespace: [], interrupt_id: `${runId}:final`, response: { decision: "approved" } }),
        ),
        statusOf(client.runs.create(thread.threadId, "mlops", { command: { resume: { decision: "approved" } } })),
      ]);
      expect(answers.filter((a) => a === "ok")).toHaveLength(1);
      expect(answers.filter((a) => a !== "ok").map(String)).toEqual([
        answers[0] === "ok" ? "409" : "no_such_interrupt",
      ]);

      await until(() => lifecycles(seen).includes("completed"), "the end of the run");
      const finalValues = seen.filter((e) => e.method === "values").at(-1)?.data;
      expect(field(finalValues, "status")).toBe("completed");

      // Every event id once; the SDK moved its union of channels to a new connection once,
      // so order is per connection: the custom events all came on the second, in seq order.
      expect(seen.every((e) => Number.isInteger(e.seq) && e.seq >= 1)).toBe(true);
      expect(new Set(seen.map((e) => e.event_id)).size).toBe(seen.length);
      // One custom event per stored event: the run's whole log, 1..N.
      const customSeqs = seen.filter((e) => e.method === "custom").map((e) => e.seq);
      expect(customSeqs).toEqual(customSeqs.map((_, i) => i + 1));

      // The stream opened mid-run (one connection) got the whole run from its start, once, in order.
      await until(() => lifecycles(watched).includes("completed"), "the watcher's end of the run");
      const watchedSeqs = watched.map((e) => e.seq);
      expect(watchedSeqs).toEqual(watchedSeqs.toSorted((a, b) => a - b));
      const watchedCustom = watched.filter((e) => e.method === "custom").map((e) => e.event_id);
      expect(watchedCustom).toEqual(seen.filter((e) => e.method === "custom").map((e) => e.event_id));
      expect(watched.filter((e) => e.method === "input.requested")).toHaveLength(2);
      await watcher.close();
    } finally {
      await thread.close();
    }
  });

  it("refuses a stranger's key on the thread's commands and stream, and answers an unknown command with its error", async () => {
    const apiKey = newKey();
    const owner = new Client({ apiUrl, apiKey }).threads.stream({ assistantId: "mlops" });
    try {
      await owner.run.start({ input: INPUT });
      const stranger = new Client({ apiUrl, apiKey: newKey() }).threads.stream(owner.threadId, {
        assistantId: "mlops",
      });
      expect(await statusOf(stranger.run.start({ input: INPUT }))).toBe(404);
      expect(await statusOf(stranger.state.get({ namespace: [] }))).toBe(404);
      const events = await fetch(`${apiUrl}/threads/${owner.threadId}/stream/events`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": newKey() },
        body: JSON.stringify({ channels: ["values"] }),
      });
      expect(events.status).toBe(404);
      await stranger.close();

      const unknown = await fetch(`${apiUrl}/threads/${owner.threadId}/commands`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": apiKey },
        body: JSON.stringify({ id: 7, method: "agent.getTree", params: {} }),
      });
      expect(unknown.status).toBe(200);
      expect(await unknown.json()).toMatchObject({ type: "error", id: 7, error: "unknown_command" });
    } finally {
      await owner.close();
    }
  });
});
