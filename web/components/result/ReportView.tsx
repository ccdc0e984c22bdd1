import { useMemo } from "react";
import { languageForFence } from "../../lib/highlight";
import { renderMarkdown } from "../../lib/markdown";
import { CopyButton } from "../CopyButton";
import { CodeView } from "./CodeView";
import { MermaidDiagram } from "./MermaidDiagram";

/** The report. Its HTML comes from markdown-it with raw HTML off, so it is safe to insert. */
export function ReportView({ markdown }: { markdown: string }) {
  const segments = useMemo(() => renderMarkdown(markdown), [markdown]);
  return (
    <article className="report markdown" data-testid="report">
      {segments.map((s, i) =>
        s.kind === "mermaid" ? (
          <MermaidDiagram key={i} code={s.code} />
        ) : s.kind === "code" ? (
          <CodeView
            key={i}
            code={s.code}
            language={languageForFence(s.info)}
            className="code-block"
            toolbar={<CopyButton text={s.code} label="Copy code" />}
          />
        ) : (
          <div key={i} dangerouslySetInnerHTML={{ __html: s.html }} />
        ),
      )}
    </article>
  );
}
