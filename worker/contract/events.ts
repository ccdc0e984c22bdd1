/**
 * The SSE event contract: every event a decision set's stream can carry, as one zod
 * discriminated union on `type` whose members each hold their envelope and their data.
 * Runtime-neutral (no bindings, no DOM): the Worker, the Durable Object and the web app
 * all import it. Producers' events are parsed once, where they enter the object.
 */
import { z } from "zod";
import { AnswerSource, GateKind } from "./gate";
import {
  AnswerValue,
  ApprovalSummary,
  FinalOutputs,
  JobRetry,
  Json,
  PlannedNode,
  Question,
  ReasonCard,
  WorkflowError,
} from "./shapes";
import { ViewSnapshot } from "./view";

export * from "./shapes";

/** Events that are never stored, carry no `id:` and never move a client's cursor. */
export const EPHEMERAL_TYPES = ["heartbeat", "countdown-tick", "token", "caught-up"] as const;

/** Events after which a decision set accepts nothing more. */
export const TERMINAL_TYPES = ["workflow-complete", "workflow-cancelled"] as const;

/** Events only the object itself writes: a producer that sends one is refused. */
export const OBJECT_ONLY_TYPES = ["snapshot", "caught-up", "heartbeat", "countdown-tick"] as const;

/** Longest idempotency key a producer may send. */
export const MAX_EVENT_KEY_CHARS = 200;

/** Per-type payloads, as `data` of the envelope. */
export const EventData = {
  "workflow-start": z.object({
    run_id: z.string(),
    thread_id: z.string(),
    job_id: z.string(),
    attempt: z.number().int().positive(),
    planned_nodes: z.array(PlannedNode),
  }),
  "node-start": z.object({ node: z.string(), title: z.string(), message: z.string().optional() }),
  "node-complete": z.object({ node: z.string(), duration_ms: z.number().nonnegative(), outputs: Json }),
  "reason-card": ReasonCard,
  "questions-presented": z.object({
    questions: z.array(Question),
    smart_defaults: z.record(z.string(), AnswerValue),
    deadline: z.string(),
    timeout_seconds: z.number().nonnegative(),
  }),
  /**
   * A pause. With `gate`, `deadline` and `defaults` it opens that gate: the object waits
   * for an answer until the deadline, then answers with the defaults. Without `defaults`
   * nobody waits (the workflow answers the gate itself at once).
   */
  "workflow-paused": z.object({
    reason: z.string(),
    deadline: z.string().optional(),
    gate: GateKind.optional(),
    defaults: Json.optional(),
    summary: ApprovalSummary.optional(),
  }),
  "workflow-resumed": z.looseObject({}),
  "countdown-tick": z.object({ remaining_seconds: z.number(), deadline: z.string() }),
  "caught-up": z.object({ last_seq: z.number().int().nonnegative(), replayed: z.number().int().nonnegative() }),
  "auto-approving": z.object({ responses: Json }),
  "responses-collected": z.object({ responses: Json, source: AnswerSource, gate: GateKind.optional() }),
  "workflow-complete": z.object({ final_outputs: FinalOutputs, duration_ms: z.number().nonnegative() }),
  error: WorkflowError,
  "job-retry": JobRetry,
  "workflow-cancelled": z.object({ by: z.string() }),
  heartbeat: z.object({}),
  token: z.object({ node: z.string(), text: z.string() }),
  snapshot: ViewSnapshot,
} as const;

export type EventType = keyof typeof EventData;
export const EventTypeSchema = z.enum(Object.keys(EventData) as [EventType, ...EventType[]]);
export const EVENT_TYPES: readonly EventType[] = EventTypeSchema.options;
export type EventDataOf<T extends EventType> = z.infer<(typeof EventData)[T]>;

/** One member of the wire union: the envelope around one type's data. */
function wire<T extends EventType>(type: T) {
  return z.object({
    type: z.literal(type),
    decision_set_id: z.string(),
    seq: z.number().int().positive().optional(),
    timestamp: z.string(),
    data: EventData[type],
  });
}

/** An event as it travels on the wire and sits in history. */
export const StreamEvent = z.discriminatedUnion("type", [
  wire("workflow-start"),
  wire("node-start"),
  wire("node-complete"),
  wire("reason-card"),
  wire("questions-presented"),
  wire("workflow-paused"),
  wire("workflow-resumed"),
  wire("countdown-tick"),
  wire("caught-up"),
  wire("auto-approving"),
  wire("responses-collected"),
  wire("workflow-complete"),
  wire("error"),
  wire("job-retry"),
  wire("workflow-cancelled"),
  wire("heartbeat"),
  wire("token"),
  wire("snapshot"),
]);
export type StreamEvent = z.infer<typeof StreamEvent>;

/** One member of the producer union: a type's data and an optional idempotency key, no seq yet. */
function produced<T extends EventType>(type: T) {
  return z.object({
    type: z.literal(type),
    data: EventData[type],
    /** Same key twice = the same event (a re-run step after a crash): stored once. */
    key: z.string().min(1).max(MAX_EVENT_KEY_CHARS).optional(),
  });
}

/** What a producer hands to the Durable Object; the object-only types are not among them. */
export const ProducedEvent = z.discriminatedUnion("type", [
  produced("workflow-start"),
  produced("node-start"),
  produced("node-complete"),
  produced("reason-card"),
  produced("questions-presented"),
  produced("workflow-paused"),
  produced("workflow-resumed"),
  produced("auto-approving"),
  produced("responses-collected"),
  produced("workflow-complete"),
  produced("error"),
  produced("job-retry"),
  produced("workflow-cancelled"),
  produced("token"),
]);

/** Any event the object stores or fans out, before it has a seq: a producer's, or its own. */
export type NewEvent = {
  [T in EventType]: { type: T; data: EventDataOf<T>; key?: string };
}[EventType];

/** The event of type T before it has a seq. */
export interface NewEventOf<T extends EventType> {
  type: T;
  data: EventDataOf<T>;
  key?: string;
}

/** True for event types that are never stored. */
export function isEphemeral(type: EventType): boolean {
  return (EPHEMERAL_TYPES as readonly string[]).includes(type);
}

/** True for an event that ends a decision set: complete, cancelled, or an error that will not be retried. */
export function endsWorkflow(event: NewEvent): boolean {
  if ((TERMINAL_TYPES as readonly string[]).includes(event.type)) return true;
  return event.type === "error" && !event.data.retryable;
}

/** Builds a typed event for the producer side. */
export function newEvent<T extends EventType>(type: T, data: EventDataOf<T>, key?: string): NewEventOf<T> {
  const event: NewEventOf<T> = { type, data };
  if (key !== undefined) event.key = key;
  return event;
}
