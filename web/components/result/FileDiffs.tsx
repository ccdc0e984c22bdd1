import { useEffect, useState } from "react";
import { errorMessage } from "../../lib/api";
import { loadTextArtifacts } from "../../lib/artifacts";
import { diffFiles, type FileDiff } from "../../lib/file-diff";

type State = { kind: "loading" } | { kind: "loaded"; diffs: FileDiff[] } | { kind: "failed"; message: string };

const CHANGE_LABEL: Record<FileDiff["change"], string> = {
  added: "added",
  removed: "removed",
  modified: "changed",
  same: "unchanged",
};

/** Each generated file's changes from the revision before to this one, as unified hunks. */
export function FileDiffs({ before, after, label }: { before: string; after: string; label: string }) {
  const [state, setState] = useState<State>({ kind: "loading" });
  useEffect(() => {
    let live = true;
    setState({ kind: "loading" });
    Promise.all([loadTextArtifacts(before), loadTextArtifacts(after)]).then(
      ([a, b]) => {
        if (live) setState({ kind: "loaded", diffs: diffFiles(a, b) });
      },
      (err: unknown) => {
        if (live) setState({ kind: "failed", message: errorMessage(err) });
      },
    );
    return () => {
      live = false;
    };
  }, [before, after]);

  if (state.kind === "loading") return <p className="muted">Comparing the generated files…</p>;
  if (state.kind === "failed")
    return (
      <p className="notice notice-warn" role="status">
        The files of the two revisions could not be compared: {state.message}.
      </p>
    );
  const changed = state.diffs.filter((d) => d.change !== "same");
  const same = state.diffs.length - changed.length;
  return (
    <section className="file-diffs" data-testid="file-diffs" aria-label={label}>
      <h4>{label}</h4>
      <p className="muted small">
        {changed.length === 0 ? "No file changed." : `${changed.length} changed`}
        {same > 0 ? `, ${same} unchanged` : ""}.
      </p>
      {changed.map((d) => (
        <details key={d.path} className="file-diff" data-file-diff={d.path} data-change={d.change}>
          <summary>
            <code>{d.path}</code> <span className="small">({CHANGE_LABEL[d.change]})</span>{" "}
            <span className="diff-count diff-add">+{d.added}</span>{" "}
            <span className="diff-count diff-del">−{d.removed}</span>
          </summary>
          <pre className="code diff" tabIndex={0}>
            {d.hunks.map((h, i) => (
              <span key={i} className="diff-hunk">
                <span className="diff-line diff-header">{h.header}</span>
                {h.lines.map((l, j) => (
                  <span key={j} className={`diff-line diff-${l.kind === "context" ? "context" : l.kind}`}>
                    <span className="diff-sign" aria-hidden="true">
                      {l.kind === "add" ? "+" : l.kind === "del" ? "−" : " "}
                    </span>
                    {l.kind === "add" ? <span className="sr-only">added: </span> : null}
                    {l.kind === "del" ? <span className="sr-only">removed: </span> : null}
                    {l.text}
                  </span>
                ))}
              </span>
            ))}
          </pre>
        </details>
      ))}
    </section>
  );
}
