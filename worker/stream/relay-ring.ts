/**
 * What a StreamRelay keeps of the stream it relays: the frames the home sent it, read back
 * into their seqs and types, and a bounded ring of the most recent stored ones, from which
 * a joining subscriber whose cursor falls inside it is served without asking the home.
 */
import { EventTypeSchema } from "../contract/events";
import { REPLAY_MESSAGE_MAX_CHARS } from "./event-log";
import type { Frame } from "./fan-out";
import { passes, type TypeFilter } from "./filter";
import { sseFrame } from "./sse";

/** Stored events the ring holds at most (fewer when HISTORY_KEEP is small: see `ringEventsFor`). */
export const RELAY_RING_EVENTS = 256;
/** Characters of frames the ring holds at most, whatever their count. */
export const RELAY_RING_MAX_CHARS = 4 * 1024 * 1024;

/** A frame as the home framed it, with its seq (undefined for ephemeral events and caught-up). */
export interface RelayFrame extends Frame {
  seq: number | undefined;
}

/**
 * The ring's length for a home that keeps `historyKeep` events after a trim: at most half
 * of them, so that what the ring serves lies inside the home's retained history even when
 * the relay runs a little behind; a cursor older than the ring goes to the home, which
 * answers it with its snapshot and tail exactly as it would a direct subscriber.
 */
export function ringEventsFor(historyKeep: number): number {
  return Math.max(1, Math.min(RELAY_RING_EVENTS, Math.floor(historyKeep / 2)));
}

/**
 * The frames of one message from the home. The home sends whole frames (a replay is split
 * between frames, a live batch is whole frames), each `id: N` (stored events only),
 * `event: T`, one `data:` line; JSON has no raw newline, so a blank line ends each.
 * Anything else is dropped.
 */
export function parseFrames(text: string): RelayFrame[] {
  const frames: RelayFrame[] = [];
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf("\n\n", start);
    if (end === -1) break;
    const frame = text.slice(start, end + 2);
    start = end + 2;
    let at = 0;
    let seq: number | undefined;
    if (frame.startsWith("id: ")) {
      at = frame.indexOf("\n") + 1;
      seq = Number(frame.slice(4, at - 1));
      if (!Number.isSafeInteger(seq)) continue;
    }
    if (!frame.startsWith("event: ", at)) continue;
    const type = EventTypeSchema.safeParse(frame.slice(at + 7, frame.indexOf("\n", at)));
    if (type.success) frames.push({ seq, type: type.data, text: frame });
  }
  return frames;
}

/** Frames as WebSocket messages of at most REPLAY_MESSAGE_MAX_CHARS (one frame may be longer alone). */
export function toMessages(texts: readonly string[]): string[] {
  const messages: string[] = [];
  let buffer = "";
  for (const text of texts) {
    if (buffer.length > 0 && buffer.length + text.length > REPLAY_MESSAGE_MAX_CHARS) {
      messages.push(buffer);
      buffer = "";
    }
    buffer += text;
  }
  if (buffer.length > 0) messages.push(buffer);
  return messages;
}

/**
 * The most recent stored frames, contiguous in seq: the ring covers every cursor from
 * `base` (the seq before its oldest frame) to `last`. Bounded by `maxEvents` frames and
 * RELAY_RING_MAX_CHARS characters, the oldest dropped first.
 */
export class FrameRing {
  private frames: RelayFrame[] = [];
  private head = 0;
  private chars = 0;
  /** The seq before the oldest frame held. */
  base = 0;
  /** The newest seq held (base when empty). */
  last = 0;

  constructor(private readonly maxEvents: number) {}

  /** Starts over after `seq`: nothing held, every cursor before `seq` outside. */
  reset(seq: number): void {
    this.frames = [];
    this.head = 0;
    this.chars = 0;
    this.base = seq;
    this.last = seq;
  }

  /** Adds the next stored frame (seq last + 1), dropping the oldest past the bounds. */
  push(frame: RelayFrame & { seq: number }): void {
    this.frames.push(frame);
    this.chars += frame.text.length;
    this.last = frame.seq;
    while (this.frames.length - this.head > this.maxEvents || (this.chars > RELAY_RING_MAX_CHARS && this.size > 1)) {
      const dropped = this.frames[this.head++];
      if (dropped === undefined) break;
      this.chars -= dropped.text.length;
      this.base = dropped.seq ?? this.base;
    }
    // Compacts now and then, so the array does not keep what was dropped.
    if (this.head > this.maxEvents) {
      this.frames = this.frames.slice(this.head);
      this.head = 0;
    }
  }

  /** Frames held. */
  get size(): number {
    return this.frames.length - this.head;
  }

  /** Whether a subscriber at cursor `after` can be served from the ring alone. */
  covers(after: number): boolean {
    return after >= this.base && after <= this.last;
  }

  /** The texts of the held frames after `after` that pass `filter`. */
  textsAfter(after: number, filter: TypeFilter): string[] {
    const texts: string[] = [];
    for (let i = this.head; i < this.frames.length; i++) {
      const frame = this.frames[i];
      if (frame?.seq !== undefined && frame.seq > after && passes(filter, frame.type)) texts.push(frame.text);
    }
    return texts;
  }
}

/** The `caught-up` frame a relay writes after serving a replay from its ring. */
export function caughtUpFrame(decisionSetId: string, lastSeq: number, replayed: number): string {
  return sseFrame(
    "caught-up",
    decisionSetId,
    undefined,
    new Date().toISOString(),
    JSON.stringify({ last_seq: lastSeq, replayed }),
  );
}
