/**
 * A human gate, one concept: a workflow pauses with a gate's kind, its deadline and the
 * defaults that answer it when the deadline passes; the first answer closes it. The
 * Durable Object holds it without knowing what the answers mean. Runtime-neutral.
 */
import { z } from "zod";
import { Json } from "./shapes";

/** The gates a workflow can open: its questions, and the approval of its plan. */
export const GateKind = z.enum(["input", "final"]);
export type GateKind = z.infer<typeof GateKind>;

/** Who answered a gate: a person, or the deadline with the defaults. */
export const AnswerSource = z.enum(["user", "auto"]);
export type AnswerSource = z.infer<typeof AnswerSource>;

/**
 * Who answered a gate: its owner or an approver the owner named (with the email Access
 * vouched for, when there is one), the deadline with the defaults, or the workflow itself
 * with the defaults when nobody was asked to wait. Absent in logs written before it was kept.
 */
export const AnsweredBy = z.object({
  kind: z.enum(["owner", "approver", "deadline", "defaults"]),
  email: z.string().optional(),
});
export type AnsweredBy = z.infer<typeof AnsweredBy>;

/** The answer a gate took. */
export const GateAnswer = z.object({ responses: Json, source: AnswerSource, by: AnsweredBy.optional() });
export type GateAnswer = z.infer<typeof GateAnswer>;

/** An open gate as the Durable Object holds it: waiting until `deadline_ms`, then `defaults`. */
export const OpenGate = z.object({ kind: GateKind, deadline_ms: z.number(), defaults: Json });
export type OpenGate = z.infer<typeof OpenGate>;

/** An answer waiting to be resumed with; `id` tells one answer from the next of the same gate. */
export const PendingResume = z.object({ id: z.string(), gate: GateKind, value: Json });
export type PendingResume = z.infer<typeof PendingResume>;
