// highlight.js types its root and its grammars, not its core entry; the core is the same API.
declare module "highlight.js/lib/core" {
  import type { HLJSApi } from "highlight.js";
  const hljs: HLJSApi;
  export default hljs;
}
