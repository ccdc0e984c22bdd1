/**
 * Every accepted action survives a crash at any moment. Runs are driven through every kind
 * of action a person takes (a new run, answers, an approval, a rejection, a cancel, a
 * follow-up, a sharing change) on the runtime `wrangler deploy` ships (`wrangler dev` on
 * the build), and the server is SIGKILLed at random moments: just before an action, while
 * its request is in flight, just after its 2xx, and while steps run. It restarts on the
 * same state each time. Afterwards: every 2xx action took effect exactly once, every run
 * reached an end, the stored seqs are 1..n with no gap or duplicate, no step's card was
 * stored twice, and each stream resumed by Last-Event-ID across the kills got 1..n once.
 *
 * Seeded and printed: `RS_KILL_SEED=<seed>` replays a failure's schedule (the moments are
 * the same; the server's own timing is not). `RS_KILL_COUNT` sets the kills per run (a
 * soak: `RS_KILL_COUNT=40 RS_KILL_RUNS=12 npx vitest run --project e2e test/e2e/random-kill.test.ts`).
 */
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { freshState, startDeployRuntime, stopDevServer, type DevServer } from "./server";
import { readStream, type Stored } from "./sse";

const SEED = Number(process.env.RS_KILL_SEED ?? Math.floor(Math.random() * 2 ** 31));
const KILLS = Number(process.env.RS_KILL_COUNT ?? 5);
const RUNS = Number(process.env.RS_KILL_RUNS ?? 6);
// Gates wait for people (no deadline in the test's time), so every answer on record is one of ours.
const VARS = { LEASE_MS: "3000", HITL_TIMEOUT_SECONDS: "3600", HEARTBEAT_MS: "1000" };

/** mulberry32: a small seeded generator, so a schedule replays from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(SEED);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const Accepted = z.object({ decision_set_id: z.string() });
const EventsPage = z.object({
  events: z.array(z.object({ seq: z.number(), type: z.string(), data: z.record(z.string(), z.unknown()) })),
  last_seq: z.number(),
});

/** What an action's request came to: accepted (2xx), refused (4xx), or unknown (the server died under it). */
type Outcome =
  | { kind: "accepted"; status: number; body: unknown }
  | { kind: "refused"; status: number }
  | { kind: "lost" };

/** An action the API answered 2xx, and the mark by which its effect is found. */
interface AcceptedAction {
  run: string;
  action: "chat" | "follow-up" | "answer" | "approve" | "reject" | "cancel" | "share";
  mark: string;
}

/** The server, restarted on the same state after each kill; requests made while it is down are `lost`. */
class Harness {
  server: DevServer | undefined;
  port = 0;
  stateDir = "";
  cookie = "";
  kills = 0;
  readonly moments: string[] = [];
  private restarting: Promise<void> | null = null;

  async start(): Promise<void> {
    this.stateDir = freshState();
    this.server = await startDeployRuntime(this.stateDir, undefined, VARS);
    this.port = this.server.port;
    // One person drives every run: take the owner cookie before any run starts.
    const me = await this.request("GET", "/api/me");
    if (me.kind !== "accepted" || this.cookie === "") throw new Error("no owner cookie");
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** SIGKILLs the server (workerd and all) and starts it again on the same state and port. */
  kill(moment: string): Promise<void> {
    if (this.restarting !== null || this.kills >= KILLS || this.server === undefined)
      return this.restarting ?? Promise.resolve();
    this.kills++;
    this.moments.push(moment);
    console.log(`random-kill: kill ${this.kills} ${moment} at ${new Date().toISOString()}`);
    const server = this.server;
    this.restarting = (async () => {
      await stopDevServer(server, "SIGKILL");
      this.server = await startDeployRuntime(this.stateDir, this.port, VARS);
      this.restarting = null;
    })();
    return this.restarting;
  }

  /** Waits while the server restarts. */
  async up(): Promise<void> {
    while (this.restarting !== null) await this.restarting;
  }

  /** One request, as a browser with the owner's cookie makes it. */
  async request(method: string, path: string, body?: unknown): Promise<Outcome> {
    await this.up();
    try {
      const res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { "content-type": "application/json", ...(this.cookie === "" ? {} : { cookie: this.cookie }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(20_000),
      });
      const set = res.headers.get("set-cookie");
      if (set !== null && this.cookie === "") this.cookie = set.split(";")[0] ?? "";
      const text = await res.text();
      if (res.status >= 500) return { kind: "lost" };
      if (res.status >= 400) return { kind: "refused", status: res.status };
      return { kind: "accepted", status: res.status, body: text === "" ? null : JSON.parse(text) };
    } catch {
      return { kind: "lost" };
    }
  }

  /**
   * An action with a kill drawn around it: before it is sent, while it is in flight, just
   * after its 2xx, or none. Returns the outcome as the client saw it.
   */
  async act(label: string, method: string, path: string, body: unknown): Promise<Outcome> {
    const roll = random();
    if (roll < 0.08) await this.kill(`before ${label}`);
    const inFlight = roll >= 0.08 && roll < 0.18;
    const pending = this.request(method, path, body);
    if (inFlight) {
      await sleep(Math.floor(random() * 15));
      await this.kill(`during ${label}`);
    }
    const outcome = await pending;
    if (roll >= 0.18 && roll < 0.3 && outcome.kind === "accepted") {
      await sleep(Math.floor(random() * 40));
      await this.kill(`just after ${label}`);
    }
    return outcome;
  }

  /** Every stored event of a run, read back page by page. */
  async events(id: string): Promise<Stored[]> {
    const all: Stored[] = [];
    for (let tries = 0; ; tries++) {
      const outcome = await this.request("GET", `/api/decision-sets/${id}/events?after=${all.at(-1)?.seq ?? 0}`);
      if (outcome.kind === "refused") throw new Error(`events of ${id}: ${outcome.status}`);
      if (outcome.kind === "lost") {
        if (tries > 300) throw new Error(`events of ${id}: the server did not come back`);
        await sleep(200);
        continue;
      }
      const page = EventsPage.parse(outcome.body);
      all.push(...page.events);
      if (page.events.length === 0 || (all.at(-1)?.seq ?? 0) >= page.last_seq) return all;
    }
  }
}

const ENDS = new Set(["workflow-complete", "workflow-cancelled"]);
const h = new Harness();
const accepted: AcceptedAction[] = [];
afterAll(async () => {
  if (h.server !== undefined) await stopDevServer(h.server);
});

/** Repeats an action until the server gives an answer it kept (2xx) or refused (4xx). */
async function until(label: string, method: string, path: string, body: unknown): Promise<Outcome> {
  for (let tries = 0; tries < 100; tries++) {
    const outcome = await h.act(label, method, path, body);
    // Rate-limited (one person starting many runs while the server restarts under them):
    // wait as a person would, and try again.
    if (outcome.kind === "refused" && outcome.status === 429) {
      await sleep(1000);
      continue;
    }
    if (outcome.kind !== "lost") return outcome;
    await sleep(200);
  }
  throw new Error(`${label}: no answer in 100 tries`);
}

/**
 * Drives one run to its end as a person would, with its plan drawn from the generator:
 * answer each round of questions, then approve or reject, or cancel part-way; a follow-up
 * on the thread once it ends. Returns the ids of the runs it started.
 */
async function drive(index: number): Promise<string[]> {
  const plan = { cancelAt: random() < 0.25 ? 1 + Math.floor(random() * 12) : null, reject: random() < 0.2 };
  const followUp = random() < 0.35;
  const chat = await until(`chat ${index}`, "POST", "/api/chat/async", {
    messages: [
      { role: "user", content: `Run ${index}: real-time recommendations, GDPR, budget $${4 + index}k a month` },
    ],
  });
  if (chat.kind !== "accepted") throw new Error(`chat ${index} refused: ${chat.kind === "refused" ? chat.status : ""}`);
  const { decision_set_id: first } = Accepted.parse(chat.body);
  accepted.push({ run: first, action: "chat", mark: first });
  const runs = [first];
  let current = first;
  let thread: string | null = null;
  let rounds = 0;
  for (let step = 0; step < 400; step++) {
    const events = await h.events(current);
    const last = events.at(-1);
    if (last !== undefined && ENDS.has(last.type)) {
      if (followUp && runs.length === 1) {
        if (thread === null) {
          const row = await h.request("GET", `/api/decision-sets/${current}`);
          thread = row.kind === "accepted" ? z.object({ thread_id: z.string() }).parse(row.body).thread_id : null;
        }
        const next = await until(`follow-up ${index}`, "POST", "/api/chat/async", {
          messages: [{ role: "user", content: "Move this to batch scoring at night" }],
          thread_id: thread,
        });
        if (next.kind === "accepted") {
          current = Accepted.parse(next.body).decision_set_id;
          accepted.push({ run: current, action: "follow-up", mark: current });
          runs.push(current);
          continue;
        }
      }
      return runs;
    }
    if (plan.cancelAt !== null && events.length >= plan.cancelAt && runs.length === 1) {
      const out = await until(`cancel ${index}`, "POST", `/api/decision-sets/${current}/cancel`, {});
      plan.cancelAt = null;
      if (out.kind === "accepted") accepted.push({ run: current, action: "cancel", mark: "cancel" });
      continue;
    }
    // The gate open now, if any: the last pause not followed by its answer.
    const pausedAt = events.findLastIndex((e) => e.type === "workflow-paused");
    const answeredAt = events.findLastIndex((e) => e.type === "responses-collected");
    if (pausedAt > answeredAt && pausedAt >= 0) {
      const gate = events[pausedAt]?.data.gate;
      const mark = `${current}:${events[pausedAt]?.seq}`;
      if (gate === "final") {
        const decision = plan.reject ? "rejected" : "approved";
        const out = await until(`${decision} ${index}`, "POST", `/api/decision-sets/${current}/approve`, {
          decision,
          comment: mark,
        });
        if (out.kind === "accepted") accepted.push({ run: current, action: plan.reject ? "reject" : "approve", mark });
      } else {
        const presented = events.findLast((e) => e.type === "questions-presented");
        const defaults = z.record(z.string(), z.unknown()).parse(presented?.data.smart_defaults ?? {});
        const out = await until(`answer ${index}`, "POST", `/api/decision-sets/${current}/responses`, {
          responses: { ...defaults, note: mark },
        });
        if (out.kind === "accepted") accepted.push({ run: current, action: "answer", mark });
        rounds++;
      }
      if (rounds === 1 && random() < 0.5) {
        const person = `viewer${index}@example.com`;
        const out = await until(`share ${index}`, "POST", `/api/decision-sets/${current}/sharing`, {
          // The link stays open: the streams below watch without the owner's cookie.
          link: "watch",
          people: [person],
        });
        if (out.kind === "accepted") accepted.push({ run: current, action: "share", mark: person });
      }
      continue;
    }
    await sleep(150);
  }
  throw new Error(`run ${index} did not end: ${(await h.events(current)).map((e) => e.type).join(" ")}`);
}

/** Streams a run over SSE across every kill, resuming by Last-Event-ID, until it ends. */
async function watch(id: string, into: Stored[], deadline: number): Promise<void> {
  while (Date.now() < deadline && !into.some((e) => ENDS.has(e.type))) {
    await h.up();
    await readStream(h.baseUrl, id, into.at(-1)?.seq ?? 0, into, () => into.some((e) => ENDS.has(e.type)));
    await sleep(100);
  }
}

describe("random kills", () => {
  it("keeps every 2xx action exactly once across SIGKILLs at random moments", { timeout: 900_000 }, async () => {
    console.log(`random-kill: seed ${SEED}, up to ${KILLS} kills, ${RUNS} runs (RS_KILL_SEED=${SEED} replays)`);
    const started = Date.now();
    await h.start();
    // Kills while steps run, at random times, besides the ones drawn around actions.
    let driving = true;
    const background = (async () => {
      while (driving) {
        await sleep(1500 + Math.floor(random() * 5000));
        if (driving) await h.kill("during steps");
      }
    })();
    const streams = new Map<string, Stored[]>();
    const watchers: Promise<void>[] = [];
    const deadline = Date.now() + 600_000;
    const runs = await Promise.all(
      Array.from({ length: RUNS }, async (_, i) => {
        await sleep(Math.floor(random() * 2000));
        const ids = await drive(i);
        console.log(`random-kill: run ${i} ended (${ids.join(", ")})`);
        for (const id of ids) {
          if (streams.has(id)) continue;
          const into: Stored[] = [];
          streams.set(id, into);
          watchers.push(watch(id, into, deadline));
        }
        return ids;
      }),
    );
    driving = false;
    await background;
    await Promise.all(watchers);
    const all = runs.flat();

    for (const id of all) {
      const events = await h.events(id);
      const trace = events.map((e) => `${e.seq}:${e.type}`).join(" ");
      // Every run reached an end, and D1 says the same.
      expect(ENDS.has(events.at(-1)?.type ?? ""), trace).toBe(true);
      const row = await h.request("GET", `/api/decision-sets/${id}`);
      const status = row.kind === "accepted" ? z.object({ status: z.string() }).parse(row.body).status : "unknown";
      expect(["completed", "rejected", "cancelled"], `${id} ${status}`).toContain(status);
      // Seqs 1..n, no gap, no duplicate; no step's card or completion twice.
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      const perNode = (type: string) => {
        const m = new Map<string, number>();
        for (const e of events.filter((x) => x.type === type))
          m.set(String(e.data.node), (m.get(String(e.data.node)) ?? 0) + 1);
        return Object.fromEntries(m);
      };
      // A finished run has one card and one completion per step it started; a cancelled one
      // may stop inside a step, but never has a step's card or completion twice.
      const starts = perNode("node-start");
      if (events.at(-1)?.type === "workflow-complete") {
        expect(perNode("reason-card"), trace).toEqual(starts);
        expect(perNode("node-complete"), trace).toEqual(starts);
      }
      for (const type of ["reason-card", "node-complete"])
        for (const [node, n] of Object.entries(perNode(type)))
          expect(n, `${type} ${node}: ${trace}`).toBeLessThanOrEqual(starts[node] ?? 0);
      // Each gate opened was answered once, and no answer was given that was not asked.
      expect(events.filter((e) => e.type === "responses-collected").length, trace).toBeLessThanOrEqual(
        events.filter((e) => e.type === "workflow-paused").length,
      );
      // The stream read across the kills by Last-Event-ID got exactly the stored events.
      const streamed = streams.get(id) ?? [];
      expect(
        streamed.map((e) => e.seq),
        id,
      ).toEqual(events.map((e) => e.seq));
    }

    // Every 2xx action took effect exactly once.
    for (const action of accepted) {
      const events = await h.events(action.run);
      const found = (pred: (e: Stored) => boolean) => events.filter(pred).length;
      const mark = (e: Stored) => JSON.stringify(e.data.responses ?? {}).includes(action.mark);
      if (action.action === "chat" || action.action === "follow-up")
        expect(
          found((e) => e.type === "workflow-start"),
          action.run,
        ).toBe(1);
      if (action.action === "answer" || action.action === "approve" || action.action === "reject")
        expect(
          found((e) => e.type === "responses-collected" && mark(e) && e.data.source === "user"),
          action.mark,
        ).toBe(1);
      if (action.action === "cancel")
        expect(
          found((e) => e.type === "workflow-cancelled"),
          action.run,
        ).toBe(1);
      if (action.action === "share") {
        const sharing = await h.request("GET", `/api/decision-sets/${action.run}/sharing`);
        expect(sharing.kind === "accepted" ? JSON.stringify(sharing.body) : "", action.run).toContain(action.mark);
      }
    }
    const counts = new Map<string, number>();
    for (const a of accepted) counts.set(a.action, (counts.get(a.action) ?? 0) + 1);
    console.log(
      `random-kill: seed ${SEED}: ${h.kills} kills (${h.moments.join("; ")}); ${all.length} runs; ` +
        `${accepted.length} accepted actions (${[...counts].map(([k, v]) => `${k} ${v}`).join(", ")}); ` +
        `0 violations; ${Math.round((Date.now() - started) / 1000)} s`,
    );
    expect(h.kills).toBeGreaterThan(0);
  });
});

describe("an accepted answer and a kill", () => {
  it("keeps the answer given 30 ms before SIGKILL and resumes the run with it", { timeout: 300_000 }, async () => {
    const stateDir = freshState();
    let server = await startDeployRuntime(stateDir, undefined, VARS);
    const port = server.port;
    try {
      const chat = await fetch(`${server.baseUrl}/api/chat/async`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          messages: [{ role: "user", content: "Fraud scoring for card payments, PCI-DSS, $8k a month" }],
        }),
      });
      const cookie = (chat.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      const { decision_set_id: id } = Accepted.parse(await chat.json());
      const events: Stored[] = [];
      await readStream(server.baseUrl, id, 0, events, () => events.some((e) => e.type === "questions-presented"));
      const presented = events.find((e) => e.type === "questions-presented");
      const defaults = z.record(z.string(), z.unknown()).parse(presented?.data.smart_defaults ?? {});
      const res = await fetch(`${server.baseUrl}/api/decision-sets/${id}/responses`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie },
        body: JSON.stringify({ responses: { ...defaults, note: "answered by the person" } }),
      });
      expect(res.status).toBe(202);
      await sleep(30);
      await stopDevServer(server, "SIGKILL");

      server = await startDeployRuntime(stateDir, port, VARS);
      const after: Stored[] = [];
      const until = Date.now() + 90_000;
      // Past the questions: a step after the answer has finished.
      const reached = () => {
        const at = after.findIndex((e) => e.type === "responses-collected");
        return at >= 0 && after.slice(at).some((e) => e.type === "node-complete");
      };
      while (!reached() && Date.now() < until) {
        await readStream(server.baseUrl, id, after.at(-1)?.seq ?? 0, after, () => reached() || Date.now() > until);
        if (!reached()) await sleep(250);
      }
      const trace = after.map((e) => `${e.seq}:${e.type}`).join(" ");
      const collected = after.filter((e) => e.type === "responses-collected");
      expect(collected.length, trace).toBe(1);
      expect(collected[0]?.data, trace).toMatchObject({
        source: "user",
        responses: { note: "answered by the person" },
      });
      expect(reached(), trace).toBe(true);
      expect(after.map((e) => e.seq)).toEqual(after.map((_, i) => i + 1));
    } finally {
      await stopDevServer(server);
    }
  });
});
