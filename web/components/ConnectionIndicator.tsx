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
  const { text, wait, title } = describe(connection, now);
  const canRetry = connection.kind === "reconnecting" || connection.kind === "offline";
  return (
    <span className={`conn conn-${connection.kind}`} data-connection={connection.kind}>
      <span role="status" title={title}>
        <span className="conn-dot" aria-hidden="true" />
        {text}
        {/* The seconds tick every second: shown, but not re-announced by screen readers each time. */}
        {wait !== "" ? <span aria-hidden="true">{wait}</span> : null}
      </span>
      {canRetry && connection.retryAt > now + 500 ? (
        <button type="button" className="link-button" onClick={onRetry}>
          Retry now
        </button>
      ) : null}
    </span>
  );
}

function describe(c: ConnectionState, now: number): { text: string; wait: string; title: string } {
  const seconds = (at: number) => Math.max(0, Math.ceil((at - now) / 1000));
  switch (c.kind) {
    case "connecting":
      return { text: "Connecting…", wait: "", title: "Opening the live stream" };
    case "replaying":
      return { text: "Catching up…", wait: "", title: "Receiving the steps you have not seen yet" };
    case "live":
      return { text: "Live", wait: "", title: "Showing the present: new steps appear as they happen" };
    case "reconnecting": {
      const s = seconds(c.retryAt);
      return {
        text: `Reconnecting (attempt ${c.attempt})`,
        wait: s > 0 ? `, in ${s} s` : "…",
        title: "The connection dropped; what is shown is kept, and nothing will be missed",
      };
    }
    case "offline":
      return {
        text: "Offline",
        wait: `, retrying in ${seconds(c.retryAt)} s`,
        title: "Your device is offline; the view resumes when it is back",
      };
    case "ended":
      return { text: "Final", wait: "", title: "The run has ended: this is its complete record" };
    case "not-found":
      return { text: "Not found", wait: "", title: "The server does not know this decision set" };
  }
}
