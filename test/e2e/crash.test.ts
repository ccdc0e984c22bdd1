/**
 * Process crash: SIGKILL the dev server (workerd and all) while workflows run and clients
 * stream, restart it on the same persisted state, and check that every workflow finishes
 * from its last checkpoint and every client that resumes with its Last-Event-ID ends with
 * seqs 1..n, no gap, no duplicate, and no step's events twice.
 */
import { afterAll, describe, expect, it } from "vitest";
import { freshState, startDevServer, stopDevServer, type DevServer } from "./server";
import { readStream, type Stored } from "./sse";

const WORKFLOWS = 6;
// Gates wait 2 s for a person, then the object's alarm takes the defaults: the kill lands
// while runs are mid-flight or paused at a gate, and both must survive it.
const VARS = JSON.stringify({ LEASE_MS: "3000", HITL_TIMEOUT_SECONDS: "2", HEARTBEAT_MS: "1000" });

let server: DevServer | undefined;
afterAll(async () => {
  if (server !== undefined) await stopDevServer(server);
});

describe("process crash", () => {
  it(
    "finishes every workflow after SIGKILL and restart, and resumed clients see 1..n exactly once",
    { timeout: 240_000 },
    async () => {
      const stateDir = freshState();
      server = await startDevServer(stateDir, undefined, { RS_VARS: VARS });
      const port = server.port;
      let baseUrl = server.baseUrl;
      const ids: string[] = [];
      for (let i = 0; i < WORKFLOWS; i++) {
        const res = await fetch(`${baseUrl}/api/chat/async`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            messages: [
              {
                role: "user",
                content: `Workflow ${i}: real-time recommendations, GDPR, budget $${3 + i}k per month, 99.9% availability`,
              },
            ],
          }),
        });
        ids.push(((await res.json()) as { decision_set_id: string }).decision_set_id);
      }
      const received = new Map(ids.map((id) => [id, [] as Stored[]]));
      const abort = new AbortController();
      // Clients stream until the crash cuts them off.
      const firstPass = ids.map((id) => readStream(baseUrl, id, 0, received.get(id) ?? [], () => false, abort.signal));
      // Kill once half the clients have seen a few events: some runs are mid-flight, some paused.
      const deadline = Date.now() + 30_000;
      const started = () => [...received.values()].filter((r) => r.length >= 5).length;
      while (Date.now() < deadline && started() < WORKFLOWS / 2) await new Promise((r) => setTimeout(r, 20));
      await stopDevServer(server, "SIGKILL");
      const outcomes = await Promise.all(firstPass);
      expect(outcomes.every((o) => o !== "stopped")).toBe(true);
      const seenBeforeCrash = [...received.values()].map((r) => r.length);

      server = await startDevServer(stateDir, port, { RS_VARS: VARS });
      baseUrl = server.baseUrl;
      const isDone = (events: Stored[]) =>
        events.some(
          (e) =>
            ["workflow-complete", "workflow-cancelled"].includes(e.type) ||
            (e.type === "error" && e.data.retryable === false),
        );
      await Promise.all(
        ids.map(async (id) => {
          const events = received.get(id) ?? [];
          const until = Date.now() + 60_000;
          while (!isDone(events) && Date.now() < until) {
            const result = await readStream(
              baseUrl,
              id,
              events.at(-1)?.seq ?? 0,
              events,
              () => isDone(events) || Date.now() > until,
              new AbortController().signal,
            );
            if (result === "ended" && isDone(events)) break;
            await new Promise((r) => setTimeout(r, 250));
          }
        }),
      );

      for (const id of ids) {
        const events = received.get(id) ?? [];
        expect(events.at(-1)?.type, `decision set ${id}`).toBe("workflow-complete");
        expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
        // Every step's start, card and completion once per run of that step.
        const count = (type: string) => {
          const m = new Map<string, number>();
          for (const e of events.filter((x) => x.type === type))
            m.set(String(e.data.node), (m.get(String(e.data.node)) ?? 0) + 1);
          return Object.fromEntries(m);
        };
        const trace = events
          .map((e) => `${e.seq}:${e.type}${typeof e.data.node === "string" ? `(${e.data.node})` : ""}`)
          .join(" ");
        expect(count("node-complete"), trace).toEqual(count("node-start"));
        expect(count("reason-card")).toEqual(count("node-start"));
        const status = (await (await fetch(`${baseUrl}/api/decision-sets/${id}`)).json()) as { status: string };
        expect(status.status).toBe("completed");
      }
      console.log(
        `crash test: ${WORKFLOWS} workflows; events seen before the kill per client: ${seenBeforeCrash.join(", ")}; all completed after restart`,
      );
    },
  );
});
