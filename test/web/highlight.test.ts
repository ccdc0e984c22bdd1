import { describe, expect, it } from "vitest";
import { languageForFence, languageForPath, loadHighlighter } from "../../web/lib/highlight";
import { renderMarkdown } from "../../web/lib/markdown";

describe("code as a code tool shows it", () => {
  it("knows a generated file's language by its name", () => {
    expect(languageForPath("infra/main.tf")).toBe("hcl");
    expect(languageForPath("k8s/deploy.yaml")).toBe("yaml");
    expect(languageForPath("serving/Dockerfile")).toBe("dockerfile");
    expect(languageForPath("src/index.ts")).toBe("typescript");
    expect(languageForPath("policy.json")).toBe("json");
    expect(languageForPath("README.md")).toBe("markdown");
    expect(languageForPath("LICENSE")).toBeNull();
    expect(languageForFence("terraform")).toBe("hcl");
    expect(languageForFence("yml title=x")).toBe("yaml");
    expect(languageForFence("")).toBeNull();
  });

  it("highlights HCL with its own grammar and escapes what it highlights", async () => {
    const highlight = await loadHighlighter();
    const html = highlight('resource "aws_s3_bucket" "b" {\n  bucket = "<x>-${var.env}" # a comment\n}\n', "hcl");
    expect(html).toContain('<span class="hljs-keyword">resource</span>');
    expect(html).toContain('<span class="hljs-attr">bucket</span>');
    expect(html).toContain('<span class="hljs-comment"># a comment</span>');
    expect(html).toContain("&lt;x&gt;");
    expect(html).not.toContain("<x>");
  });

  it("splits the report's top-level fenced blocks out as code, mermaid as a diagram", () => {
    const kinds = renderMarkdown("# T\n\n```hcl\na = 1\n```\n\n```mermaid\ngraph TD\n```\n").map((s) => s.kind);
    expect(kinds).toEqual(["html", "code", "mermaid"]);
  });
});
