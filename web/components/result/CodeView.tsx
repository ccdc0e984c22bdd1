import { useEffect, useMemo, useState, type ReactNode } from "react";
import { loadHighlighter, MAX_HIGHLIGHT_CHARS, type Language } from "../../lib/highlight";

/**
 * Code as a code tool shows it: line numbers in a gutter, highlighting once highlight.js has
 * loaded (plain text until then, and for a language it does not know), and a toolbar.
 * highlight.js escapes the code, so its HTML is safe to insert.
 */
export function CodeView({
  code,
  language,
  toolbar,
  className = "",
}: {
  code: string;
  language: Language | null;
  toolbar?: ReactNode;
  className?: string;
}) {
  const [html, setHtml] = useState<{ code: string; html: string } | null>(null);
  useEffect(() => {
    if (language === null || code.length > MAX_HIGHLIGHT_CHARS) return undefined;
    let live = true;
    loadHighlighter().then(
      (highlight) => {
        if (live) setHtml({ code, html: highlight(code, language) });
      },
      // Without highlight.js the code is still there, plain.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [code, language]);
  const lines = useMemo(() => code.replace(/\n$/, "").split("\n").length, [code]);
  const highlighted = html !== null && html.code === code ? html.html : null;
  return (
    <div className={`code-view ${className}`.trim()}>
      {toolbar !== undefined ? <div className="code-toolbar">{toolbar}</div> : null}
      <pre className="code code-numbered" tabIndex={0}>
        <span className="line-numbers" aria-hidden="true">
          {Array.from({ length: lines }, (_, i) => (
            <span key={i}>{i + 1}</span>
          ))}
        </span>
        {highlighted !== null ? (
          <code
            className={`hljs language-${language ?? "plain"}`}
            data-highlighted="true"
            dangerouslySetInnerHTML={{ __html: highlighted }}
          />
        ) : (
          <code data-highlighted="false">{code}</code>
        )}
      </pre>
    </div>
  );
}
