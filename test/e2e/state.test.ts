/**
 * State directories the end-to-end tests make go under the run's own directory, which the
 * global setup removes when the run ends, so none are left behind in the temporary directory.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { emptyState, removeState } from "./server";

describe("e2e state directories", () => {
  it("are made under the run's directory and removed on request", () => {
    const run = process.env.RS_E2E_TMP ?? "";
    expect(run).not.toBe("");
    expect(existsSync(run)).toBe(true);
    const dir = emptyState();
    expect(path.dirname(dir)).toBe(run);
    expect(existsSync(dir)).toBe(true);
    removeState(dir);
    expect(existsSync(dir)).toBe(false);
  });
});
