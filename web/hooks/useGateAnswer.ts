import { useActionState } from "react";
import { ApiError, errorMessage } from "../lib/api";

/** How a gate answer sent from this tab went: not yet sent, taken, beaten by another answer (409), or failed. */
export type GateOutcome =
  | { kind: "idle" }
  | { kind: "sent" }
  | { kind: "conflict" }
  | { kind: "failed"; message: string };

/**
 * A gate's answer as a React action: `send(value)` posts it with `post`, and the outcome
 * says how it went. The first answer wins across tabs and people, so a 409 is not an error
 * but another's answer: the form locks and says so. Returns `[outcome, send, pending]`, and
 * `failed`, the failure's message to show once no new attempt is under way.
 */
export function useGateAnswer<T>(post: (value: T) => Promise<unknown>) {
  const [outcome, send, pending] = useActionState(
    async (_: GateOutcome, value: T): Promise<GateOutcome> => {
      try {
        await post(value);
        return { kind: "sent" };
      } catch (err) {
        return err instanceof ApiError && err.status === 409
          ? { kind: "conflict" }
          : { kind: "failed", message: errorMessage(err) };
      }
    },
    { kind: "idle" },
  );
  const failed = outcome.kind === "failed" && !pending ? outcome.message : null;
  return { outcome, send, pending, failed };
}
