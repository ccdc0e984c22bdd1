import { startTransition, useActionState, useState } from "react";
import { api, errorMessage } from "../lib/api";

/** Cancel, with a second click to confirm: a stray click must not end someone's run. */
export function CancelButton({ decisionSetId }: { decisionSetId: string }) {
  const [confirming, setConfirming] = useState(false);
  const [failure, cancel, busy] = useActionState(async (): Promise<string | null> => {
    try {
      await api.cancel(decisionSetId);
      setConfirming(false);
      return null;
    } catch (err) {
      return errorMessage(err);
    }
  }, null);
  // A failure is shown until the next attempt is under way.
  const error = busy ? null : failure;

  return (
    <span className="cancel">
      {confirming ? (
        <>
          <span>Cancel this run?</span>
          <button type="button" className="danger small" disabled={busy} onClick={() => startTransition(cancel)}>
            {busy ? "Cancelling…" : "Yes, cancel"}
          </button>
          <button type="button" className="small" disabled={busy} onClick={() => setConfirming(false)}>
            Keep running
          </button>
        </>
      ) : (
        <button type="button" className="small" onClick={() => setConfirming(true)}>
          Cancel run
        </button>
      )}
      {error !== null ? (
        <span className="field-error" role="alert">
          Not cancelled: {error}
        </span>
      ) : null}
    </span>
  );
}
