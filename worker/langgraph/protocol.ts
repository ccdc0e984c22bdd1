/**
 * LangChain's agent streaming protocol (the one `ThreadStream` of `@langchain/langgraph-sdk`
 * speaks), from a run's stored log. Pure: fed the DecisionSet log in seq order, it returns
 * the protocol events of every stored event after the client's `since`. Each event carries
 * the stored event's seq, and an `event_id` made of the run, the seq and the event's place
 * among those that one stored event yields, so a replay yields the same ids and the SDK's
 * dedup drops exactly what it has already seen.
 */
import { endsWorkflow, type StreamEvent } from "../contract/events";
import { initialView, reduce, type WorkflowView } from "../contract/reduce";
import { openInterrupt, opensGate, valuesOf } from "./mapping";

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
 * True when `event`'s namespace is under one of `namespaces` within `depth` levels (none
 * named: every namespace), by the SDK's own rule; this graph's events are all in the root.
 */
export function matchesNamespaces(
  event: ProtocolEvent,
  namespaces: readonly (readonly string[])[] | undefined,
  depth: number | undefined,
): boolean {
  if (namespaces === undefined || namespaces.length === 0) return true;
  const own = event.params.namespace;
  return namespaces.some(
    (prefix) =>
      prefix.length <= own.length &&
      prefix.every((segment, i) => {
        const candidate = own[i] ?? "";
        return candidate === segment || (!segment.includes(":") && candidate.split(":")[0] === segment);
      }) &&
      (depth === undefined || own.length - prefix.length <= depth),
  );
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
