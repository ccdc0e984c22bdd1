/**
 * Syntax highlighting for the generated files and the report's code, by highlight.js.
 * highlight.js and its grammars are imported only when code is first shown, so the first
 * screen does not carry them. highlight.js has no HCL grammar: a small one is defined here.
 */
import type { HLJSApi, LanguageFn } from "highlight.js";

/** The languages the generated repository is written in. */
export type Language = "hcl" | "yaml" | "typescript" | "dockerfile" | "json" | "markdown" | "bash" | "python" | "ini";

/** Past this a file is shown plain: highlighting it would hold the page. */
export const MAX_HIGHLIGHT_CHARS = 200_000;

const BY_EXTENSION: Record<string, Language> = {
  tf: "hcl",
  hcl: "hcl",
  tfvars: "hcl",
  yaml: "yaml",
  yml: "yaml",
  ts: "typescript",
  tsx: "typescript",
  js: "typescript",
  mjs: "typescript",
  json: "json",
  md: "markdown",
  sh: "bash",
  py: "python",
  toml: "ini",
  ini: "ini",
  cfg: "ini",
};

const ALIASES: Record<string, Language> = {
  terraform: "hcl",
  yml: "yaml",
  ts: "typescript",
  javascript: "typescript",
  js: "typescript",
  docker: "dockerfile",
  md: "markdown",
  sh: "bash",
  shell: "bash",
  py: "python",
  toml: "ini",
};

function isLanguage(name: string): name is Language {
  return Object.values(BY_EXTENSION).some((l) => l === name) || name === "dockerfile";
}

/** The language of a file, by its name: `Dockerfile`, `main.tf`, `values.yaml`…; null when unknown. */
export function languageForPath(path: string): Language | null {
  const name = path.split("/").at(-1) ?? "";
  if (/^dockerfile(\..*)?$/i.test(name) || /\.dockerfile$/i.test(name)) return "dockerfile";
  const dot = name.lastIndexOf(".");
  if (dot < 0) return null;
  return BY_EXTENSION[name.slice(dot + 1).toLowerCase()] ?? null;
}

/** The language a fenced block names (```hcl, ```terraform, ```yml…); null when unknown. */
export function languageForFence(info: string): Language | null {
  const name = info.trim().split(/\s+/)[0]?.toLowerCase() ?? "";
  if (isLanguage(name)) return name;
  return ALIASES[name] ?? null;
}

/** Terraform's HCL: blocks, attributes, strings with `${…}` interpolation, heredocs, comments. */
export const hcl: LanguageFn = (hljs) => {
  const interpolation = { className: "subst", begin: /\$\{/, end: /\}/, keywords: { literal: "true false null" } };
  return {
    name: "HCL",
    aliases: ["terraform", "tf"],
    keywords: { keyword: "for in if else endif endfor", literal: "true false null" },
    contains: [
      hljs.HASH_COMMENT_MODE,
      hljs.C_LINE_COMMENT_MODE,
      hljs.C_BLOCK_COMMENT_MODE,
      { className: "string", begin: /<<-?\s*([A-Z_]+)\s*$/m, end: /^\s*[A-Z_]+\s*$/m, contains: [interpolation] },
      { className: "string", begin: /"/, end: /"/, contains: [hljs.BACKSLASH_ESCAPE, interpolation] },
      {
        className: "keyword",
        begin: /^\s*(resource|data|variable|output|module|provider|locals|terraform|backend|required_providers)\b/m,
      },
      { className: "attr", begin: /\b[A-Za-z_][\w-]*(?=\s*=(?!=))/ },
      hljs.C_NUMBER_MODE,
    ],
  };
};

export type Highlight = (code: string, language: Language) => string;

let loading: Promise<Highlight> | null = null;

/** highlight.js with the app's grammars, loaded once on first use; returns escaped HTML. */
export function loadHighlighter(): Promise<Highlight> {
  loading ??= (async () => {
    const [core, yaml, typescript, dockerfile, json, markdown, bash, python, ini] = await Promise.all([
      import("highlight.js/lib/core"),
      import("highlight.js/lib/languages/yaml"),
      import("highlight.js/lib/languages/typescript"),
      import("highlight.js/lib/languages/dockerfile"),
      import("highlight.js/lib/languages/json"),
      import("highlight.js/lib/languages/markdown"),
      import("highlight.js/lib/languages/bash"),
      import("highlight.js/lib/languages/python"),
      import("highlight.js/lib/languages/ini"),
    ]);
    const hljs: HLJSApi = core.default;
    hljs.registerLanguage("hcl", hcl);
    hljs.registerLanguage("yaml", yaml.default);
    hljs.registerLanguage("typescript", typescript.default);
    hljs.registerLanguage("dockerfile", dockerfile.default);
    hljs.registerLanguage("json", json.default);
    hljs.registerLanguage("markdown", markdown.default);
    hljs.registerLanguage("bash", bash.default);
    hljs.registerLanguage("python", python.default);
    hljs.registerLanguage("ini", ini.default);
    return (code, language) => hljs.highlight(code, { language, ignoreIllegals: true }).value;
  })();
  // A failed load (a dropped connection) may be tried again by the next file opened.
  loading.catch(() => {
    loading = null;
  });
  return loading;
}
