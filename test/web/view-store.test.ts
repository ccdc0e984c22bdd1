/** The stored view: a reload's first paint, and the cursor it resumes from, bounded in size. */
import { describe, expect, it } from "vitest";
import { initialView, reduceAll, toSnapshot } from "../../worker/contract/reduce";
import { MAX_STORED_VIEWS, storageViewStore } from "../../web/lib/view-store";
import { MemoryStorage } from "./fake-stream";
import { DS, ephemeral, recordedRun } from "./fixtures";

const run = recordedRun();

describe("storageViewStore", () => {
  it("round-trips a view without its live text or pending events", () => {
    const storage = new MemoryStorage();
    const store = storageViewStore(storage);
    const view = reduceAll(initialView(DS), [
      ...run.slice(0, 2),
      ephemeral("token", { node: "intake_extract", text: "hi" }),
    ]);
    store.save(view);
    expect(store.load(DS)).toEqual(toSnapshot(view));
    expect(store.load(DS).last_seq).toBe(2);
  });

  it("returns a fresh view for nothing stored, broken JSON, another version or another id", () => {
    const storage = new MemoryStorage();
    const store = storageViewStore(storage);
    expect(store.load(DS)).toEqual(initialView(DS));
    storage.setItem(`rs:view:${DS}`, "{oops");
    expect(store.load(DS)).toEqual(initialView(DS));
    storage.setItem(`rs:view:${DS}`, JSON.stringify({ v: 99, view: toSnapshot(reduceAll(initialView(DS), run)) }));
    expect(store.load(DS)).toEqual(initialView(DS));
    const other = reduceAll(initialView("other"), []);
    storage.setItem(`rs:view:${DS}`, JSON.stringify({ v: 1, view: { ...toSnapshot(other), last_seq: 3 } }));
    expect(store.load(DS)).toEqual(initialView(DS));
  });

  it(`keeps at most ${MAX_STORED_VIEWS} views, evicting the least recently saved`, () => {
    const storage = new MemoryStorage();
    const store = storageViewStore(storage);
    const ids = Array.from({ length: MAX_STORED_VIEWS + 5 }, (_, i) => `ds-${i}`);
    for (const id of ids) store.save({ ...reduceAll(initialView(DS), run.slice(0, 3)), decision_set_id: id });
    expect(store.load("ds-0").last_seq).toBe(0);
    expect(store.load(`ds-${ids.length - 1}`).last_seq).toBe(3);
    expect(storage.length).toBe(MAX_STORED_VIEWS + 1); // the views and their index
  });

  it("on a full quota, evicts older views until the new one fits", () => {
    class TinyStorage extends MemoryStorage {
      override setItem(key: string, value: string): void {
        if (!this.getItem(key) && this.length >= 4) throw new DOMException("full", "QuotaExceededError");
        super.setItem(key, value);
      }
    }
    const storage = new TinyStorage();
    const store = storageViewStore(storage);
    for (const id of ["a", "b", "c", "d", "e"])
      store.save({ ...reduceAll(initialView(DS), run.slice(0, 2)), decision_set_id: id });
    expect(store.load("e").last_seq).toBe(2);
    expect(store.load("a").last_seq).toBe(0);
  });
});
