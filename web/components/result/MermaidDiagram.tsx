import { useEffect, useId, useRef, useState, useSyncExternalStore } from "react";
import { currentScheme, subscribeTheme } from "../../lib/theme";
import { CopyButton } from "../CopyButton";
import { CodeView } from "./CodeView";

type State = { kind: "loading" } | { kind: "drawn" } | { kind: "failed"; message: string };

/**
 * A Mermaid diagram. Mermaid is large, so it is imported only when a report has a diagram;
 * `securityLevel: "strict"` makes it sanitise labels and refuse click handlers, because the
 * diagram's text comes from an agent.
 */
export function MermaidDiagram({ code }: { code: string }) {
  const target = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<State>({ kind: "loading" });
  // Mermaid uses the id in CSS selectors: React's ":r0:" form must lose its colons.
  const id = `mermaid-${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  // The diagram's colours are drawn into its SVG: a change of scheme draws it again.
  const scheme = useSyncExternalStore(subscribeTheme, currentScheme, currentScheme);

  useEffect(() => {
    let live = true;
    setState({ kind: "loading" });
    (async () => {
      const { default: mermaid } = await import("mermaid");
      mermaid.initialize({
        startOnLoad: false,
        securityLevel: "strict",
        theme: scheme === "dark" ? "dark" : "default",
      });
      const { svg } = await mermaid.render(id, code);
      if (!live || target.current === null) return;
      target.current.innerHTML = svg;
      setState({ kind: "drawn" });
    })().catch((err: unknown) => {
      if (live) setState({ kind: "failed", message: err instanceof Error ? err.message : String(err) });
    });
    return () => {
      live = false;
    };
  }, [code, id, scheme]);

  return (
    <figure className="diagram" data-state={state.kind} data-scheme={scheme}>
      <div ref={target} className="diagram-svg" role="img" aria-label="Architecture diagram" />
      {state.kind === "loading" ? <p className="muted">Drawing the diagram…</p> : null}
      {state.kind === "failed" ? (
        <p className="notice notice-warn">The diagram could not be drawn ({state.message}); its source is below.</p>
      ) : null}
      <details open={state.kind === "failed"}>
        <summary>Diagram source</summary>
        <CodeView code={code} language={null} toolbar={<CopyButton text={code} label="Copy code" />} />
      </details>
    </figure>
  );
}
