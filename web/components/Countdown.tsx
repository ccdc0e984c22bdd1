import { formatCountdown, secondsLeft } from "../lib/format";

interface Props {
  deadline: string;
  now: number;
  skewMs: number;
  /** What happens at the deadline, e.g. "the suggested answers are used". */
  what: string;
}

/** A live countdown to a gate's deadline. The server's alarm, not this page, enforces it. */
export function Countdown({ deadline, now, skewMs, what }: Props) {
  const left = secondsLeft(deadline, now, skewMs);
  if (left === null) return null;
  return (
    <p className={`countdown${left <= 30 ? " countdown-soon" : ""}`}>
      {left > 0 ? (
        <>
          Without an answer, {what} in{" "}
          <span role="timer" aria-live="off" className="countdown-time">
            {formatCountdown(left)}
          </span>
        </>
      ) : (
        <>The deadline has passed: {what} now.</>
      )}
    </p>
  );
}
