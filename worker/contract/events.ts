/**
 * The SSE event contract: every event a decision set's stream can carry, as one zod
 * discriminated union on `type` whose members each hold their envelope and their data.
 * Runtime-neutral (no bindings, no DOM): the Worker, the Durable Object and the web app
 * all import it. Producers' events are parsed once, where they enter the object.
 */
import { z } from "zod";
import { AnswerSource, AnsweredBy, GateKind } from "./gate";
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
  "responses-collected": z.object({
    responses: Json,
    source: AnswerSource,
    gate: GateKind.optional(),
    by: AnsweredBy.optional(),
  }),
  "workflow-complete": z.object({ final_outputs: FinalOutputs, duration_ms: z.number().nonnegative() }),
  error: WorkflowError,
  "job-retry": JobRetry,
  "workflow-cancelled": z.object({ by: z.string() }),
  heartbeat: z.object({}),
  token: z.object({ node: z.string(), text: z.string() }),
  snapshot: ViewSnapshot,
} as const;

/** Every event type: the keys of `EventData`, the one list of them. */
export const EventTypeSchema = z.object(EventData).keyof();
export type EventType = z.infer<typeof EventTypeSchema>;
export const EVENT_TYPES: readonly EventType[] = EventTypeSchema.options;
export type EventDataOf<T extends EventType> = z.infer<(typeof EventData)[T]>;

/** The types a producer may send: every type but the object's own. */
export const ProducedType = EventTypeSchema.exclude(OBJECT_ONLY_TYPES);
export type ProducedType = z.infer<typeof ProducedType>;

const EPHEMERAL: ReadonlySet<EventType> = new Set(EventTypeSchema.extract(EPHEMERAL_TYPES).options);
const TERMINAL: ReadonlySet<EventType> = new Set(EventTypeSchema.extract(TERMINAL_TYPES).options);

/** True for event types that are never stored. */
export function isEphemeral(type: EventType): boolean {
  return EPHEMERAL.has(type);
}

/** The types stored in a decision set's history, in `EventData`'s order: a producer's, but the ephemeral. */
export const STORED_TYPES: readonly ProducedType[] = ProducedType.options.filter((type) => !isEphemeral(type));

/** The list as a tuple of at least one, as a union's members must be; the lists above are never empty. */
function nonEmpty<T>(items: readonly T[]): [T, ...T[]] {
  const [first, ...rest] = items;
  if (first === undefined) throw new Error("a union needs at least one member");
  return [first, ...rest];
}

/** One member of the wire union: the envelope around one type's data. */
function wireMember<T extends EventType>(type: T) {
  return z.object({
    type: z.literal(type),
    decision_set_id: z.string(),
    seq: z.number().int().positive().optional(),
    timestamp: z.string(),
    data: EventData[type],
  });
}
type WireMembers = { [T in EventType]: ReturnType<typeof wireMember<T>> };
/** A type's wire member, typed by type, so that a list of types maps to the union of their members. */
function wire<T extends EventType>(type: T): WireMembers[T];
function wire(type: EventType) {
  return wireMember(type);
}

/** An event as it travels on the wire and sits in history. */
export const StreamEvent = z.discriminatedUnion("type", nonEmpty(EVENT_TYPES.map(wire)));
export type StreamEvent = z.infer<typeof StreamEvent>;

/** One member of the producer union: a type's data and an optional idempotency key, no seq yet. */
function producedMember<T extends ProducedType>(type: T) {
  return z.object({
    type: z.literal(type),
    data: EventData[type],
    /** Same key twice = the same event (a re-run step after a crash): stored once. */
    key: z.string().min(1).max(MAX_EVENT_KEY_CHARS).optional(),
  });
}
type ProducedMembers = { [T in ProducedType]: ReturnType<typeof producedMember<T>> };
/** A type's producer member, typed by type (as `wire`). */
function produced<T extends ProducedType>(type: T): ProducedMembers[T];
function produced(type: ProducedType) {
  return producedMember(type);
}

/** What a producer hands to the Durable Object; the object-only types are not among them. */
export const ProducedEvent = z.discriminatedUnion("type", nonEmpty(ProducedType.options.map(produced)));

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

/** True for an event that ends a decision set: complete, cancelled, or an error that will not be retried. */
export function endsWorkflow(event: NewEvent): boolean {
  if (TERMINAL.has(event.type)) return true;
  return event.type === "error" && !event.data.retryable;
}

/** Builds a typed event for the producer side. */
export function newEvent<T extends EventType>(type: T, data: EventDataOf<T>, key?: string): NewEventOf<T> {
  const event: NewEventOf<T> = { type, data };
  if (key !== undefined) event.key = key;
  return event;
}

/**
 * One SSE `data:` payload as a typed event, or null for anything that is not a valid event
 * of a known type: a malformed frame is skipped instead of corrupting a view.
 */
export function parseStreamEvent(text: string): StreamEvent | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = StreamEvent.safeParse(json);
  return parsed.success ? parsed.data : null;
}
