/**
 * Load: 500 concurrent SSE subscribers across 50 decision sets while their workflows run
 * (20 at a time on the consumer); every subscriber gets every stored event, in order, once.
 * Prints the figures, and the runtime's resident memory before and after, for
 * docs/RELIABILITY.md. (Memory is reported, not asserted: it is a measurement.)
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { freshState, startDevServer, stopDevServer, type DevServer } from "./server";
import { readStream, type Stored } from "./sse";

const DECISION_SETS = 50;
const SUBSCRIBERS_PER_SET = 10;

/** Resident memory (KiB) of the workerd processes under `pid`. */
function workerdRssKiB(pid: number | undefined): number {
  if (pid === undefined) return 0;
  let total = 0;
  const out = execFileSync("ps", ["-eo", "pid=,ppid=,comm="]).toString();
  const children = new Map<number, number[]>();
  const names = new Map<number, string>();
  for (const line of out.trim().split("\n")) {
    const [p, pp, comm] = line.trim().split(/\s+/);
    const child = Number(p);
    names.set(child, comm ?? "");
    const list = children.get(Number(pp)) ?? [];
    list.push(child);
    children.set(Number(pp), list);
  }
  const stack = [pid];
  while (stack.length > 0) {
    const current = stack.pop() ?? 0;
    if ((names.get(current) ?? "").startsWith("workerd")) {
      const status = readFileSync(`/proc/${current}/status`, "utf8");
      total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    }
    stack.push(...(children.get(current) ?? []));
  }
  return total;
}

/** Reads a stream to its end (the server closes it after the workflow ends), reconnecting with its cursor. */
async function subscribe(baseUrl: string, id: string): Promise<{ seqs: number[]; types: string[] }> {
  const events: Stored[] = [];
  const done = () => events.some((e) => e.type === "workflow-complete");
  for (let attempt = 0; attempt < 20 && !done(); attempt++) {
    if ((await readStream(baseUrl, id, events.at(-1)?.seq ?? 0, events, done)) === "ended" && done()) break;
  }
  return { seqs: events.map((e) => e.seq), types: events.map((e) => e.type) };
}

let server: DevServer | undefined;
afterAll(async () => {
  if (server !== undefined) await stopDevServer(server);
});

describe("load", () => {
  it(
    `delivers every event to ${DECISION_SETS * SUBSCRIBERS_PER_SET} subscribers across ${DECISION_SETS} decision sets`,
    { timeout: 300_000 },
    async () => {
      server = await startDevServer(freshState(), undefined, {
        RS_VARS: JSON.stringify({ HITL_TIMEOUT_SECONDS: "0" }),
      });
      const { baseUrl } = server;
      const rss = [workerdRssKiB(server.child.pid)];
      // Two identical rounds: the first warms the runtime up, the second shows whether memory keeps growing.
      for (let round = 1; round <= 2; round++) {
        const started = Date.now();
        const ids = await Promise.all(
          Array.from({ length: DECISION_SETS }, async (_, i) => {
            const res = await fetch(`${baseUrl}/api/chat/async`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({
                messages: [
                  {
                    role: "user",
                    content: `Load ${i}: streaming anomaly detection, HIPAA, budget $${2 + (i % 9)}k/month`,
                  },
                ],
              }),
            });
            expect(res.status).toBe(202);
            return ((await res.json()) as { decision_set_id: string }).decision_set_id;
          }),
        );
        const results = await Promise.all(
          ids.flatMap((id) =>
            Array.from({ length: SUBSCRIBERS_PER_SET }, () => subscribe(baseUrl, id).then((r) => ({ id, ...r }))),
          ),
        );
        const elapsed = Date.now() - started;
        const byId = new Map<string, number>();
        let deliveries = 0;
        for (const r of results) {
          expect(r.types.at(-1), r.id).toBe("workflow-complete");
          expect(r.seqs).toEqual(r.seqs.map((_, i) => i + 1));
          const n = byId.get(r.id);
          if (n === undefined) byId.set(r.id, r.seqs.length);
          else expect(r.seqs.length).toBe(n);
          deliveries += r.seqs.length;
        }
        rss.push(workerdRssKiB(server.child.pid));
        console.log(
          `load round ${round}: ${results.length} subscribers, ${DECISION_SETS} decision sets, ${deliveries} deliveries in ${elapsed} ms`,
        );
      }
      console.log(
        `load: workerd RSS ${rss.map((k) => `${Math.round(k / 1024)} MiB`).join(" -> ")} (start, after round 1, after round 2)`,
      );
    },
  );
});
