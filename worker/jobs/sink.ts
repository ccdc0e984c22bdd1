/**
 * Buffers a run's events and appends them to the decision set's Durable Object in
 * batches, in order, one RPC in flight at a time. Bounded: past SINK_MAX_EVENTS the
 * producer waits (`drain`) for the batch in flight.
 */
import type { NewEvent } from "../contract/events";
import type { RunSink } from "../workflow/run";

/** Events are flushed at least this often while a run produces them. */
export const SINK_FLUSH_MS = 25;
/** A batch never carries more events than this. */
export const SINK_BATCH_MAX = 256;
/** Past this many buffered events the producer is made to wait. */
export const SINK_MAX_EVENTS = 1024;

/** Where batches go: the decision set's object, which says when the set has ended. */
export interface AppendTarget {
  append(events: NewEvent[]): Promise<{ ended: boolean }>;
}

export class EventSink implements RunSink {
  private buffer: NewEvent[] = [];
  private inFlight: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private failure: unknown = null;
  /** True once the Durable Object reports the decision set ended (cancelled): the run must stop. */
  ended = false;

  constructor(
    private readonly target: AppendTarget,
    private readonly onEnded: () => void,
  ) {}

  /** Queues an event; it is sent within SINK_FLUSH_MS. */
  emit(event: NewEvent): void {
    if (this.failure !== null) throw this.failure;
    this.buffer.push(event);
    this.timer ??= setTimeout(() => {
      this.timer = null;
      void this.flush().catch(() => undefined);
    }, SINK_FLUSH_MS);
  }

  /** Waits when too much is buffered; rethrows a failed append. */
  async drain(): Promise<void> {
    if (this.failure !== null) throw this.failure;
    if (this.buffer.length >= SINK_MAX_EVENTS) await this.flush();
  }

  /** Sends everything buffered and waits until the Durable Object has stored it. */
  flush(): Promise<void> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.inFlight = this.inFlight.then(async () => {
      while (this.buffer.length > 0) {
        const batch = this.buffer.splice(0, SINK_BATCH_MAX);
        try {
          const result = await this.target.append(batch);
          if (result.ended && !this.ended) {
            this.ended = true;
            this.onEnded();
          }
        } catch (err) {
          this.failure = err;
          throw err;
        }
      }
    });
    return this.inFlight;
  }
}
