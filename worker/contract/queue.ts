/**
 * Queue contract: a message names a job, nothing more; the job's state is in D1, and its
 * payload (the chat that started it) is stored with it as JSON and parsed when it is run.
 */
import { z } from "zod";
import { ChatMessage } from "./api";

export const JobMessage = z.strictObject({ job_id: z.uuidv4() });
export type JobMessage = z.infer<typeof JobMessage>;

/** What a job runs: the conversation, its thread, and the design it revises (if any). */
export const JobPayload = z.strictObject({
  messages: z.array(ChatMessage).min(1),
  // Any UUID: a LangGraph client names its own threads (the SDK with UUIDv7s).
  thread_id: z.uuid(),
  previous_id: z.uuidv4().nullable(),
});
export type JobPayload = z.infer<typeof JobPayload>;

/** The payload as the job row stores it: JSON text of a `JobPayload`. */
export const StoredJobPayload = z
  .string()
  .transform((text, ctx): unknown => {
    try {
      const json: unknown = JSON.parse(text);
      return json;
    } catch {
      ctx.addIssue({ code: "custom", message: "the job payload is not JSON" });
      return z.NEVER;
    }
  })
  .pipe(JobPayload);
