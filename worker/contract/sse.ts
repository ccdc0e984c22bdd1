/**
 * The event-stream format, read and written in one place each: the Worker frames its
 * streams with `writeFrame`, and the LangGraph re-framer, the tests and the bench read
 * frames with `FrameSplitter`. Runtime-neutral (workerd, Node, the browser) and free of
 * imports and of syntax Node cannot strip, so the bench's plain `.mjs` imports it as it is.
 * It follows the format as the product writes it: LF line ends, one frame per blank line.
 */

/** One frame's fields. `data` is "" for a frame that carries no event (a `retry:` frame). */
export interface Frame {
  id?: string;
  event: string;
  data: string;
  retry?: string;
}

/**
 * One frame's text. `id:` only when given: a frame without it never moves a client's
 * Last-Event-ID. `data` must be one line (JSON text has no raw newline).
 */
export function writeFrame(frame: { id?: string | number | undefined; event: string; data: string }): string {
  const idLine = frame.id === undefined ? "" : `id: ${frame.id}\n`;
  return `${idLine}event: ${frame.event}\ndata: ${frame.data}\n\n`;
}

/** One frame's text (without its blank line); null for a comment or an empty block. */
export function parseFrame(block: string): Frame | null {
  const frame: Frame = { event: "message", data: "" };
  let fields = 0;
  let dataLines = 0;
  for (const line of block.split("\n")) {
    if (line === "" || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") {
      frame.data = dataLines === 0 ? value : `${frame.data}\n${value}`;
      dataLines++;
    } else if (field === "id") frame.id = value;
    else if (field === "event") frame.event = value;
    else if (field === "retry") frame.retry = value;
    else continue;
    fields++;
  }
  return fields === 0 ? null : frame;
}

/**
 * Cuts a stream's text into frames as it arrives. Holds at most one unfinished frame:
 * text after the last blank line waits for the next chunk.
 */
export class FrameSplitter {
  private buffer = "";

  /** Characters of the unfinished frame held, for a reader that bounds it. */
  get held(): number {
    return this.buffer.length;
  }

  /** The frames completed by `chunk`, in order. */
  push(chunk: string): Frame[] {
    this.buffer += chunk;
    const frames: Frame[] = [];
    let start = 0;
    let end = this.buffer.indexOf("\n\n");
    if (end < 0) return frames;
    while (end >= 0) {
      const frame = parseFrame(this.buffer.slice(start, end));
      if (frame !== null) frames.push(frame);
      start = end + 2;
      end = this.buffer.indexOf("\n\n", start);
    }
    this.buffer = this.buffer.slice(start);
    return frames;
  }
}

/** Every complete frame of a whole stream's text. */
export function parseFrames(text: string): Frame[] {
  return new FrameSplitter().push(text);
}
