/**
 * A JWKS host on loopback, standing in for `https://<team>.cloudflareaccess.com/cdn-cgi/access/certs`.
 * Tests generate their own keys and publish the public halves here (`PUT /jwks/<name>`);
 * the Worker fetches `GET /jwks/<name>` like any certs URL, and `GET /fetches/<name>`
 * says how often it did, so caching and refetch limits can be asserted.
 */
import { createServer, type IncomingMessage } from "node:http";

export interface JwksServer {
  baseUrl: string;
  close(): Promise<void>;
}

const MAX_SETS = 200;
const MAX_BODY_BYTES = 64 * 1024;

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Starts the server on a free port of 127.0.0.1. */
export async function startJwksServer(): Promise<JwksServer> {
  const sets = new Map<string, string>();
  const fetches = new Map<string, number>();
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const [, kind, name = ""] = url.pathname.split("/");
      if (kind === "jwks" && req.method === "PUT") {
        const body = await readBody(req);
        if (body === null || (sets.size >= MAX_SETS && !sets.has(name))) {
          res.writeHead(413).end();
          return;
        }
        sets.set(name, body);
        res.writeHead(204).end();
      } else if (kind === "jwks" && req.method === "GET") {
        fetches.set(name, (fetches.get(name) ?? 0) + 1);
        const body = sets.get(name);
        if (body === undefined) res.writeHead(404).end();
        else res.writeHead(200, { "content-type": "application/json" }).end(body);
      } else if (kind === "fetches") {
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ count: fetches.get(name) ?? 0 }));
      } else {
        res.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
