// The Worker's upload under its budget: reads wrangler's "Total Upload" line from the output
// of `npm run check:deploy` (the file given, or stdin) and fails when the gzip figure is
// missing or over WORKER_GZIP_BUDGET_KIB, the budget the bench's sizes row reports against.
import { readFileSync } from "node:fs";
import { WORKER_GZIP_BUDGET_KIB } from "../bench/benchmarks/sizes.mjs";
import { parseTotalUpload } from "../bench/lib/worker.mjs";

const output = readFileSync(process.argv[2] ?? 0, "utf8");
const { gzip_kib, line } = parseTotalUpload(output);
if (gzip_kib === null) {
  console.error('size: no "Total Upload" line in the output of npm run check:deploy');
  process.exit(1);
}
if (gzip_kib >= WORKER_GZIP_BUDGET_KIB) {
  console.error(`size: the Worker is over its budget of ${WORKER_GZIP_BUDGET_KIB} KiB gzip: ${line}`);
  process.exit(1);
}
console.log(`size: ${line}, under the budget of ${WORKER_GZIP_BUDGET_KIB} KiB gzip`);
