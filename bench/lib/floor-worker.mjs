/**
 * The workerd floor: the least a Worker and a Durable Object can do to fan one stream out
 * over SSE, with none of the product's code. It shows what the runtime itself costs, so
 * the product can be read against it as well as against bare Node (the product cannot
 * beat the runtime it runs in). Bench-only: started by `startFloor` in worker.mjs, in its
 * own Miniflare instance, fed by the same in-workerd driver (driver.mjs) as the product.
 *
 * Same wire format as the bare broadcaster (`retry:` first, `caught-up`, then each frame
 * encoded once for all subscribers), and no replay: the fan-out runs open fresh streams.
 * Two shapes, chosen by the `SHAPE` binding:
 * - `held`: the object holds every SSE stream itself and writes each batch to each;
 * - `socket`: the product's shape. The edge Worker holds the SSE stream and opens one
 *   hibernatable WebSocket to the object, which sends each batch once per socket.
 * With `STORE` = "1" the object inserts each event into its SQLite before it sends, as
 * the product must (persisted before sent); otherwise nothing is stored.
 */
import { DurableObject } from "cloudflare:workers";

const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
};
const encoder = new TextEncoder();

/** The bare broadcaster's frame (and the product's), byte for byte in shape. */
function frame(type, channel, seq, ts, dataJson) {
  const idLine = seq === undefined ? "" : `id: ${seq}\n`;
  const seqPart = seq === undefined ? "" : `,"seq":${seq}`;
  return `${idLine}event: ${type}\ndata: {"type":"${type}","decision_set_id":${JSON.stringify(channel)}${seqPart},"timestamp":"${ts}","data":${dataJson}}\n\n`;
}

export class FloorSet extends DurableObject {
  seq = 0;
  id = "";
  /** @type {Set<WritableStreamDefaultWriter>} the streams this object holds (shape `held`) */
  streams = new Set();
  /** @type {Set<WebSocket>|null} the sockets (shape `socket`), kept so an append does not list them; null after a wake */
  sockets = null;

  constructor(ctx, env) {
    super(ctx, env);
    this.store = env.STORE === "1";
    if (this.store)
      ctx.storage.sql.exec(
        "CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, type TEXT, ts TEXT, data TEXT)",
      );
  }

  /** The driver's `init` (it passes the product's fields; the floor needs the id alone). */
  async init({ decision_set_id }) {
    this.id = decision_set_id;
    return { ok: true };
  }

  caughtUp() {
    return frame("caught-up", this.id, undefined, new Date().toISOString(), `{"last_seq":${this.seq},"replayed":0}`);
  }

  async fetch(request) {
    if (request.headers.get("Upgrade") === "websocket") {
      const [client, server] = Object.values(new WebSocketPair());
      this.ctx.acceptWebSocket(server);
      this.socketSet().add(server);
      server.send(encoder.encode(this.caughtUp()));
      return new Response(null, { status: 101, webSocket: client });
    }
    const { readable, writable } = new IdentityTransformStream();
    const writer = writable.getWriter();
    writer.write(encoder.encode(`retry: 2000\n\n${this.caughtUp()}`)).catch(() => this.streams.delete(writer));
    this.streams.add(writer);
    return new Response(readable, { headers: SSE_HEADERS });
  }

  /** The driver's `append`: number, store (if asked), encode once, send to every subscriber. */
  async append(events) {
    let text = "";
    for (const event of events) {
      const seq = ++this.seq;
      const ts = new Date().toISOString();
      const dataJson = JSON.stringify(event.data);
      if (this.store)
        this.ctx.storage.sql.exec(
          "INSERT INTO events (seq, type, ts, data) VALUES (?, ?, ?, ?)",
          seq,
          event.type,
          ts,
          dataJson,
        );
      text += frame(event.type, this.id, seq, ts, dataJson);
    }
    // Encoded once; the same bytes go to every stream and every socket.
    const bytes = encoder.encode(text);
    for (const writer of this.streams) writer.write(bytes).catch(() => this.streams.delete(writer));
    for (const ws of this.socketSet()) ws.send(bytes);
    return { last_seq: this.seq };
  }

  socketSet() {
    this.sockets ??= new Set(this.ctx.getWebSockets());
    return this.sockets;
  }

  async stats() {
    return { last_seq: this.seq, streams: this.streams.size, sockets: this.ctx.getWebSockets().length };
  }

  webSocketClose(ws) {
    this.sockets?.delete(ws);
    ws.close();
  }

  webSocketError(ws) {
    this.sockets?.delete(ws);
  }
}

export default {
  async fetch(request, env) {
    const m = /^\/api\/streams\/([^/?]+)/.exec(new URL(request.url).pathname);
    if (m === null) return new Response("not found", { status: 404 });
    const stub = env.DECISION_SET.get(env.DECISION_SET.idFromName(m[1]));
    if (env.SHAPE === "held") return stub.fetch(request);
    const res = await stub.fetch("http://floor/socket", { headers: { Upgrade: "websocket" } });
    const ws = res.webSocket;
    if (ws === null) return new Response("no socket", { status: 502 });
    ws.binaryType = "arraybuffer";
    ws.accept();
    const { readable, writable } = new IdentityTransformStream();
    const writer = writable.getWriter();
    const gone = () => {
      try {
        ws.close();
      } catch {
        // already closed
      }
    };
    writer.write(encoder.encode("retry: 2000\n\n")).catch(gone);
    ws.addEventListener("message", (event) => {
      // The object's bytes, written through unchanged.
      writer.write(event.data).catch(gone);
    });
    ws.addEventListener("close", () => writer.close().catch(() => {}));
    return new Response(readable, { headers: SSE_HEADERS });
  },
};
