/**
 * The SSE event contract: every event a decision set's stream can carry.
 * Runtime-neutral (no bindings, no DOM): the Worker, the Durable Object and the
 * web app all import it.
 */
import { z } from "zod";

/** Events that are never stored, carry no `id:` and never move a client's cursor. */
export const EPHEMERAL_TYPES = ["heartbeat", "countdown-tick", "token", "caught-up"] as const;

/** Events after which a decision set accepts nothing more. */
export const TERMINAL_TYPES = ["workflow-complete", "workflow-cancelled"] as const;

const Json = z.record(z.string(), z.unknown());

export const Priority = z.enum(["low", "medium", "high"]);

export const ReasonCard = z.object({
  agent: z.string(),
  node: z.string(),
  decision_set_id: z.string(),
  timestamp: z.string(),
  duration_ms: z.number().nonnegative(),
  reasoning: z.string(),
  decision: z.string(),
  confidence: z.number().min(0).max(1),
  category: z.string(),
  priority: Priority,
  inputs: Json,
  outputs: Json,
  alternatives_considered: z.array(z.object({ option: z.string(), reason_rejected: z.string() })).default([]),
  references: z.array(z.string()).default([]),
});
export type ReasonCard = z.infer<typeof ReasonCard>;

export const QuestionType = z.enum(["text", "choice", "number", "boolean"]);
export const Question = z.object({
  id: z.string(),
  question: z.string(),
  why: z.string(),
  type: QuestionType,
  choices: z.array(z.string()).optional(),
  default: z.union([z.string(), z.number(), z.boolean()]),
});
export type Question = z.infer<typeof Question>;

export const AnswerValue = z.union([z.string().max(2000), z.number().finite(), z.boolean()]);
export type AnswerValue = z.infer<typeof AnswerValue>;

export const Artifact = z.object({ path: z.string(), bytes: z.number().int().nonnegative() });

export const FinalOutputs = z.object({
  status: z.enum(["completed", "rejected"]).default("completed"),
  report_markdown: z.string(),
  architecture: Json,
  cost_estimate: Json,
  artifacts: z.array(Artifact),
  diff: Json.optional(),
});
export type FinalOutputs = z.infer<typeof FinalOutputs>;

export const PlannedNode = z.object({ id: z.string(), title: z.string() });
export type PlannedNode = z.infer<typeof PlannedNode>;

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
  "workflow-paused": z.object({
    reason: z.string(),
    deadline: z.string().optional(),
    gate: z.enum(["input", "final"]).optional(),
    summary: Json.optional(),
  }),
  "workflow-resumed": z.object({}).passthrough(),
  "countdown-tick": z.object({ remaining_seconds: z.number(), deadline: z.string() }),
  "caught-up": z.object({ last_seq: z.number().int().nonnegative(), replayed: z.number().int().nonnegative() }),
  "auto-approving": z.object({ responses: z.record(z.string(), z.unknown()) }),
  "responses-collected": z.object({
    responses: z.record(z.string(), z.unknown()),
    source: z.enum(["user", "auto"]),
    gate: z.enum(["input", "final"]).optional(),
  }),
  "workflow-complete": z.object({ final_outputs: FinalOutputs, duration_ms: z.number().nonnegative() }),
  error: z.object({
    message: z.string(),
    node: z.string().optional(),
    retryable: z.boolean(),
    attempt: z.number().int().nonnegative(),
  }),
  "job-retry": z.object({
    attempt: z.number().int().positive(),
    delay_seconds: z.number().nonnegative(),
    reason: z.string(),
  }),
  "workflow-cancelled": z.object({ by: z.string() }),
  heartbeat: z.object({}),
  token: z.object({ node: z.string(), text: z.string() }),
  snapshot: z.record(z.string(), z.unknown()),
} as const;

export type EventType = keyof typeof EventData;
export const EVENT_TYPES = Object.keys(EventData) as EventType[];
export type EventDataOf<T extends EventType> = z.infer<(typeof EventData)[T]>;

/** What a producer hands to the Durable Object: no seq yet, an optional idempotency key. */
export type NewEvent = {
  [T in EventType]: {
    type: T;
    data: EventDataOf<T>;
    /** Same key twice = the same event (a re-run step after a crash): stored once. */
    key?: string;
  };
}[EventType];

/** An event as it travels on the wire and sits in history. */
export type StreamEvent = {
  [T in EventType]: {
    type: T;
    decision_set_id: string;
    seq?: number;
    timestamp: string;
    data: EventDataOf<T>;
  };
}[EventType];

/** Envelope schema for clients that parse what they receive (the web app, tests). */
export const StreamEventSchema = z.object({
  type: z.enum(EVENT_TYPES as [EventType, ...EventType[]]),
  decision_set_id: z.string(),
  seq: z.number().int().positive().optional(),
  timestamp: z.string(),
  data: z.record(z.string(), z.unknown()),
});

/** True for event types that are never stored. */
export function isEphemeral(type: EventType): boolean {
  return (EPHEMERAL_TYPES as readonly string[]).includes(type);
}

/** True for an event that ends a decision set: complete, cancelled, or an error that will not be retried. */
export function endsWorkflow(event: { type: EventType; data: unknown }): boolean {
  if ((TERMINAL_TYPES as readonly string[]).includes(event.type)) return true;
  if (event.type !== "error") return false;
  const parsed = EventData.error.safeParse(event.data);
  return parsed.success && !parsed.data.retryable;
}

export type NewEventOf<T extends EventType> = Extract<NewEvent, { type: T }>;

/** Builds a typed event for the producer side. */
export function newEvent<T extends EventType>(type: T, data: EventDataOf<T>, key?: string): NewEventOf<T> {
  return { type, data, ...(key === undefined ? {} : { key }) } as NewEventOf<T>;
}
