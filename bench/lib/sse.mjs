/**
 * A small SSE client on `node:http`: the frames are split by the product's own reader, not
 * by a library, so that the cost per frame is known and the same for the product and the
 * baseline. One `http.request` per subscriber, no agent (one socket each, as browsers).
 */
import http from "node:http";
// Node 22 strips the types.
import { FrameSplitter } from "../../worker/contract/sse.ts";

/**
 * @typedef {import("../../worker/contract/sse.ts").Frame} Frame
 * @typedef {{ status: number, close: () => void, done: Promise<void> }} SseConnection
 */

/**
 * Opens `url` as an event stream and calls `onFrame` for every complete frame that
 * carries an event (`retry:` frames carry none).
 * Resolves once the response headers have arrived (with the status); `done` settles when
 * the stream ends for any reason.
 * @param {string} url
 * @param {{ headers?: Record<string,string>, onFrame: (frame: Frame) => void, onEnd?: (reason: string) => void }} opts
 * @returns {Promise<SseConnection>}
 */
export function openSse(url, { headers = {}, onFrame, onEnd = () => {} }) {
  return new Promise((resolve, reject) => {
    let settle;
    const done = new Promise((r) => (settle = r));
    const req = http.request(url, { agent: false, headers: { accept: "text/event-stream", ...headers } }, (res) => {
      const status = res.statusCode ?? 0;
      const close = () => {
        res.destroy();
        req.destroy();
      };
      resolve({ status, close, done });
      if (status !== 200) {
        res.resume();
        res.on("end", () => {
          onEnd(`status ${status}`);
          settle();
        });
        return;
      }
      res.setEncoding("utf8");
      const splitter = new FrameSplitter();
      res.on("data", (chunk) => {
        for (const frame of splitter.push(chunk)) if (frame.data !== "") onFrame(frame);
      });
      for (const reason of ["end", "error", "close"]) {
        res.on(reason, () => {
          onEnd(reason);
          settle();
        });
      }
    });
    req.on("error", (err) => {
      reject(err);
      settle();
    });
    req.end();
  });
}

/**
 * A number the injector wrote into an event (`"emit_ms":` or `"sent_ms":`), read without
 * parsing the whole JSON.
 * @param {string} data
 * @param {string} key including quotes and colon, e.g. '"emit_ms":'
 * @returns {number} the value, or NaN
 */
export function numberAfter(data, key) {
  const at = data.indexOf(key);
  return at < 0 ? Number.NaN : Number.parseFloat(data.slice(at + key.length, at + key.length + 24));
}

/**
 * The epoch ms of the first `"timestamp":"<ISO 8601>"` in `data` (the envelope's, which
 * comes before the event's own data), or NaN.
 * @param {string} data
 */
export function timestampAfter(data) {
  const key = '"timestamp":"';
  const at = data.indexOf(key);
  if (at < 0) return Number.NaN;
  const end = data.indexOf('"', at + key.length);
  return end < 0 ? Number.NaN : Date.parse(data.slice(at + key.length, end));
}
