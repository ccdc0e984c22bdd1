/** Sizes: the Worker bundle and the web app's JS and CSS, gzip. */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { fmt, verdict } from "../lib/format.mjs";
import { log } from "../lib/harness.mjs";
import { BUILD_DIR, dryRunSize } from "../lib/worker.mjs";

/** Worker bundle as wrangler reports it; web JS and CSS gzip, first screen and all. */
export async function benchSizes() {
  const worker = await dryRunSize();
  const clientDir = path.join(BUILD_DIR, "client");
  const html = readFileSync(path.join(clientDir, "index.html"), "utf8");
  const firstScreen = new Set([...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]));
  const web = { js_first_kib: 0, css_first_kib: 0, js_all_kib: 0, css_all_kib: 0, files: 0 };
  for (const file of readdirSync(path.join(clientDir, "assets"))) {
    const ext = path.extname(file).slice(1);
    if (ext !== "js" && ext !== "css") continue;
    const kib = gzipSync(readFileSync(path.join(clientDir, "assets", file)), { level: 9 }).length / 1024;
    web[`${ext}_all_kib`] += kib;
    if (firstScreen.has(`assets/${file}`)) web[`${ext}_first_kib`] += kib;
    web.files++;
  }
  log(`sizes: worker ${worker.gzip_kib} KiB gzip, web JS first screen ${fmt(web.js_first_kib)} KiB gzip`);
  return { worker, web };
}

/**
 * The size rows.
 * @param {Record<string, any>} r the run's results
 * @param {(...cells: string[]) => void} row adds one table row
 */
export function sizesRows(r, row) {
  if (r.sizes) {
    const s = r.sizes;
    row(
      "size",
      "Worker bundle (wrangler deploy --dry-run)",
      `${fmt(s.worker.gzip_kib)} KiB gzip (${fmt(s.worker.upload_kib)} KiB)`,
      "–",
      "–",
      "",
      `< 1 MiB: ${verdict((s.worker.gzip_kib ?? Infinity) < 1024)}`,
    );
    row(
      "size",
      "web JS / CSS, first screen",
      `${fmt(s.web.js_first_kib)} / ${fmt(s.web.css_first_kib)} KiB gzip`,
      "–",
      "–",
      `all assets: ${fmt(s.web.js_all_kib)} / ${fmt(s.web.css_all_kib)} KiB gzip`,
      `JS < 200 KiB: ${verdict(s.web.js_first_kib < 200)}`,
    );
  }
}
