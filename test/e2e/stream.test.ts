/**
 * Against the running dev server, from Node, with a third-party EventSource client
 * (the `eventsource` package): a posted chat streams to the end; a connection dropped
 * midway resumes with Last-Event-ID without a gap or a duplicate.
 */
import { EventSource } from "eventsource";
import { describe, expect, inject, it } from "vitest";
import { STORED_TYPES } from "../../worker/contract/events";
import { gateAnswerer } from "../support/gates";

const baseUrl = inject("baseUrl");

interface Received {
  id: string;
  type: string;
  data: { type: string; seq?: number; data: Record<string, unknown> };
}

/** A client that keeps its owner cookie, like a browser. */
class Client {
  cookie = "";
  async post(path: string, body: unknown): Promise<Response> {
    const res = await fetch(`${baseUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(this.cookie === "" ? {} : { cookie: this.cookie }) },
      body: JSON.stringify(body),
    });
    const set = res.headers.get("set-cookie");
    if (set !== null) this.cookie = set.split(";")[0] ?? "";
    return res;
  }
}

/**
 * Listens to a stream until `stop(received)` or the stream is ended by the server.
 * Answers any gate with its defaults on the way, as a person accepting them would.
 */
function listen(
  client: Client,
  decisionSetId: string,
  stop: (r: Received[]) => boolean,
  init: { lastEventId?: string } = {},
): Promise<{ received: Received[]; lastEventId: string }> {
  return new Promise((resolve, reject) => {
    const received: Received[] = [];
    const answer = gateAnswerer(decisionSetId, (a) => client.post(a.path, a.body));
    const es = new EventSource(`${baseUrl}/api/streams/${decisionSetId}`, {
      fetch: (url, options) =>
        fetch(url, {
          ...options,
          headers: {
            ...options?.headers,
            ...(init.lastEventId === undefined ? {} : { "last-event-id": init.lastEventId }),
          },
        }),
    });
    const timer = setTimeout(() => {
      es.close();
      reject(new Error(`timed out after ${received.map((r) => r.type).join(",")}`));
    }, 60_000);
    const finish = () => {
      clearTimeout(timer);
      es.close();
      resolve({ received, lastEventId: received.at(-1)?.id ?? init.lastEventId ?? "" });
    };
    for (const type of STORED_TYPES) {
      es.addEventListener(type, (event) => {
        received.push({ id: event.lastEventId, type, data: JSON.parse(event.data) });
        answer({ id: event.lastEventId, event: type, data: event.data });
        if (stop(received)) finish();
      });
    }
    es.addEventListener("error", (event) => {
      // A connection error carries no data; EventSource reconnects by itself. The server
      // ends a finished stream with 204, after which the client is closed.
      if (es.readyState === EventSource.CLOSED) finish();
      void event;
    });
  });
}

describe("SSE through the dev server with the eventsource client", () => {
  it("streams a chat to workflow-complete, and resumes a dropped connection without a gap or a duplicate", async () => {
    const client = new Client();
    const res = await client.post("/api/chat/async", {
      messages: [
        {
          role: "user",
          content: "Real-time fraud scoring for card payments, PCI-DSS, p99 under 50 ms, budget $8k/month",
        },
      ],
    });
    expect(res.status).toBe(202);
    const { decision_set_id } = (await res.json()) as { decision_set_id: string };

    // First connection: drop it after a few stored events.
    const first = await listen(client, decision_set_id, (r) => r.length >= 3);
    expect(first.received.map((r) => Number(r.id))).toEqual([1, 2, 3]);

    // Resume with Last-Event-ID and read to the end.
    const second = await listen(client, decision_set_id, (r) => r.some((x) => x.type === "workflow-complete"), {
      lastEventId: first.lastEventId,
    });
    const seqs = [...first.received, ...second.received].map((r) => Number(r.id));
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(second.received.at(-1)?.type).toBe("workflow-complete");
    for (const r of second.received) expect(r.data.seq).toBe(Number(r.id));

    // The finished stream, reconnected at its last seq, answers 204.
    const done = await fetch(`${baseUrl}/api/streams/${decision_set_id}`, {
      headers: { "last-event-id": String(seqs.at(-1)) },
    });
    expect(done.status).toBe(204);
  });
});

describe("a client that leaves", () => {
  it("is let go at once: the decision set no longer counts it as a subscriber", async () => {
    const client = new Client();
    const res = await client.post("/api/chat/async", {
      messages: [{ role: "user", content: "A nightly batch scoring job" }],
    });
    const { decision_set_id } = (await res.json()) as { decision_set_id: string };
    const subscribers = async () =>
      ((await (await fetch(`${baseUrl}/api/decision-sets/${decision_set_id}/stats`)).json()) as { subscribers: number })
        .subscribers;
    const leaving = new AbortController();
    const stream = await fetch(`${baseUrl}/api/streams/${decision_set_id}`, { signal: leaving.signal });
    const reader = stream.body?.getReader();
    const decoder = new TextDecoder();
    let text = "";
    while (!text.includes("event: caught-up")) {
      const chunk = await reader?.read();
      if (chunk === undefined || chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
    // The run pauses at its first gate and keeps the stream open (heartbeats only).
    expect(await subscribers()).toBe(1);
    leaving.abort();
    let count = 1;
    for (let i = 0; i < 50 && count > 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      count = await subscribers();
    }
    expect(count).toBe(0);
  });
});
