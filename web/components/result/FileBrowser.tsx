import { strFromU8 } from "fflate";
import { useEffect, useMemo, useState } from "react";
import { errorMessage } from "../../lib/api";
import { isBinary, loadArtifacts } from "../../lib/artifacts";
import { buildTree, type DirNode, type TreeNode } from "../../lib/file-tree";
import { formatBytes } from "../../lib/format";
import { languageForPath } from "../../lib/highlight";
import { CopyButton } from "../CopyButton";
import { CodeView } from "./CodeView";

type Files =
  | { kind: "loading" }
  | { kind: "loaded"; files: Map<string, Uint8Array> }
  | { kind: "failed"; message: string };

/** Past this a file is shown truncated: a viewer, not an editor. */
const MAX_VIEW_BYTES = 256 * 1024;

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
    loadArtifacts(decisionSetId).then(
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
              <FileContent path={selected} bytes={content} />
            )}
          </>
        ) : null}
      </section>
    </div>
  );
}

/** Offers one file on its own, from the bytes already unpacked: no second request. */
function downloadFile(path: string, bytes: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([bytes.slice()], { type: "application/octet-stream" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = path.split("/").at(-1) ?? "file";
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own copy of the bytes once it has started.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function FileContent({ path, bytes }: { path: string; bytes: Uint8Array }) {
  const text = useMemo(() => strFromU8(bytes), [bytes]);
  const truncated = bytes.length > MAX_VIEW_BYTES;
  return (
    <>
      <CodeView
        code={truncated ? strFromU8(bytes.subarray(0, MAX_VIEW_BYTES)) : text}
        language={languageForPath(path)}
        className="file-content"
        toolbar={
          <>
            <CopyButton text={text} label="Copy file" />
            <button
              type="button"
              className="small"
              data-testid="file-download"
              onClick={() => downloadFile(path, bytes)}
            >
              Download file
            </button>
          </>
        }
      />
      {truncated ? <p className="muted small">Shown truncated; Copy and Download give the whole file.</p> : null}
    </>
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
