/**
 * The boundary between the wire and the reducer: an SSE frame's text becomes a typed
 * StreamEvent only after its envelope and its per-type payload have both been parsed.
 */
import { z } from "zod";
import { EventData, ReasonCard, StreamEventSchema, type StreamEvent } from "../../worker/contract/events";

/**
 * The parts of a snapshot the views index into. The contract types a snapshot's data as a
 * plain record and the reducer takes it on trust; a malformed one would crash a render,
 * so it is checked here before it reaches the reducer.
 */
const SnapshotShape = z.looseObject({
  decision_set_id: z.string(),
  last_seq: z.number().int().nonnegative(),
  status: z.enum(["queued", "running", "paused", "completed", "failed", "cancelled", "rejected"]),
  attempt: z.number(),
  planned_nodes: z.array(z.object({ id: z.string(), title: z.string() })),
  completed_nodes: z.array(z.string()),
  steps: z.array(
    z.looseObject({
      node: z.string(),
      title: z.string(),
      status: z.enum(["running", "done", "failed"]),
      started_at: z.string(),
      cards: z.array(ReasonCard),
    }),
  ),
  warnings: z.array(z.looseObject({ message: z.string() })),
  retries: z.array(z.looseObject({ attempt: z.number(), delay_seconds: z.number(), reason: z.string() })),
});

/** True if `data` can stand in for a WorkflowView: what a snapshot event or a stored view must be. */
export function isSnapshotShaped(data: unknown): data is Record<string, unknown> {
  return SnapshotShape.safeParse(data).success;
}

/**
 * Parses one SSE `data:` payload. Returns null for anything that is not a valid event of a
 * known type, so a malformed frame is counted and skipped instead of corrupting the view.
 */
export function parseStreamEvent(text: string): StreamEvent | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const envelope = StreamEventSchema.safeParse(json);
  if (!envelope.success) return null;
  const { type } = envelope.data;
  const data = EventData[type].safeParse(envelope.data.data);
  if (!data.success) return null;
  if (type === "snapshot" && !isSnapshotShaped(data.data)) return null;
  // Both halves are validated; TypeScript cannot correlate `type` with its payload schema
  // across the indexed lookup above, so the pair is re-asserted as the union it now is.
  return { ...envelope.data, data: data.data } as StreamEvent;
}
