/** A plain SSE reader for the e2e tests that count seqs (no EventSource reconnect logic in the way). */
/** A stored event as a client keeps it. */
export interface Stored {
  seq: number;
  type: string;
  data: Record<string, unknown>;
}

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
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return "ended";
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const id = /^id: (\d+)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (id !== undefined && data !== undefined && !block.includes("event: snapshot")) {
          const envelope = JSON.parse(data) as { seq: number; type: string; data: Record<string, unknown> };
          into.push({ seq: envelope.seq, type: envelope.type, data: envelope.data });
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
