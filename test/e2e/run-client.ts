/**
 * A client of a running server, from Node: posts a chat with its owner cookie kept, and
 * streams the run with the `eventsource` package to its end, answering each gate with its
 * defaults (and approving the plan) as a person would.
 */
import { EventSource } from "eventsource";
import { z } from "zod";
import { STORED_TYPES, TERMINAL_TYPES } from "../../worker/contract/events";

const ENDS = new Set<string>([...TERMINAL_TYPES, "error"]);

const Frame = z.object({ type: z.string(), seq: z.number(), data: z.record(z.string(), z.unknown()) });
const Questions = z.object({ smart_defaults: z.record(z.string(), z.unknown()) });
const Accepted = z.object({ decision_set_id: z.string() });

export interface Received {
  id: string;
  type: string;
  seq: number;
}

/** An API client that keeps the owner cookie the server sets, like a browser. */
export class Client {
  cookie = "";
  readonly baseUrl: string;
  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  async post(path: string, body: unknown): Promise<Response> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(this.cookie === "" ? {} : { cookie: this.cookie }) },
      body: JSON.stringify(body),
    });
    const set = res.headers.get("set-cookie");
    if (set !== null) this.cookie = set.split(";")[0] ?? "";
    return res;
  }

  /** Posts a chat; returns the new decision set's id. */
  async chat(content: string): Promise<string> {
    const res = await this.post("/api/chat/async", { messages: [{ role: "user", content }] });
    if (res.status !== 202) throw new Error(`chat: ${res.status} ${await res.text()}`);
    return Accepted.parse(await res.json()).decision_set_id;
  }

  /** Streams the run to its last event (or rejects after `timeoutMs`), answering its gates. */
  streamToEnd(decisionSetId: string, timeoutMs = 120_000): Promise<Received[]> {
    return new Promise((resolve, reject) => {
      const received: Received[] = [];
      const es = new EventSource(`${this.baseUrl}/api/streams/${decisionSetId}`);
      const timer = setTimeout(() => {
        es.close();
        reject(new Error(`no end in ${timeoutMs} ms; got ${received.map((r) => r.type).join(",")}`));
      }, timeoutMs);
      const fail = (err: unknown) => {
        clearTimeout(timer);
        es.close();
        reject(err instanceof Error ? err : new Error(String(err)));
      };
      for (const type of STORED_TYPES) {
        es.addEventListener(type, (event) => {
          try {
            const frame = Frame.parse(JSON.parse(event.data));
            received.push({ id: event.lastEventId, type, seq: frame.seq });
            if (type === "questions-presented") {
              const { smart_defaults } = Questions.parse(frame.data);
              void this.post(`/api/decision-sets/${decisionSetId}/responses`, { responses: smart_defaults });
            }
            if (type === "workflow-paused" && frame.data.gate === "final") {
              void this.post(`/api/decision-sets/${decisionSetId}/approve`, { decision: "approved" });
            }
            if (ENDS.has(type)) {
              clearTimeout(timer);
              es.close();
              resolve(received);
            }
          } catch (err) {
            fail(err);
          }
        });
      }
    });
  }
}
