/**
 * The SDK's own reconnect across a crash: a `joinStream` is cut by a SIGKILL of the dev
 * server (workerd and all) mid-run; on the restarted server the SDK reconnects by itself
 * (the `Location` header, `Last-Event-ID`), the workflow resumes from its checkpoint, and
 * the join ends with every seq exactly once.
 */
import { Client } from "@langchain/langgraph-sdk";
import { afterAll, describe, expect, it } from "vitest";
import { freshState, startDevServer, stopDevServer, type DevServer } from "./server";

// No waiting at the gates: the run goes straight through, so the kill lands mid-flight.
const VARS = JSON.stringify({ LEASE_MS: "3000", HITL_TIMEOUT_SECONDS: "0", HEARTBEAT_MS: "1000" });

let server: DevServer | undefined;
afterAll(async () => {
  if (server !== undefined) await stopDevServer(server);
});

function field(value: unknown, key: string): unknown {
  if (typeof value !== "object" || value === null) return undefined;
  return Object.entries(value).find(([k]) => k === key)?.[1];
}

describe("LangGraph SDK join across a crash", () => {
  it(
    "resumes its join after SIGKILL and restart, and sees every seq once through to the end",
    { timeout: 240_000 },
    async () => {
      const stateDir = freshState();
      server = await startDevServer(stateDir, undefined, { RS_VARS: VARS });
      const port = server.port;
      const apiUrl = `${server.baseUrl}/api/langgraph`;
      const cookie = ((await fetch(`${apiUrl}/ok`)).headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      const client = new Client({ apiUrl, defaultHeaders: { cookie } });
      const thread = await client.threads.create();
      const run = await client.runs.create(thread.thread_id, "mlops", {
        input: {
          messages: [
            { role: "user", content: "Fraud scoring for card payments, PCI-DSS, 99.95% availability, $8k a month" },
          ],
        },
      });

      const ids: number[] = [];
      const types: string[] = [];
      /** Joins from `lastEventId`; resolves with the error if the SDK gave up reconnecting. */
      const join = async (lastEventId: string): Promise<unknown> => {
        try {
          for await (const part of client.runs.joinStream(thread.thread_id, run.run_id, {
            lastEventId,
            streamMode: ["custom"],
          })) {
            if (part.event !== "custom" || part.id === undefined) continue;
            ids.push(Number(part.id));
            types.push(String(field(part.data, "type")));
          }
          return null;
        } catch (err) {
          return err;
        }
      };
      const joined = join("-1");

      const deadline = Date.now() + 60_000;
      while (ids.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(ids.length).toBeGreaterThanOrEqual(3);
      await stopDevServer(server, "SIGKILL");
      const seenBeforeCrash = ids.length;
      server = await startDevServer(stateDir, port, { RS_VARS: VARS });

      // The SDK's own retries (five, with backoff) usually outlast the restart; when the
      // restart is slower, its error is the cue to rejoin with the last id, as a page would.
      let outcome = await joined;
      let rejoins = 0;
      while (outcome !== null && rejoins < 2) {
        rejoins += 1;
        outcome = await join(String(ids.at(-1) ?? "-1"));
      }
      expect(outcome).toBeNull();
      expect(types.at(-1)).toBe("workflow-complete");
      expect(ids.length).toBeGreaterThan(seenBeforeCrash);
      expect(ids).toEqual(ids.map((_, i) => i + 1));
      expect((await client.runs.get(thread.thread_id, run.run_id)).status).toBe("success");
    },
  );
});
