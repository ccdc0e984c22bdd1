import { strFromU8, unzipSync } from "fflate";
import { useEffect, useMemo, useState } from "react";
import { artifactsZipUrl, errorMessage } from "../../lib/api";
import { buildTree, type DirNode, type TreeNode } from "../../lib/file-tree";
import { formatBytes } from "../../lib/format";

type Files =
  | { kind: "loading" }
  | { kind: "loaded"; files: Map<string, Uint8Array> }
  | { kind: "failed"; message: string };

/** Past this a file is shown truncated: a viewer, not an editor. */
const MAX_VIEW_BYTES = 256 * 1024;

/** The zip, unpacked in the browser: the one download serves both the viewer and the "Download" link. */
async function loadZip(decisionSetId: string): Promise<Map<string, Uint8Array>> {
  const res = await fetch(artifactsZipUrl(decisionSetId));
  if (!res.ok) throw new Error(`the server answered ${res.status}`);
  const entries = unzipSync(new Uint8Array(await res.arrayBuffer()));
  return new Map(Object.entries(entries).filter(([path]) => !path.endsWith("/")));
}

function isBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, 8000).includes(0);
}

interface Props {
  decisionSetId: string;
  artifacts: readonly { path: string; bytes: number }[];
}

/** The generated files as a folder tree beside a viewer. */
export function FileBrowser({ decisionSetId, artifacts }: Props) {
  const [files, setFiles] = useState<Files>({ kind: "loading" });
  const [selected, setSelected] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    loadZip(decisionSetId).then(
      (map) => {
        if (!live) return;
        setFiles({ kind: "loaded", files: map });
        // Open the README first if there is one: it says what the rest is.
        const first = [...map.keys()].find((p) => /(^|\/)README\.md$/i.test(p)) ?? artifacts[0]?.path ?? null;
        setSelected((s) => s ?? first);
      },
      (err: unknown) => {
        if (live) setFiles({ kind: "failed", message: errorMessage(err) });
      },
    );
    return () => {
      live = false;
    };
  }, [decisionSetId, artifacts]);

  const tree = useMemo(() => {
    const all = new Map(artifacts.map((a) => [a.path, a.bytes]));
    if (files.kind === "loaded") for (const [p, b] of files.files) if (!all.has(p)) all.set(p, b.length);
    return buildTree([...all].map(([path, bytes]) => ({ path, bytes })));
  }, [artifacts, files]);

  const content = selected !== null && files.kind === "loaded" ? files.files.get(selected) : undefined;

  return (
    <div className="files">
      <nav className="file-tree" aria-label="Generated files">
        <TreeList dir={tree} selected={selected} onSelect={setSelected} />
      </nav>
      <section className="file-view" aria-label="File viewer" aria-live="polite">
        {files.kind === "loading" ? <p className="muted">Fetching the files…</p> : null}
        {files.kind === "failed" ? (
          <p className="notice notice-error" role="alert">
            The files could not be loaded: {files.message}. The zip download may still work.
          </p>
        ) : null}
        {selected !== null && files.kind === "loaded" ? (
          <>
            <h4 className="file-path" data-testid="file-path">
              {selected} <span className="muted">{content !== undefined ? formatBytes(content.length) : ""}</span>
            </h4>
            {content === undefined ? (
              <p className="muted">This file is listed but not in the bundle.</p>
            ) : isBinary(content) ? (
              <p className="muted">A binary file ({formatBytes(content.length)}); download the zip to open it.</p>
            ) : (
              <pre className="code file-content">
                <code>{strFromU8(content.subarray(0, MAX_VIEW_BYTES))}</code>
                {content.length > MAX_VIEW_BYTES ? "\n… (truncated; the zip has the whole file)" : ""}
              </pre>
            )}
          </>
        ) : null}
      </section>
    </div>
  );
}

function TreeList({
  dir,
  selected,
  onSelect,
}: {
  dir: DirNode;
  selected: string | null;
  onSelect: (p: string) => void;
}) {
  return (
    <ul>
      {dir.children.map((node: TreeNode) =>
        node.kind === "dir" ? (
          <li key={node.path}>
            <details open>
              <summary>{node.name}/</summary>
              <TreeList dir={node} selected={selected} onSelect={onSelect} />
            </details>
          </li>
        ) : (
          <li key={node.path}>
            <button
              type="button"
              className="file-button"
              aria-current={node.path === selected ? "true" : undefined}
              data-path={node.path}
              onClick={() => onSelect(node.path)}
            >
              {node.name} <span className="muted">{formatBytes(node.bytes)}</span>
            </button>
          </li>
        ),
      )}
    </ul>
  );
}
