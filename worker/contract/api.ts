/**
 * The HTTP API contract: request bodies, queries and responses, as zod schemas.
 * The Hono app validates with them, the OpenAPI document is generated from them,
 * and the web app types its calls with them.
 */
import { z } from "zod";
import { AnswerValue, FinalOutputs, PlannedNode } from "./events";
import { Status } from "./view";

/** Upper bounds on what a client may send. A body past MAX_BODY_BYTES is refused unread. */
export const LIMITS = {
  MAX_BODY_BYTES: 64 * 1024,
  MAX_MESSAGES: 50,
  MAX_MESSAGE_CHARS: 8000,
  MAX_RESPONSES: 50,
  MAX_COMMENT_CHARS: 2000,
  MAX_LIST: 100,
} as const;

export const JobStatus = z.enum(["queued", "running", "paused", "completed", "failed", "cancelled"]);
export type JobStatus = z.infer<typeof JobStatus>;

/** A decision set's status: the one `Status` of the contract's view. */
export const DecisionSetStatus = Status;
export type DecisionSetStatus = Status;

/** A decision set id: a UUIDv4, lower-case. Anything else is refused before it reaches storage. */
export const Id = z.uuidv4();

export const ChatMessage = z.strictObject({
  role: z.enum(["user", "assistant", "system"]),
  content: z.string().trim().min(1).max(LIMITS.MAX_MESSAGE_CHARS),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

export const ChatRequest = z.strictObject({
  messages: z
    .array(ChatMessage)
    .min(1)
    .max(LIMITS.MAX_MESSAGES)
    .refine((ms) => ms.some((m) => m.role === "user"), "at least one user message is required"),
  thread_id: Id.optional(),
});
export type ChatRequest = z.infer<typeof ChatRequest>;

export const ChatAccepted = z.object({
  decision_set_id: Id,
  job_id: Id,
  thread_id: Id,
  status: z.literal("queued"),
  stream_url: z.string(),
});

export const JobStatusResponse = z.object({
  job_id: z.string(),
  decision_set_id: z.string(),
  status: JobStatus,
  attempts: z.number().int(),
  error: z.string().optional(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const DecisionSetSummary = z.object({
  decision_set_id: z.string(),
  thread_id: z.string(),
  previous_id: z.string().nullable(),
  title: z.string(),
  status: DecisionSetStatus,
  created_at: z.string(),
  updated_at: z.string(),
});
export type DecisionSetSummary = z.infer<typeof DecisionSetSummary>;

export const DecisionSetList = z.object({ decision_sets: z.array(DecisionSetSummary) });

export const DecisionSetDetail = DecisionSetSummary.extend({
  last_seq: z.number().int(),
  progress: z.number(),
  final_outputs: FinalOutputs.nullable(),
  snapshot: z.record(z.string(), z.unknown()),
});

export const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(LIMITS.MAX_LIST).optional(),
});

/** A stream cursor: a non-negative safe integer, as the decimal string SSE carries. */
export const Cursor = z
  .string()
  .regex(/^\d{1,16}$/, "must be a non-negative integer")
  .transform(Number)
  .refine(Number.isSafeInteger, "too large");

export const EventsQuery = z.strictObject({ after: Cursor.optional() });
export const StreamQuery = z.strictObject({ last_event_id: Cursor.optional() });

export const EventsResponse = z.object({
  decision_set_id: z.string(),
  events: z.array(z.record(z.string(), z.unknown())),
  last_seq: z.number().int(),
  oldest_retained_seq: z.number().int(),
  snapshot: z.record(z.string(), z.unknown()).nullable(),
});

export const ResponsesRequest = z.strictObject({
  responses: z
    .record(z.string().min(1).max(100), AnswerValue)
    .refine((r) => Object.keys(r).length <= LIMITS.MAX_RESPONSES, "too many responses"),
});

export const ApproveRequest = z.strictObject({
  decision: z.enum(["approved", "rejected"]),
  comment: z.string().max(LIMITS.MAX_COMMENT_CHARS).optional(),
  approved_by: z.string().max(200).optional(),
});

export const GateAccepted = z.object({ decision_set_id: z.string(), status: z.literal("accepted") });

export const CancelResponse = z.object({ decision_set_id: z.string(), status: z.literal("cancelled") });

export const WorkflowPlan = z.object({ nodes: z.array(PlannedNode), graph_type: z.string() });

export const ErrorEnvelope = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
