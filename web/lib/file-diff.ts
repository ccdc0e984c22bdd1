/**
 * Two revisions' generated files compared file by file: which were added, removed or
 * changed, and each change as unified hunks with three lines of context. Pure, over texts
 * already unpacked (see artifacts.ts), so it is tested without a browser.
 */
import { structuredPatch } from "diff";

export type Change = "added" | "removed" | "modified" | "same";

export interface DiffLine {
  kind: "add" | "del" | "context";
  text: string;
}

export interface Hunk {
  /** "@@ -3,7 +3,8 @@", as a patch names it. */
  header: string;
  lines: DiffLine[];
}

export interface FileDiff {
  path: string;
  change: Change;
  added: number;
  removed: number;
  hunks: Hunk[];
}

const KIND: Record<string, DiffLine["kind"]> = { "+": "add", "-": "del", " ": "context" };

/** One file's change from `before` to `after` (null: absent on that side). */
export function diffFile(path: string, before: string | null, after: string | null): FileDiff {
  const change: Change =
    before === null ? "added" : after === null ? "removed" : before === after ? "same" : "modified";
  if (change === "same") return { path, change, added: 0, removed: 0, hunks: [] };
  const patch = structuredPatch(path, path, before ?? "", after ?? "", undefined, undefined, { context: 3 });
  let added = 0;
  let removed = 0;
  const hunks = patch.hunks.map((h) => ({
    header: `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`,
    lines: h.lines.flatMap((line): DiffLine[] => {
      const kind = KIND[line[0] ?? ""];
      // "\ No newline at end of file" says nothing a reader of the page needs.
      if (kind === undefined) return [];
      if (kind === "add") added++;
      if (kind === "del") removed++;
      return [{ kind, text: line.slice(1) }];
    }),
  }));
  return { path, change, added, removed, hunks };
}

const ORDER: Record<Change, number> = { modified: 0, added: 1, removed: 2, same: 3 };

/** Every file of either revision, the changed ones first, each group by path. */
export function diffFiles(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): FileDiff[] {
  const paths = [...new Set([...before.keys(), ...after.keys()])];
  return paths
    .map((p) => diffFile(p, before.get(p) ?? null, after.get(p) ?? null))
    .toSorted((a, b) => ORDER[a.change] - ORDER[b.change] || a.path.localeCompare(b.path));
}
