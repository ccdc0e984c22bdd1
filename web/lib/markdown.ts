/**
 * Markdown to HTML with raw HTML switched off: whatever an agent or a user writes is
 * escaped, so nothing in a report can run script. markdown-it's own link validation
 * already refuses `javascript:`, `vbscript:`, `file:` and non-image `data:` URLs.
 */
import MarkdownIt from "markdown-it";

const md = new MarkdownIt({ html: false, linkify: true, typographer: false });

// Links leave the app in a new tab and cannot reach back into it through window.opener.
const defaultLinkOpen = md.renderer.rules.link_open;
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  if (token !== undefined) {
    token.attrSet("target", "_blank");
    token.attrSet("rel", "noopener noreferrer");
  }
  return defaultLinkOpen !== undefined
    ? defaultLinkOpen(tokens, idx, options, env, self)
    : self.renderToken(tokens, idx, options);
};

export type Segment =
  | { kind: "html"; html: string }
  | { kind: "mermaid"; code: string }
  | { kind: "code"; info: string; code: string };

/**
 * The document as HTML segments, with each top-level ```mermaid block split out so the
 * page can draw it as a diagram, and each other top-level fenced block so the page can show
 * it as code with its copy button (nested ones stay HTML: splitting inside a list would
 * break its HTML).
 */
export function renderMarkdown(source: string): Segment[] {
  const tokens = md.parse(source, {});
  const segments: Segment[] = [];
  let run: typeof tokens = [];
  const flush = () => {
    if (run.length > 0) segments.push({ kind: "html", html: md.renderer.render(run, md.options, {}) });
    run = [];
  };
  for (const token of tokens) {
    if (token.type === "fence" && token.level === 0) {
      flush();
      const info = token.info.trim();
      segments.push(
        info.split(/\s+/)[0] === "mermaid"
          ? { kind: "mermaid", code: token.content }
          : { kind: "code", info, code: token.content },
      );
    } else run.push(token);
  }
  flush();
  return segments;
}
