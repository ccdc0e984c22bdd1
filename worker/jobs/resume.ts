/** Re-queues a paused job once its gate has an answer: see `db/requeue`, shared with the Durable Object's deadline. */
export { resumeJob } from "../db/requeue";
