/**
 * An accepted answer survives the process: the person answers a run's questions, the API
 * says 202, and the server is SIGKILLed a moment later. Restarted on the same state, the
 * run goes on with the person's answers (not the defaults), past the questions, once.
 */
import { afterAll, describe, expect, it } from "vitest";
import { freshState, startDevServer, startPreviewServer, stopDevServer, type DevServer } from "./server";
import { readStream, type Stored } from "./sse";

// Long gate deadline: only the person's answer can close the questions before the test ends.
const VARS = JSON.stringify({ LEASE_MS: "3000", HITL_TIMEOUT_SECONDS: "600", HEARTBEAT_MS: "1000" });

const start = (dir: string, port?: number) =>
  process.env.RS_KILL_SERVER === "preview"
    ? startPreviewServer(dir, port)
    : startDevServer(dir, port, { RS_VARS: VARS });

let server: DevServer | undefined;
afterAll(async () => {
  if (server !== undefined) await stopDevServer(server);
});

describe("an accepted answer and a kill", () => {
  it("keeps the answer given 30 ms before SIGKILL and resumes the run with it", { timeout: 240_000 }, async () => {
    const stateDir = freshState();
    server = await start(stateDir);
    const port = server.port;
    const chat = await fetch(`${server.baseUrl}/api/chat/async`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        messages: [{ role: "user", content: "Fraud scoring for card payments, PCI-DSS, $8k a month" }],
      }),
    });
    const cookie = (chat.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const { decision_set_id: id } = (await chat.json()) as { decision_set_id: string };
    const events: Stored[] = [];
    await readStream(server.baseUrl, id, 0, events, () => events.some((e) => e.type === "questions-presented"));
    const presented = events.find((e) => e.type === "questions-presented");
    expect(presented).toBeDefined();
    const defaults = (presented?.data.smart_defaults ?? {}) as Record<string, unknown>;
    const key = Object.keys(defaults)[0] ?? "";
    const answers = { ...defaults, [key]: "answered by the person" };
    const res = await fetch(`${server.baseUrl}/api/decision-sets/${id}/responses`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ responses: answers }),
    });
    expect(res.status).toBe(202);
    await new Promise((r) => setTimeout(r, 30));
    await stopDevServer(server, "SIGKILL");

    server = await start(stateDir, port);
    const after: Stored[] = [];
    const until = Date.now() + 90_000;
    // Past the questions: the step after them has finished.
    const reached = () => {
      const at = after.findIndex((e) => e.type === "responses-collected");
      return at >= 0 && after.slice(at).some((e) => e.type === "node-complete");
    };
    while (!reached() && Date.now() < until) {
      await readStream(server.baseUrl, id, after.at(-1)?.seq ?? 0, after, () => reached() || Date.now() > until);
      if (!reached()) await new Promise((r) => setTimeout(r, 250));
    }
    const trace = after.map((e) => `${e.seq}:${e.type}`).join(" ");
    const collected = after.filter((e) => e.type === "responses-collected");
    expect(collected.length, trace).toBe(1);
    expect(collected[0]?.data.source, trace).toBe("user");
    expect((collected[0]?.data.responses as Record<string, unknown>)[key]).toBe("answered by the person");
    expect(reached(), trace).toBe(true);
    expect(after.map((e) => e.seq)).toEqual(after.map((_, i) => i + 1));
  });
});
