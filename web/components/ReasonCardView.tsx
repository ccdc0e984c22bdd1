import { memo, useId, useState } from "react";
import type { ReasonCard } from "../../worker/contract/events";
import { formatDuration, formatPercent, formatTime } from "../lib/format";
import { CopyButton } from "./CopyButton";
import { JsonView } from "./JsonView";

/** Confidence bands, named so the badge reads as words as well as a colour. */
export function confidenceLevel(confidence: number): "high" | "medium" | "low" {
  if (confidence >= 0.8) return "high";
  if (confidence >= 0.5) return "medium";
  return "low";
}

function isSafeUrl(ref: string): boolean {
  return /^https?:\/\/\S+$/i.test(ref);
}

/** One agent decision: the decision in the header, the reasons behind it on demand. */
export const ReasonCardView = memo(function ReasonCardView({ card }: { card: ReasonCard }) {
  const [open, setOpen] = useState(false);
  const bodyId = useId();
  const level = confidenceLevel(card.confidence);
  const pct = formatPercent(card.confidence);
  return (
    <article className="reason-card" data-node={card.node}>
      <header className="reason-head">
        <button
          type="button"
          className="reason-toggle"
          aria-expanded={open}
          aria-controls={bodyId}
          onClick={() => setOpen((o) => !o)}
        >
          <span className="chevron" aria-hidden="true" />
          <span className="reason-agent">{card.agent}</span>
          <span className="reason-decision">{card.decision}</span>
        </button>
        <span className="reason-badges">
          <span className={`badge conf conf-${level}`}>
            Confidence {pct} ({level})
          </span>
          <span className={`badge prio prio-${card.priority}`}>Priority: {card.priority}</span>
          <span className="badge cat">{card.category}</span>
        </span>
        <span
          className={`conf-bar conf-${level}`}
          role="meter"
          aria-label={`Confidence of ${card.agent}`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(card.confidence * 100)}
        >
          <span style={{ width: pct }} />
        </span>
      </header>
      <div id={bodyId} className="reason-body" hidden={!open}>
        {open ? (
          <>
            <div className="reason-tools">
              <CopyButton text={JSON.stringify(card, null, 2)} label="Copy details" />
            </div>
            <h4>Reasoning</h4>
            <p className="prose-text">{card.reasoning}</p>
            {card.alternatives_considered.length > 0 ? (
              <>
                <h4>Alternatives considered</h4>
                <ul className="alternatives">
                  {card.alternatives_considered.map((alt, i) => (
                    <li key={i}>
                      <strong>{alt.option}</strong>: {alt.reason_rejected}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            <JsonView label="Inputs" value={card.inputs} />
            <JsonView label="Outputs" value={card.outputs} />
            {card.references.length > 0 ? (
              <>
                <h4>References</h4>
                <ul className="references">
                  {card.references.map((ref, i) => (
                    <li key={i}>
                      {isSafeUrl(ref) ? (
                        <a href={ref} target="_blank" rel="noopener noreferrer">
                          {ref}
                        </a>
                      ) : (
                        ref
                      )}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            <p className="muted small">
              Decided at <time dateTime={card.timestamp}>{formatTime(card.timestamp)}</time> in{" "}
              {formatDuration(card.duration_ms)} · node <code>{card.node}</code>
            </p>
          </>
        ) : null}
      </div>
    </article>
  );
});
