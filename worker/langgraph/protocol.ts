/**
 * LangChain's agent streaming protocol (the one `ThreadStream` of `@langchain/langgraph-sdk`
 * speaks), from a run's stored log. Pure: fed the DecisionSet log in seq order, it returns
 * the protocol events of every stored event after the client's `since`. Each event carries
 * the stored event's seq, and an `event_id` made of the run, the seq and the event's place
 * among those that one stored event yields, so a replay yields the same ids and the SDK's
 * dedup drops exactly what it has already seen.
 */
import { z } from "zod";
import { endsWorkflow, type StreamEvent } from "../contract/events";
import { initialView, reduce, type WorkflowView } from "../contract/reduce";
import { openInterrupt, opensGate, valuesOf } from "./mapping";

/** The channels a stream request may name (`custom:<name>` narrows custom events to one name). */
export const Channel = z.union([
  z.enum(["values", "updates", "messages", "tools", "lifecycle", "input", "checkpoints", "tasks", "custom"]),
  z.string().regex(/^custom:[\w.-]{1,100}$/),
]);

/** `POST /threads/:thread_id/stream/events`: the connection's filter and replay cursor. */
export const EventStreamRequest = z.looseObject({
  channels: z.array(Channel).min(1).max(20),
  namespaces: z
    .array(z.array(z.string().max(200)).max(20))
    .max(20)
    .optional(),
  depth: z.number().int().min(0).max(100).optional(),
  since: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});
export type EventStreamRequest = z.infer<typeof EventStreamRequest>;

const Namespace = z.array(z.string().max(200)).max(20);
const Params = z.record(z.string(), z.unknown());

/** `POST /threads/:thread_id/commands`: one command, by method. */
export const Command = z.discriminatedUnion("method", [
  z.object({
    id: z.number().int().min(0),
    method: z.literal("run.start"),
    params: z.looseObject({ assistant_id: z.string().max(200), input: z.unknown() }),
  }),
  z.object({
    id: z.number().int().min(0),
    method: z.literal("input.respond"),
    params: z.union([
      z.looseObject({ namespace: Namespace, interrupt_id: z.string().max(200), response: z.unknown() }),
      z.looseObject({
        responses: z
          .array(z.object({ namespace: Namespace, interrupt_id: z.string().max(200), response: z.unknown() }))
          .min(1)
          .max(1),
      }),
    ]),
  }),
  z.object({
    id: z.number().int().min(0),
    method: z.literal("state.get"),
    params: z.looseObject({ namespace: Namespace.optional(), keys: z.array(z.string().max(200)).max(100).optional() }),
  }),
  z.object({
    id: z.number().int().min(0),
    method: z.literal("subscription.subscribe"),
    params: z.looseObject({ channels: z.array(Channel).min(1).max(20) }),
  }),
  z.object({
    id: z.number().int().min(0),
    method: z.literal("subscription.unsubscribe"),
    params: z.looseObject({ subscription_id: z.string().max(200) }),
  }),
  z.object({ id: z.number().int().min(0), method: z.string().max(100), params: Params.optional() }),
]);
export type Command = z.infer<typeof Command>;

/** The protocol's error codes this server uses. */
export type ProtocolErrorCode =
  | "invalid_argument"
  | "unknown_command"
  | "no_such_run"
  | "no_such_interrupt"
  | "no_such_subscription"
  | "not_supported";

/** A command's answer: its result, or the protocol's error with a code. */
export type CommandResponse =
  | { type: "success"; id: number; result: Record<string, unknown>; meta?: { applied_through_seq?: number } }
  | { type: "error"; id: number | null; error: ProtocolErrorCode; message: string };

/** One event as the protocol frames it; the root graph's namespace is `[]`. */
export interface ProtocolEvent {
  type: "event";
  method: "lifecycle" | "values" | "updates" | "custom" | "input.requested" | "input.answered";
  params: { namespace: string[]; timestamp: number; node?: string; data: unknown };
  seq: number;
  event_id: string;
}

/** The values a `state.get` returns: the run's view now (with an open gate's interrupt), or nothing before the first run. */
export function stateOf(view: WorkflowView | null): { values: Record<string, unknown> } {
  return { values: view === null ? {} : valuesOf(view) };
}

/** True when `event`'s channel is among `channels` (`custom` takes every `custom:<name>`). */
export function matchesChannels(event: ProtocolEvent, channels: readonly string[]): boolean {
  const channel =
    event.method === "input.requested" || event.method === "input.answered"
      ? "input"
      : event.method === "custom"
        ? "custom"
        : event.method;
  if (channels.includes(channel)) return true;
  if (event.method !== "custom") return false;
  const data = event.params.data;
  const name = typeof data === "object" && data !== null && "name" in data ? String(data.name) : "";
  return channels.includes(`custom:${name}`);
}

/**
 * Maps one run's log to protocol events. Every stored event builds the view; only those
 * after `since` yield events. `ended` turns true at the run's end (complete, cancelled, or
 * a failure that is not retried).
 */
export class ProtocolMapper {
  private view: WorkflowView;
  private finished = false;

  constructor(
    private readonly runId: string,
    private readonly since: number,
  ) {
    this.view = initialView(runId);
  }

  /** True once the run has ended: nothing more will be written to its log. */
  get ended(): boolean {
    return this.finished;
  }

  /** The protocol events of one event of the log, in order (none for ephemeral events). */
  next(event: StreamEvent): ProtocolEvent[] {
    const before = this.view;
    this.view = reduce(this.view, event);
    if (event.seq === undefined || event.type === "snapshot") return [];
    if (endsWorkflow(event)) this.finished = true;
    if (event.seq <= this.since) return [];
    const seq = event.seq;
    const timestamp = Date.parse(event.timestamp) || 0;
    const out: ProtocolEvent[] = [];
    const push = (method: ProtocolEvent["method"], data: unknown, node?: string) => {
      const params = node === undefined ? { namespace: [], timestamp, data } : { namespace: [], timestamp, node, data };
      out.push({ type: "event", method, params, seq, event_id: `${this.runId}:${seq}:${out.length}` });
    };
    push("custom", { name: event.type, payload: event });
    switch (event.type) {
      case "workflow-start":
        push("lifecycle", { event: event.data.attempt === 1 ? "started" : "running", graph_name: "mlops" });
        break;
      case "node-complete":
        push("updates", { node: event.data.node, values: event.data.outputs }, event.data.node);
        push("values", valuesOf(this.view));
        break;
      case "responses-collected": {
        const answered = openInterrupt(before);
        if (answered !== null) push("input.answered", { interrupt_ids: [answered.id] });
        push("lifecycle", { event: "running", graph_name: "mlops" });
        break;
      }
      case "workflow-complete":
        push("values", valuesOf(this.view));
        push("lifecycle", { event: "completed", graph_name: "mlops" });
        break;
      case "workflow-cancelled":
        push("lifecycle", { event: "failed", graph_name: "mlops", error: `cancelled by ${event.data.by}` });
        break;
      case "error":
        if (!event.data.retryable)
          push("lifecycle", { event: "failed", graph_name: "mlops", error: event.data.message });
        break;
      default:
        break;
    }
    const interrupt = opensGate(event) ? openInterrupt(this.view) : null;
    if (interrupt !== null) {
      push("values", valuesOf(this.view));
      push("input.requested", { interrupt_id: interrupt.id, payload: interrupt.value });
      push("lifecycle", { event: "interrupted", graph_name: "mlops" });
    }
    return out;
  }
}
