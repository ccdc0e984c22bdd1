/**
 * An OpenAI-compatible chat completions server on loopback, scripted per test. A test
 * registers a script under an id and names the id as the model (`script:<id>`); each
 * request takes the script's next step: a JSON answer (streamed as SSE when the client
 * asks for `stream: true`), or an error status with headers (429 with Retry-After, 500).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { z } from "zod";

/** One scripted reply: an HTTP status (200 answers with `content`), headers, chunk size when streamed. */
export const Step = z.object({
  status: z.number().int().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  content: z.string().optional(),
  chunk: z.number().int().positive().optional(),
  /** Wait this long before answering (bounded): a server slower than the client's timeout. */
  delayMs: z.number().int().min(0).max(30_000).optional(),
  /** Cut a streamed answer off halfway, without finish_reason or [DONE]. */
  truncate: z.boolean().optional(),
});
export type Step = z.infer<typeof Step>;

const Script = z.object({ id: z.string(), steps: z.array(Step) });
const ChatRequest = z.object({
  model: z.string().default(""),
  stream: z.boolean().optional(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).optional(),
  messages: z.array(z.object({ role: z.string(), content: z.unknown() })).default([]),
});

/** What the server saw of one request. */
export interface Seen {
  stream: boolean;
  messages: { role: string; content: string }[];
}

/** Most requests answered per script before it fails loudly: a runaway retry loop ends here. */
const MAX_REQUESTS_PER_SCRIPT = 50;
const MAX_BODY_BYTES = 1_000_000;

export interface FakeOpenAI {
  baseUrl: string;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1 and an ephemeral port. */
export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const scripts = new Map<string, Step[]>();
  const seen = new Map<string, Seen[]>();
  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: String(err), type: "server_error" } }));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (req.method === "POST" && url.pathname === "/__script") {
      const body = Script.parse(JSON.parse(await readBody(req)));
      scripts.set(body.id, [...body.steps]);
      seen.set(body.id, []);
      res.writeHead(204).end();
      return;
    }
    if (req.method === "GET" && url.pathname.startsWith("/__seen/")) {
      const id = decodeURIComponent(url.pathname.slice("/__seen/".length));
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(seen.get(id) ?? []));
      return;
    }
    if (req.method !== "POST" || url.pathname !== "/v1/chat/completions") {
      res
        .writeHead(404, { "content-type": "application/json" })
        .end(JSON.stringify({ error: { message: "not found" } }));
      return;
    }
    const body = ChatRequest.parse(JSON.parse(await readBody(req)));
    const id = body.model.replace(/^script:/, "");
    const log = seen.get(id);
    const script = scripts.get(id);
    if (log === undefined || script === undefined) {
      res
        .writeHead(404, { "content-type": "application/json" })
        .end(JSON.stringify({ error: { message: `no script ${id}`, type: "invalid_request_error" } }));
      return;
    }
    log.push({
      stream: body.stream === true,
      messages: body.messages.map((m) => ({
        role: m.role,
        content: typeof m.content === "string" ? m.content : JSON.stringify(m.content),
      })),
    });
    const step = log.length <= MAX_REQUESTS_PER_SCRIPT ? script.shift() : undefined;
    if (step === undefined) {
      res
        .writeHead(400, { "content-type": "application/json" })
        .end(JSON.stringify({ error: { message: `script ${id} exhausted`, type: "invalid_request_error" } }));
      return;
    }
    if (step.delayMs !== undefined) {
      const delay = step.delayMs;
      await new Promise((r) => setTimeout(r, delay));
      if (res.destroyed || req.destroyed) return;
    }
    const status = step.status ?? 200;
    if (status !== 200) {
      res.writeHead(status, { "content-type": "application/json", ...step.headers });
      res.end(
        JSON.stringify({
          error: { message: `scripted ${status}`, type: status === 429 ? "rate_limit_exceeded" : "server_error" },
        }),
      );
      return;
    }
    const content = step.content ?? "";
    const model = body.model;
    if (body.stream === true) {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      const size = Math.max(1, step.chunk ?? 8);
      const frame = (delta: Record<string, unknown>, finish: string | null) =>
        `data: ${JSON.stringify({ id: "chatcmpl-fake", object: "chat.completion.chunk", created: 0, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      res.write(frame({ role: "assistant", content: "" }, null));
      if (step.truncate === true) {
        res.write(frame({ content: content.slice(0, Math.floor(content.length / 2)) }, null));
        res.destroy();
        return;
      }
      for (let i = 0; i < content.length; i += size) res.write(frame({ content: content.slice(i, i + size) }, null));
      res.write(frame({}, "stop"));
      // As OpenAI does when asked: one last chunk with no choices and the usage.
      if (body.stream_options?.include_usage === true) {
        res.write(
          `data: ${JSON.stringify({ id: "chatcmpl-fake", object: "chat.completion.chunk", created: 0, model, choices: [], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } })}\n\n`,
        );
      }
      res.end("data: [DONE]\n\n");
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        id: "chatcmpl-fake",
        object: "chat.completion",
        created: 0,
        model,
        choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      }),
    );
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the fake server has no TCP address");
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error("body too large");
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}
