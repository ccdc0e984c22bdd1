/** Queue message contract: a message names a job, nothing more; the job's state is in D1. */
import { z } from "zod";

export const JobMessage = z.strictObject({ job_id: z.uuidv4() });
export type JobMessage = z.infer<typeof JobMessage>;
