/**
 * The baseline (forked by run.mjs): a bare Node `http` SSE broadcaster with the same wire
 * format as the product: `GET /api/streams/:id`, `retry:` first, replay after
 * Last-Event-ID, `caught-up`, then every event, each frame encoded once for all
 * subscribers. No Durable Object, no WebSocket hop, no storage on the fan-out path
 * (a channel opened with `store` keeps its events in node:sqlite, for the replay baseline).
 * It runs in its own process, as workerd does, and is fed over IPC, as workerd is fed by RPC.
 *
 * Protocol (IPC): init → ok, emit → appended, run → ran (the producer in this process,
 * on the same schedule as the product's in-workerd driver), drop → ok.
 */
import http from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { injectOnSchedule } from "./events.mjs";

const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
};

/** @typedef {{ seq: number, subs: Set<http.ServerResponse>, store: boolean }} Channel */
/** @type {Map<string, Channel>} */
const channels = new Map();

let dbDir = null;
let db = null;
/** node:sqlite only when a channel stores: it prints an experimental warning on load. */
async function database() {
  if (db !== null) return db;
  const { DatabaseSync } = await import("node:sqlite");
  dbDir = mkdtempSync(path.join(tmpdir(), "rs-bench-bare-"));
  db = new DatabaseSync(path.join(dbDir, "events.sqlite"));
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("CREATE TABLE events (channel TEXT, seq INTEGER, type TEXT, ts TEXT, data TEXT, PRIMARY KEY (channel, seq))");
  return db;
}

/** The product's frame (worker/stream/sse.ts), byte for byte in shape. */
function frame(type, channel, seq, ts, dataJson) {
  const idLine = seq === undefined ? "" : `id: ${seq}\n`;
  const seqPart = seq === undefined ? "" : `,"seq":${seq}`;
  return `${idLine}event: ${type}\ndata: {"type":"${type}","decision_set_id":${JSON.stringify(channel)}${seqPart},"timestamp":"${ts}","data":${dataJson}}\n\n`;
}

const server = http.createServer((req, res) => {
  const m = /^\/api\/streams\/([^/?]+)/.exec(req.url ?? "");
  const channel = m === null ? undefined : channels.get(m[1]);
  if (m === null || channel === undefined) {
    res.writeHead(404).end();
    return;
  }
  const id = m[1];
  const after = Number(req.headers["last-event-id"] ?? 0) || 0;
  res.writeHead(200, SSE_HEADERS);
  let text = "retry: 2000\n\n";
  let replayed = 0;
  if (channel.store && after < channel.seq) {
    const rows = db
      .prepare("SELECT seq, type, ts, data FROM events WHERE channel = ? AND seq > ? ORDER BY seq")
      .all(id, after);
    for (const row of rows) text += frame(row.type, id, row.seq, row.ts, row.data);
    replayed = rows.length;
  }
  const caughtUp = JSON.stringify({ last_seq: channel.seq, replayed });
  text += frame("caught-up", id, undefined, new Date().toISOString(), caughtUp);
  res.write(text);
  channel.subs.add(res);
  res.on("close", () => channel.subs.delete(res));
});

/** @param {{ id: string, events: { type: string, data: unknown }[] }} msg */
function emit(msg) {
  const channel = channels.get(msg.id);
  if (channel === undefined) throw new Error(`unknown channel ${msg.id}`);
  let text = "";
  const insert = channel.store
    ? db.prepare("INSERT INTO events (channel, seq, type, ts, data) VALUES (?, ?, ?, ?, ?)")
    : null;
  for (const event of msg.events) {
    const seq = ++channel.seq;
    const ts = new Date().toISOString();
    const dataJson = JSON.stringify(event.data);
    insert?.run(msg.id, seq, event.type, ts, dataJson);
    text += frame(event.type, msg.id, seq, ts, dataJson);
  }
  for (const res of channel.subs) res.write(text);
  return { type: "appended", last_seq: channel.seq };
}

process.on("message", async (msg) => {
  try {
    let reply;
    if (msg.type === "init") {
      if (msg.store) await database();
      channels.set(msg.id, { seq: 0, subs: new Set(), store: msg.store === true });
      reply = { type: "ok" };
    } else if (msg.type === "emit") reply = emit(msg);
    else if (msg.type === "run") {
      const runs = await injectOnSchedule(
        (id) => (events) => emit({ id, events }),
        msg.ids,
        msg.rate,
        msg.total,
        msg.t0,
        msg.spread,
      );
      reply = { type: "ran", runs };
    } else if (msg.type === "drop") {
      const channel = channels.get(msg.id);
      for (const res of channel?.subs ?? []) res.destroy();
      channels.delete(msg.id);
      reply = { type: "ok" };
    } else reply = { type: "error", message: `unknown message ${msg.type}` };
    process.send?.({ ...reply, rid: msg.rid });
  } catch (err) {
    process.send?.({ type: "error", rid: msg.rid, message: String(err?.stack ?? err) });
  }
});

function shutdown() {
  server.close();
  db?.close();
  if (dbDir !== null) rmSync(dbDir, { recursive: true, force: true });
  process.exit(0);
}
process.on("disconnect", shutdown);
process.on("SIGTERM", shutdown);

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.send?.({ type: "listening", port: typeof address === "object" && address !== null ? address.port : 0 });
});
