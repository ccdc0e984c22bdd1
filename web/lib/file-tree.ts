/** Generated files as a folder tree, from their paths. */

export interface FileNode {
  kind: "file";
  name: string;
  path: string;
  bytes: number;
}
export interface DirNode {
  kind: "dir";
  name: string;
  path: string;
  children: TreeNode[];
}
export type TreeNode = FileNode | DirNode;

/** Builds the tree; folders first, then files, each alphabetical. */
export function buildTree(files: readonly { path: string; bytes: number }[]): DirNode {
  const root: DirNode = { kind: "dir", name: "", path: "", children: [] };
  for (const file of files) {
    const parts = file.path.split("/").filter((p) => p !== "" && p !== ".");
    let dir = root;
    parts.forEach((name, i) => {
      const path = parts.slice(0, i + 1).join("/");
      if (i === parts.length - 1) {
        if (!dir.children.some((c) => c.path === path))
          dir.children.push({ kind: "file", name, path, bytes: file.bytes });
        return;
      }
      let next = dir.children.find((c): c is DirNode => c.kind === "dir" && c.path === path);
      if (next === undefined) {
        next = { kind: "dir", name, path, children: [] };
        dir.children.push(next);
      }
      dir = next;
    });
  }
  sortTree(root);
  return root;
}

function sortTree(dir: DirNode): void {
  dir.children.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === "dir" ? -1 : 1));
  for (const c of dir.children) if (c.kind === "dir") sortTree(c);
}
