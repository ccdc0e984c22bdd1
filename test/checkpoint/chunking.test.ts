/**
 * DurableCheckpointer beyond the conformance suite: values larger than the Durable Object
 * SQLite row limit (2 MB), channel values shared across checkpoints, and real LangGraph
 * graphs that stop and continue from their checkpoints (human gate, crash retry, fork).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { AsyncLocalStorageProviderSingleton } from "@langchain/core/singletons";
import { Annotation, Command, END, START, StateGraph, interrupt } from "@langchain/langgraph";
import { emptyCheckpoint, uuid6, type Checkpoint, type CheckpointMetadata } from "@langchain/langgraph-checkpoint";
import { describe, expect, it } from "vitest";
import { DurableCheckpointer } from "../../worker/workflow/checkpointer";

// workerd resolves @langchain/langgraph to its "browser" build, which leaves the config
// store (needed by interrupt()) a no-op mock; the Node build installs this same one.
AsyncLocalStorageProviderSingleton.initializeGlobalInstance(new AsyncLocalStorage());

const MiB = 1024 * 1024;

function freshStub() {
  return env.DECISION_SET.get(env.DECISION_SET.idFromName(`checkpoint-chunking-${crypto.randomUUID()}`));
}

/**
 * A string of about `bytes` UTF-8 bytes whose content changes along its length and that
 * has multi-byte characters, so a part stored out of order or a sequence split across
 * chunks would show.
 */
function bigText(bytes: number, seed: string): string {
  const pieces: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const piece = `${seed}:${i}:é€😀|`;
    pieces.push(piece);
    size += new TextEncoder().encode(piece).byteLength;
  }
  return pieces.join("");
}

async function countRows(stub: ReturnType<typeof freshStub>, table: "cp_chunks" | "cp_blobs"): Promise<number> {
  return runInDurableObject(stub, (_instance, state) => {
    const row = state.storage.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`).one();
    return row.n;
  });
}

const metadata = (step: number, extra: Record<string, unknown> = {}): CheckpointMetadata => ({
  source: "loop",
  step,
  parents: {},
  ...extra,
});

function checkpointWith(values: Record<string, unknown>, versions: Record<string, number>): Checkpoint {
  return { ...emptyCheckpoint(), id: uuid6(-1), channel_values: values, channel_versions: versions };
}

describe("values larger than a SQLite row", () => {
  it("round-trips a checkpoint with a 3 MB channel, a 3 MB write and large metadata", async () => {
    const stub = freshStub();
    const saver = new DurableCheckpointer({ backend: stub });
    const big = bigText(3 * MiB, "channel");
    const loose = bigText(2.5 * MiB, "unversioned");
    const note = bigText(2.2 * MiB, "metadata");
    const bigWrite = bigText(3 * MiB, "write");
    // `loose` has no channel version, so it travels inside the checkpoint row itself.
    const checkpoint = checkpointWith({ big, small: "s", loose }, { big: 1, small: 1 });
    const config = await saver.put(
      { configurable: { thread_id: "t", checkpoint_ns: "" } },
      checkpoint,
      metadata(0, { note }),
      { big: 1, small: 1 },
    );
    await saver.putWrites(
      config,
      [
        ["big", bigWrite],
        ["small", "w"],
      ],
      "task-1",
      "~",
    );

    const tuple = await saver.getTuple({ configurable: { thread_id: "t" } });
    expect(tuple?.checkpoint.id).toBe(checkpoint.id);
    expect(tuple?.checkpoint.channel_values.big === big).toBe(true);
    expect(tuple?.checkpoint.channel_values.loose === loose).toBe(true);
    expect(tuple?.checkpoint.channel_values.small).toBe("s");
    expect(tuple?.metadata?.step).toBe(0);
    expect((tuple?.metadata as Record<string, unknown> | undefined)?.note === note).toBe(true);
    expect(tuple?.pendingWrites?.length).toBe(2);
    expect(tuple?.pendingWrites?.[0]?.[2] === bigWrite).toBe(true);
    expect(tuple?.pendingWrites?.[1]).toEqual(["task-1", "small", "w"]);

    // Every large value went to chunks of at most 1 MiB.
    expect(await countRows(stub, "cp_chunks")).toBeGreaterThanOrEqual(3 + 3 + 3 + 3);
    const largest = await runInDurableObject(
      stub,
      (_instance, state) =>
        state.storage.sql.exec<{ n: number }>("SELECT MAX(LENGTH(data)) AS n FROM cp_chunks").one().n,
    );
    expect(largest).toBeLessThanOrEqual(MiB);

    const listed = [];
    for await (const t of saver.list({ configurable: { thread_id: "t" } })) listed.push(t);
    expect(listed.length).toBe(1);
    expect(listed[0]?.checkpoint.channel_values.big === big).toBe(true);
  });

  it("shares a large channel value with later checkpoints instead of storing it again", async () => {
    const stub = freshStub();
    const saver = new DurableCheckpointer({ backend: stub });
    const big = bigText(3 * MiB, "shared");
    const first = checkpointWith({ big, counter: 1 }, { big: 1, counter: 1 });
    let config = await saver.put({ configurable: { thread_id: "t" } }, first, metadata(0), { big: 1, counter: 1 });
    const chunksAfterFirst = await countRows(stub, "cp_chunks");

    for (let step = 2; step <= 5; step++) {
      const next = checkpointWith({ big, counter: step }, { big: 1, counter: step });
      config = await saver.put(config, next, metadata(step - 1), { counter: step });
    }
    expect(await countRows(stub, "cp_chunks")).toBe(chunksAfterFirst);

    const latest = await saver.getTuple({ configurable: { thread_id: "t" } });
    expect(latest?.checkpoint.channel_values.counter).toBe(5);
    expect(latest?.checkpoint.channel_values.big === big).toBe(true);
    const history = [];
    for await (const t of saver.list({ configurable: { thread_id: "t" } }))
      history.push(t.checkpoint.channel_values.counter);
    expect(history).toEqual([5, 4, 3, 2, 1]);
  });

  it("drops the chunks of a value replaced by a small one, and of a deleted thread", async () => {
    const stub = freshStub();
    const saver = new DurableCheckpointer({ backend: stub });
    const checkpoint = checkpointWith({ loose: bigText(3 * MiB, "x") }, {});
    const config = await saver.put({ configurable: { thread_id: "t" } }, checkpoint, metadata(0), {});
    expect(await countRows(stub, "cp_chunks")).toBeGreaterThan(0);

    // The same checkpoint put again (a retried put) with a small value.
    await saver.put(
      { configurable: { thread_id: "t" } },
      { ...checkpoint, channel_values: { loose: "small" } },
      metadata(0),
      {},
    );
    expect(await countRows(stub, "cp_chunks")).toBe(0);
    expect((await saver.getTuple(config))?.checkpoint.channel_values).toEqual({ loose: "small" });

    const big = checkpointWith({ big: bigText(3 * MiB, "y") }, { big: 1 });
    const bigConfig = await saver.put({ configurable: { thread_id: "gone" } }, big, metadata(0), { big: 1 });
    await saver.putWrites(bigConfig, [["big", bigText(3 * MiB, "z")]], "task");
    expect(await countRows(stub, "cp_chunks")).toBeGreaterThan(0);
    await saver.deleteThread("gone");
    expect(await countRows(stub, "cp_chunks")).toBe(0);
    expect(await countRows(stub, "cp_blobs")).toBe(0);
    expect(await saver.getTuple({ configurable: { thread_id: "gone" } })).toBeUndefined();
    expect(await saver.getTuple({ configurable: { thread_id: "t" } })).toBeDefined();
  });
});

describe("a LangGraph graph on DurableCheckpointer", () => {
  const GateState = Annotation.Root({
    log: Annotation<string[]>({ reducer: (a, b) => [...a, ...b], default: () => [] }),
    answer: Annotation<string>(),
    payload: Annotation<string>(),
  });

  /** plan → ask (a human gate) → finish; `plan` also puts a 3 MB value in the state. */
  function gateGraph(saver: DurableCheckpointer, payload: string) {
    return new StateGraph(GateState)
      .addNode("plan", () => ({ log: ["plan"], payload }))
      .addNode("ask", () => {
        const answer = interrupt<{ question: string }, string>({ question: "Proceed?" });
        return { log: ["ask"], answer };
      })
      .addNode("finish", (s: typeof GateState.State) => ({ log: [`finish:${s.answer}`] }))
      .addEdge(START, "plan")
      .addEdge("plan", "ask")
      .addEdge("ask", "finish")
      .addEdge("finish", END)
      .compile({ checkpointer: saver });
  }

  it("stops at interrupt() and resumes with a Command in a later invocation", async () => {
    const stub = freshStub();
    const payload = bigText(3 * MiB, "state");
    const config = { configurable: { thread_id: "gate" } };
    let puts = 0;
    const first = new DurableCheckpointer({
      backend: stub,
      beforePut: async () => {
        puts += 1;
      },
    });
    await gateGraph(first, payload).invoke({ log: ["start"] }, config);
    expect(puts).toBeGreaterThan(0);

    // A new invocation (the queue consumer after the person answered): new saver, new graph.
    const second = new DurableCheckpointer({ backend: stub });
    const graph = gateGraph(second, payload);
    const waiting = await graph.getState(config);
    expect(waiting.next).toEqual(["ask"]);
    expect(waiting.values.log).toEqual(["start", "plan"]);
    expect(waiting.values.payload === payload).toBe(true);
    expect(waiting.tasks[0]?.interrupts[0]?.value).toEqual({ question: "Proceed?" });

    const done = await graph.invoke(new Command({ resume: "yes" }), config);
    expect(done.log).toEqual(["start", "plan", "ask", "finish:yes"]);
    expect(done.answer).toBe("yes");
    const after = await graph.getState(config);
    expect(after.next).toEqual([]);
    expect(after.values.payload === payload).toBe(true);

    const sources: string[] = [];
    for await (const snapshot of graph.getStateHistory(config)) sources.push(String(snapshot.metadata?.source));
    expect(sources.at(-1)).toBe("input");
    expect(sources).toContain("loop");
    const inputs = [];
    for await (const t of second.list(config, { filter: { source: "input" } })) inputs.push(t);
    expect(inputs.length).toBeGreaterThan(0);
    expect(inputs.every((t) => t.metadata?.source === "input")).toBe(true);
  });

  it("continues after a crash from the last checkpoint without re-running finished nodes", async () => {
    const stub = freshStub();
    const config = { configurable: { thread_id: "crash" } };
    const runs: string[] = [];
    let crash = true;
    const State = Annotation.Root({
      log: Annotation<string[]>({ reducer: (a, b) => [...a, ...b], default: () => [] }),
    });
    const build = () =>
      new StateGraph(State)
        .addNode("one", () => {
          runs.push("one");
          return { log: ["one"] };
        })
        .addNode("two", () => {
          runs.push("two");
          if (crash) throw new Error("worker died");
          return { log: ["two"] };
        })
        .addEdge(START, "one")
        .addEdge("one", "two")
        .addEdge("two", END)
        .compile({ checkpointer: new DurableCheckpointer({ backend: stub }) });

    await expect(build().invoke({ log: [] }, config)).rejects.toThrow("worker died");
    crash = false;
    const graph = build();
    expect((await graph.getState(config)).next).toEqual(["two"]);
    const done = await graph.invoke(null, config);
    expect(done.log).toEqual(["one", "two"]);
    expect(runs).toEqual(["one", "two", "two"]);
  });

  it("keeps both branches right when the state is forked from an older checkpoint", async () => {
    const stub = freshStub();
    const config = { configurable: { thread_id: "fork" } };
    const State = Annotation.Root({ n: Annotation<string>() });
    const graph = new StateGraph(State)
      .addNode("a", () => ({ n: "a" }))
      .addNode("b", () => ({ n: "b" }))
      .addEdge(START, "a")
      .addEdge("a", "b")
      .addEdge("b", END)
      .compile({ checkpointer: new DurableCheckpointer({ backend: stub }) });
    await graph.invoke({ n: "start" }, config);
    const finalState = await graph.getState(config);
    expect(finalState.values.n).toBe("b");

    let afterA: typeof finalState | undefined;
    for await (const snapshot of graph.getStateHistory(config)) {
      if (snapshot.next.length === 1 && snapshot.next[0] === "b") afterA = snapshot;
    }
    expect(afterA?.values.n).toBe("a");
    const forkConfig = await graph.updateState(afterA?.config ?? config, { n: "forked" }, "a");

    expect((await graph.getState(forkConfig)).values.n).toBe("forked");
    expect((await graph.getState(finalState.config)).values.n).toBe("b");
    const resumed = await graph.invoke(null, forkConfig);
    expect(resumed.n).toBe("b");
    expect((await graph.getState(forkConfig)).values.n).toBe("forked");
  });
});
