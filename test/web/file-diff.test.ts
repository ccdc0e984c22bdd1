import { describe, expect, it } from "vitest";
import { diffFile, diffFiles } from "../../web/lib/file-diff";

describe("a revision's files compared with the one before", () => {
  it("gives each changed line as added or removed, with its context and hunk header", () => {
    const d = diffFile("main.tf", "a = 1\nb = 2\nc = 3\n", "a = 1\nb = 20\nc = 3\nd = 4\n");
    expect(d.change).toBe("modified");
    expect([d.added, d.removed]).toEqual([2, 1]);
    expect(d.hunks[0]?.header).toBe("@@ -1,3 +1,4 @@");
    expect(d.hunks[0]?.lines).toEqual([
      { kind: "context", text: "a = 1" },
      { kind: "del", text: "b = 2" },
      { kind: "add", text: "b = 20" },
      { kind: "context", text: "c = 3" },
      { kind: "add", text: "d = 4" },
    ]);
  });

  it("lists the changed files first: modified, added, removed, then the unchanged", () => {
    const before = new Map([
      ["same.yaml", "x: 1\n"],
      ["gone.md", "old\n"],
      ["main.tf", "a = 1\n"],
    ]);
    const after = new Map([
      ["same.yaml", "x: 1\n"],
      ["new.ts", "export {};\n"],
      ["main.tf", "a = 2\n"],
    ]);
    expect(diffFiles(before, after).map((d) => [d.path, d.change])).toEqual([
      ["main.tf", "modified"],
      ["new.ts", "added"],
      ["gone.md", "removed"],
      ["same.yaml", "same"],
    ]);
  });
});
