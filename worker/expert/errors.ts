/**
 * A fault of the designer itself: its rules and tables are pure, so the same request meets
 * the same fault on every attempt. The job runner fails such a run at once (by the error's
 * name, which survives the graph's copying) instead of retrying it as if it were transient.
 */
export class DesignerError extends Error {
  override name = "DesignerError";
  /** The designer step that failed (a node id, or the part of the expert). */
  readonly step: string;

  constructor(step: string, message: string, options?: { cause?: unknown }) {
    super(`the designer failed at ${step}: ${message}`, options);
    this.step = step;
  }
}

/** `err` as a DesignerError of `step`, kept as it is when it already is one. */
export function asDesignerError(step: string, err: unknown): DesignerError {
  if (err instanceof DesignerError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new DesignerError(step, message, { cause: err });
}
