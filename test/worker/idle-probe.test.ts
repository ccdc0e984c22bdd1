import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { IDLE_PROBE_MS, openStream } from "../../worker/stream/edge";
import { freshDecisionSet, nodeStarts } from "./helpers";

// The shipped heartbeat (15 s), not the test project's 100 ms: with heartbeats that often
// the probe is not needed and not armed.
const HEARTBEAT_MS = 15_000;
const PROBE = ":\n\n";

/** A response's text as it arrives; a read still pending when one call times out carries over to the next. */
class TextReader {
  private readonly decoder = new TextDecoder();
  private pending: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;
  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  /** The text that arrives within `ms`, or until `until` holds. */
  async readFor(ms: number, until?: (text: string) => boolean): Promise<string> {
    const deadline = Date.now() + ms;
    let text = "";
    while (Date.now() < deadline && until?.(text) !== true) {
      const timer = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), Math.max(1, deadline - Date.now())));
      this.pending ??= this.reader.read();
      const next = await Promise.race([this.pending, timer]);
      if (next === "timeout") break;
      this.pending = null;
      if (next.done) break;
      text += this.decoder.decode(next.value, { stream: true });
    }
    return text;
  }

  cancel = () => this.reader.cancel().catch(() => undefined);
}

/** The text reader of a stream's body (a stream always has one). */
function bodyReader(response: Response): TextReader {
  if (response.body === null) throw new Error("a stream without a body");
  return new TextReader(response.body.getReader());
}

const probes = (text: string) => text.split(PROBE).length - 1;

describe("the idle probe", () => {
  it("writes one SSE comment a quiet spell after the last frame, and none while the stream stays quiet", async () => {
    const { id, stub } = await freshDecisionSet();
    const opened = await openStream(env, id, 0, HEARTBEAT_MS);
    if (opened.kind !== "stream") throw new Error(`refused: ${opened.kind}`);
    const reader = bodyReader(opened.response);
    try {
      const joined = await reader.readFor(5000, (t) => t.includes("event: caught-up"));
      expect(joined).toContain("event: caught-up");
      expect(probes(joined)).toBe(0);
      // The probe comes once the stream has been quiet for the interval, not before.
      const started = Date.now();
      const first = await reader.readFor(IDLE_PROBE_MS * 3, (t) => probes(t) > 0);
      expect(probes(first)).toBe(1);
      expect(Date.now() - started).toBeGreaterThanOrEqual(IDLE_PROBE_MS - 50);
      // And then no more while the stream stays quiet.
      expect(probes(await reader.readFor(IDLE_PROBE_MS * 2.5))).toBe(0);
      // A live frame arms it again: one more probe after the event, before any heartbeat.
      await stub.append(nodeStarts(1));
      const live = await reader.readFor(IDLE_PROBE_MS * 2.5 + 500, (t) => probes(t) > 1);
      expect(live).toContain("event: node-start");
      expect(live.indexOf(PROBE)).toBeGreaterThan(live.indexOf("event: node-start"));
      expect(probes(live)).toBe(1);
      expect(live).not.toContain("event: heartbeat");
    } finally {
      await reader.cancel();
    }
  });

  it("is not armed when heartbeats come sooner than it would", async () => {
    const { id } = await freshDecisionSet();
    const opened = await openStream(env, id, 0, IDLE_PROBE_MS / 4);
    if (opened.kind !== "stream") throw new Error(`refused: ${opened.kind}`);
    const reader = bodyReader(opened.response);
    try {
      const text = await reader.readFor(IDLE_PROBE_MS * 2);
      expect(text).toContain("event: heartbeat");
      expect(probes(text)).toBe(0);
    } finally {
      await reader.cancel();
    }
  });
});
