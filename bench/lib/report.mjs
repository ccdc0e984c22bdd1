/** The table of a run, from its results: printed, and written to bench/results/latest.{md,json}. */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { capacityRows } from "../benchmarks/capacity.mjs";
import { devRows } from "../benchmarks/dev.mjs";
import { disconnectRows } from "../benchmarks/disconnect.mjs";
import { fanoutRows } from "../benchmarks/fanout.mjs";
import { manyRows } from "../benchmarks/many.mjs";
import { memoryRows } from "../benchmarks/memory.mjs";
import { relayRows } from "../benchmarks/relay.mjs";
import { replayRows } from "../benchmarks/replay.mjs";
import { sizesRows } from "../benchmarks/sizes.mjs";
import { storageRows, workflowRows } from "../benchmarks/workflow.mjs";
import { elapsedS, log } from "./harness.mjs";
import { hostLine } from "./host.mjs";
import { PLAN } from "./plan.mjs";
import { floorTable, targetsTable } from "./targets.mjs";
import { ROOT } from "./worker.mjs";

/** Each benchmark's rows, in the table's order. */
const SECTIONS = [
  fanoutRows,
  capacityRows,
  manyRows,
  relayRows,
  replayRows,
  disconnectRows,
  devRows,
  workflowRows,
  sizesRows,
  storageRows,
  memoryRows,
];

function table(r) {
  const rows = [];
  const row = (...cells) => rows.push(`| ${cells.join(" | ")} |`);
  for (const section of SECTIONS) section(r, row);
  return [
    "| benchmark | case | product (p50 / p99 / max) | baseline | ratio p50 · p99 | checks | target |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

/** The header and table of a run: printed, and written to bench/results/latest.{md,json} unless re-rendered. */
export function writeReport(results, save = true) {
  const repeats = results.mode === "quick" ? 2 : 3;
  const header = [
    `## Benchmark (${PLAN.mode}) — ${results.started.slice(0, 16).replace("T", " ")} UTC`,
    "",
    `${hostLine(results.machine, results.load_after)}. ` +
      `Product: the Worker built from ${results.git === null ? "this tree" : `${results.git.head}${results.git.dirty > 0 ? ` (+${results.git.dirty} uncommitted files)` : ""}`}, in workerd via Miniflare (no dev proxy), the objects' SQLite on ${results.machine.object_storage ?? "disk"}. Baseline: a bare Node \`http\` SSE broadcaster. ` +
      `Latencies are emit → receipt in SSE clients, medians over ${repeats} repeats; lost/late/dup are product/baseline.`,
    "",
    "",
  ].join("\n");
  const runFailures = results.failures ?? [];
  const failed =
    runFailures.length === 0
      ? ""
      : `\nHarness failures (the exit code is 1):\n${runFailures.map((f) => `- ${f.name}: ${f.error.split("\n")[0]}`).join("\n")}\n`;
  const text = `${header}${table(results)}\n${targetsTable(results)}${floorTable(results)}${failed}`;
  process.stdout.write(text);
  if (!save) return;
  const outDir = path.join(ROOT, "bench/results");
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, "latest.md"), text);
  writeFileSync(path.join(outDir, "latest.json"), `${JSON.stringify(results, null, 2)}\n`);
  log(`done in ${elapsedS().toFixed(0)} s; written to bench/results/latest.{md,json}`);
}
