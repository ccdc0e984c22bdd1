/**
 * A run's LangGraph stream, re-framed from the product's own stream of the same
 * DecisionSet log: ids stay the seqs, so the SDK's Last-Event-ID resumes exactly, and
 * every tab reads the same log. The edge subscriber does the fan-out, the replay, the
 * heartbeats and the slow-client cut; this only re-frames, with backpressure end to end
 * (the transform reads the next frame only once the client took the last).
 */
import { parseStreamEvent } from "../contract/events";
import { FrameSplitter, writeFrame } from "../contract/sse";
import { openRunStream, RETRY_FRAME } from "./adapter";
import { RunStreamMapper, type StreamPart } from "./mapping";
import type { StreamMode } from "./schemas";

const encoder = new TextEncoder();

/** Most bytes of one product frame held while it arrives in pieces: far above any real frame. */
const MAX_FRAME_CHARS = 4 * 1024 * 1024;

function frame(part: StreamPart): string {
  return writeFrame({ id: part.id, event: part.event, data: JSON.stringify(part.data) });
}

export type RunStreamResult =
  | { kind: "not-found" }
  | { kind: "bad-cursor" }
  | { kind: "stream"; body: ReadableStream<Uint8Array> };

/**
 * Opens the LangGraph stream of run `decisionSetId` for a client whose cursor is `after`
 * (null: from now). The values of any cursor need the whole view, so the log is read
 * from its start inside the Worker; only parts after the cursor reach the client.
 */
export async function openLangGraphStream(
  env: Env,
  args: {
    decisionSetId: string;
    modes: ReadonlySet<StreamMode>;
    after: number | null;
    metadata: { run_id: string; attempt: number };
    clientGone: AbortSignal;
  },
): Promise<RunStreamResult> {
  const opened = await openRunStream(env, args.decisionSetId, 0, args.clientGone);
  if (opened.kind === "not-found") return { kind: "not-found" };
  if (opened.kind === "bad-cursor") return { kind: "bad-cursor" };
  const head = encoder.encode(`${RETRY_FRAME}${frame({ event: "metadata", data: args.metadata })}`);
  const upstream = opened.kind === "stream" ? opened.response.body : null;
  if (upstream === null) return { kind: "stream", body: new Blob([head]).stream() };
  const mapper = new RunStreamMapper(args.decisionSetId, args.modes, args.after);
  const splitter = new FrameSplitter();
  const reframe = new TransformStream<string, Uint8Array>({
    start(controller) {
      controller.enqueue(head);
    },
    transform(chunk, controller) {
      const frames = splitter.push(chunk);
      if (splitter.held > MAX_FRAME_CHARS) {
        controller.error(new Error("product frame too large"));
        return;
      }
      for (const product of frames) {
        if (product.event === "heartbeat") {
          // A comment, as the SDK's idle detection expects; it moves no cursor.
          controller.enqueue(encoder.encode(": heartbeat\n\n"));
        } else if (product.data !== "") {
          const event = parseStreamEvent(product.data);
          if (event !== null) {
            const text = mapper.next(event).map(frame).join("");
            if (text !== "") controller.enqueue(encoder.encode(text));
          }
        }
        if (mapper.done) {
          controller.terminate();
          return;
        }
      }
    },
  });
  const body = upstream.pipeThrough(new TextDecoderStream()).pipeThrough(reframe);
  return { kind: "stream", body };
}
