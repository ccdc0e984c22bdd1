import { describe, expect, it } from "vitest";
import { AttentionStore, attentionTitle, inLastMinute, transition, type RunAttention } from "../../web/lib/attention";
import { readChoice, resolveScheme } from "../../web/lib/theme";

const T0 = Date.parse("2030-01-01T12:00:00Z");
const deadline = new Date(T0 + 5 * 60_000).toISOString();

function run(patch: Partial<RunAttention> = {}): RunAttention {
  return { id: "r1", name: "Invoices", status: "running", gate: null, skewMs: 0, ...patch };
}
const asking = run({ status: "paused", gate: { kind: "questions", deadline } });

describe("what the tab says when a run waits", () => {
  it("the title counts the waiting runs and goes back to the page's name", () => {
    expect(attentionTitle(1, "Reasonstream")).toBe("(1) Your answer is needed · Reasonstream");
    expect(attentionTitle(0, "Reasonstream")).toBe("Reasonstream");
  });

  it("a gate that opens names the run and the deadline; its answer and the run's end are said too", () => {
    const opened = transition(run(), asking);
    expect(opened?.kind).toBe("gate");
    expect(opened?.text).toMatch(/^“Invoices” has questions for you\. Without an answer by .+, the suggested answers/);
    expect(transition(asking, run())).toEqual({
      kind: "answered",
      text: "The answer to “Invoices” was received; the run goes on.",
    });
    expect(transition(run(), run({ status: "completed" }))).toEqual({
      kind: "ended",
      text: "“Invoices” has ended: Completed.",
    });
    // The same report twice, or a finished run seen for the first time, says nothing.
    expect(transition(asking, asking)).toBeNull();
    expect(transition(undefined, run({ status: "completed" }))).toBeNull();
  });

  it("an approval without a deadline is announced without one", () => {
    const text = transition(run(), run({ status: "paused", gate: { kind: "approval" } }))?.text;
    expect(text).toBe("“Invoices” waits for your approval of the plan.");
  });

  it("the last minute counts by the server's clock", () => {
    expect(inLastMinute(asking, T0)).toBe(false);
    expect(inLastMinute(asking, T0 + 4 * 60_000 + 1000)).toBe(true);
    // The server is a minute ahead: its last minute starts a minute earlier here.
    expect(inLastMinute({ ...asking, skewMs: 60_000 }, T0 + 3 * 60_000 + 1000)).toBe(true);
    expect(inLastMinute(asking, T0 + 6 * 60_000)).toBe(false);
  });

  it("the store lists waiting runs, announces each last minute once, and forgets a run that leaves", () => {
    const store = new AttentionStore();
    const heard: string[] = [];
    store.subscribe(() => {
      const a = store.getState().announcement;
      if (a !== null && a.text !== heard.at(-1)) heard.push(a.text);
    });
    store.report(run());
    store.report(asking);
    expect(store.getState().waiting.map((r) => r.id)).toEqual(["r1"]);
    store.tick(T0 + 4 * 60_000 + 30_000);
    store.tick(T0 + 4 * 60_000 + 40_000);
    store.report(run({ status: "running" }));
    expect(store.getState().waiting).toEqual([]);
    expect(heard).toHaveLength(3);
    expect(heard[1]).toBe("One minute left to answer “Invoices”; then the suggested answers are used.");
    store.report(asking);
    store.remove("r1");
    expect(store.getState().waiting).toEqual([]);
  });
});

describe("the colour scheme", () => {
  it("follows the system unless the person chose, and reads a bad stored value as the system", () => {
    expect(resolveScheme("system", true)).toBe("dark");
    expect(resolveScheme("light", true)).toBe("light");
    expect(resolveScheme("dark", false)).toBe("dark");
    expect(readChoice({ getItem: () => "dark" })).toBe("dark");
    expect(readChoice({ getItem: () => "purple" })).toBe("system");
    expect(readChoice(null)).toBe("system");
  });
});
