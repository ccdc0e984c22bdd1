import type { ConnectionState } from "../lib/stream-client";

interface Props {
  connection: ConnectionState;
  now: number;
  onRetry: () => void;
}

/**
 * Says whether the view shows the present. It sits beside the content and never replaces
 * it: what was already shown stays on screen while the connection recovers.
 */
export function ConnectionIndicator({ connection, now, onRetry }: Props) {
  const { text, title } = describe(connection, now);
  const canRetry = connection.kind === "reconnecting" || connection.kind === "offline";
  return (
    <span className={`conn conn-${connection.kind}`} data-connection={connection.kind}>
      <span role="status" title={title}>
        <span className="conn-dot" aria-hidden="true" />
        {text}
      </span>
      {canRetry && connection.retryAt > now + 500 ? (
        <button type="button" className="link-button" onClick={onRetry}>
          Retry now
        </button>
      ) : null}
    </span>
  );
}

function describe(c: ConnectionState, now: number): { text: string; title: string } {
  switch (c.kind) {
    case "connecting":
      return { text: "Connecting…", title: "Opening the live stream" };
    case "replaying":
      return { text: "Catching up…", title: "Receiving the steps you have not seen yet" };
    case "live":
      return { text: "Live", title: "Showing the present: new steps appear as they happen" };
    case "reconnecting": {
      const s = Math.max(0, Math.ceil((c.retryAt - now) / 1000));
      return {
        text: s > 0 ? `Reconnecting in ${s} s (attempt ${c.attempt})` : `Reconnecting (attempt ${c.attempt})…`,
        title: "The connection dropped; what is shown is kept, and nothing will be missed",
      };
    }
    case "offline": {
      const s = Math.max(0, Math.ceil((c.retryAt - now) / 1000));
      return { text: `Offline, retrying in ${s} s`, title: "Your device is offline; the view resumes when it is back" };
    }
    case "ended":
      return { text: "Final", title: "The run has ended: this is its complete record" };
    case "not-found":
      return { text: "Not found", title: "The server does not know this decision set" };
  }
}
