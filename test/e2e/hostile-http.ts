/**
 * The hostile-input table (test/support/hostile-cases.ts) replayed over HTTP against a
 * running server, on one kept-alive connection: each case must get a 4xx in the error
 * envelope and change nothing the API shows, and a request sent right after a case with a
 * body, down the same connection, must be answered normally. A server that leaves a refused
 * body unread can break that next request in the local proxy in front of the Worker.
 */
import http from "node:http";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { caseBody, caseMethod, casePath, hostileCases } from "../support/hostile-cases";

interface Answer {
  status: number;
  text: string;
  setCookie: string;
  /** True if the request went down a connection an earlier request had used. */
  reused: boolean;
}

/** One request on `agent` (a keep-alive agent with a single socket, so every request shares it). */
export function send(
  agent: http.Agent,
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method,
        agent,
        headers: { ...headers, ...(body === undefined ? {} : { "content-length": String(Buffer.byteLength(body)) }) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString("utf8"),
            setCookie: (res.headers["set-cookie"] ?? [])[0]?.split(";")[0] ?? "",
            reused: req.reusedSocket,
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${url}: no answer in 30 s`)));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const Envelope = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
const Accepted = z.object({ decision_set_id: z.string() });
const Detail = z.object({ status: z.string(), last_seq: z.number() });

/**
 * Registers the table as tests against the server at `baseUrl()` (a function: the server
 * may be started in a hook that runs after registration).
 */
export function hostileOverHttp(serverName: string, baseUrl: () => string): void {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let id = "";
  let cookie = "";

  /** What the API shows of this owner's decision sets: the list and the run's detail. */
  async function state(): Promise<string> {
    const list = await send(agent, `${baseUrl()}/api/decision-sets`, "GET", { cookie });
    const detail = await send(agent, `${baseUrl()}/api/decision-sets/${id}`, "GET", { cookie });
    expect(list.status).toBe(200);
    expect(detail.status).toBe(200);
    return `${list.text}\n${detail.text}`;
  }

  describe(`${hostileCases.length} hostile requests through ${serverName}, on one kept-alive connection`, () => {
    beforeAll(async () => {
      const res = await send(
        agent,
        `${baseUrl()}/api/chat/async`,
        "POST",
        { "content-type": "application/json" },
        JSON.stringify({ messages: [{ role: "user", content: "batch scoring" }] }),
      );
      expect(res.status).toBe(202);
      cookie = res.setCookie;
      id = Accepted.parse(JSON.parse(res.text)).decision_set_id;
      // Let the run settle (paused at its first gate, or ended) so its log is stable.
      for (let i = 0; i < 300; i++) {
        const detail = await send(agent, `${baseUrl()}/api/decision-sets/${id}`, "GET", { cookie });
        const status = detail.status === 200 ? Detail.parse(JSON.parse(detail.text)).status : "";
        if (["completed", "paused", "failed"].includes(status)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    }, 60_000);

    for (const c of hostileCases) {
      it(`${c.name}: ${c.status ?? "4xx"} in the envelope, nothing changed, the next request answered`, async () => {
        const before = await state();
        const body = caseBody(c);
        const headers: Record<string, string> = {
          cookie,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...c.headers,
        };
        const res = await send(agent, `${baseUrl()}${casePath(c, id)}`, caseMethod(c), headers, body);
        if (c.status !== undefined) expect(res.status).toBe(c.status);
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        const envelope = Envelope.parse(JSON.parse(res.text));
        expect(envelope.error.code).toMatch(/^[a-z_]+$/);
        expect(envelope.error.message.length).toBeGreaterThan(0);
        // Right after, down the same connection: answered as usual, not a proxy error.
        const next = await send(agent, `${baseUrl()}/api/workflow/plan`, "GET", {});
        expect(next.status).toBe(200);
        expect(next.reused).toBe(true);
        expect(await state()).toBe(before);
      });
    }
  });
}
