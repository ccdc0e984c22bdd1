/**
 * Reads what is left of a request body once the response is ready.
 *
 * A request refused before its body is read (413, 415, 404, 401, 403...) would otherwise
 * leave the body on the connection. workerd cannot reuse a connection with unread request
 * bytes on it, and a client that pools connections (the local dev proxy, undici) can send
 * its next request down that connection as it goes away, and sees that request fail.
 * Reading the rest keeps the connection reusable. The read is bounded: past DRAIN_MAX_BYTES
 * the body is cancelled instead, since the connection is not worth that much work.
 */
import type { MiddlewareHandler } from "hono";

/** The most unread bytes read (and discarded) to keep a connection reusable. */
export const DRAIN_MAX_BYTES = 1024 * 1024;

/**
 * Middleware that hands the rest of the chain a body it can read as usual, and after the
 * response is made, discards whatever of it was not read (up to DRAIN_MAX_BYTES).
 */
export function drainUnreadBody(maxBytes: number = DRAIN_MAX_BYTES): MiddlewareHandler {
  return async (c, next) => {
    const source = c.req.raw.body;
    if (source === null || source.locked) {
      await next();
      return;
    }
    const reader = serialReader(source);
    // The chain reads through this stream; whatever it leaves stays in `reader` for us.
    const passThrough = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          const chunk = await reader.read();
          if (chunk.done) controller.close();
          else controller.enqueue(chunk.value);
        },
        cancel: (reason) => reader.cancel(reason),
      },
      { highWaterMark: 0 },
    );
    c.req.raw = new Request(c.req.raw, { method: c.req.raw.method, body: passThrough });
    try {
      await next();
    } finally {
      await discard(reader, maxBytes);
    }
  };
}

interface SerialReader {
  read(): Promise<ReadableStreamReadResult<Uint8Array>>;
  cancel(reason: unknown): Promise<void>;
}

/**
 * A reader whose reads wait for one another: the pass-through stream may have a read under
 * way when the response is ready, and a stream allows one pending read at a time.
 */
function serialReader(source: ReadableStream<Uint8Array>): SerialReader {
  const reader = source.getReader();
  let last: Promise<unknown> = Promise.resolve();
  return {
    read() {
      const result = last.then(() => reader.read());
      last = result.catch(() => undefined);
      return result;
    },
    cancel: (reason) => reader.cancel(reason),
  };
}

/** Reads `reader` to its end, up to `maxBytes`, then cancels it. Never throws. */
async function discard(reader: SerialReader, maxBytes: number): Promise<void> {
  let seen = 0;
  try {
    while (seen <= maxBytes) {
      const chunk = await reader.read();
      if (chunk.done) return;
      seen += chunk.value.byteLength;
    }
    await reader.cancel("request body too large to read to its end");
  } catch {
    // The stream was cancelled or errored by someone else: nothing is left to read.
  }
}
