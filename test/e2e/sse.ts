/** A plain SSE reader for the e2e tests that count seqs (no EventSource reconnect logic in the way). */
import { z } from "zod";
import { FrameSplitter } from "../../worker/contract/sse";

/** A stored event as a client keeps it. */
export interface Stored {
  seq: number;
  type: string;
  data: Record<string, unknown>;
}

/** The fields of a stored event's envelope that the tests keep. */
const StoredEnvelope = z.object({ seq: z.number(), type: z.string(), data: z.record(z.string(), z.unknown()) });

/**
 * Reads one SSE connection from cursor `after`, appending its stored events to `into`,
 * until `stop()` holds (checked after every frame, heartbeats included), or the stream ends or fails.
 */
export async function readStream(
  baseUrl: string,
  id: string,
  after: number,
  into: Stored[],
  stop: () => boolean,
  signal?: AbortSignal,
): Promise<"ended" | "stopped" | "failed"> {
  let res: Response;
  try {
    res = await fetch(`${baseUrl}/api/streams/${id}`, { headers: { "last-event-id": String(after) }, signal });
  } catch {
    return "failed";
  }
  if (res.status === 204) return "ended";
  if (!res.ok || res.body === null) return "failed";
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const splitter = new FrameSplitter();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return "ended";
      for (const frame of splitter.push(decoder.decode(value, { stream: true }))) {
        if (frame.id !== undefined && frame.data !== "" && frame.event !== "snapshot") {
          into.push(StoredEnvelope.parse(JSON.parse(frame.data)));
        }
        if (stop()) {
          await reader.cancel();
          return "stopped";
        }
      }
    }
  } catch {
    return "failed";
  }
}
