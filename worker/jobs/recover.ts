/** Recovery of jobs whose worker died: see `db/requeue`, where the Durable Object's watchdog finds it too. */
export { STALE_QUEUED_MS, recoverJob, recoverStalledJobs } from "../db/requeue";
