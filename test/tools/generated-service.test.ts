/**
 * The generated model service runs its own checks: for one design per target, the service
 * directory is written to a temporary directory and `npm install && npm test` runs there
 * with the project's Node 22 (node_modules/.bin). Each command is bounded in time; the
 * directory is removed afterwards.
 */
import { execFile } from "node:child_process";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";
import { CLOUDS, emptyConstraints, generateRepository, planDesign, resolveRequirements } from "../../worker/expert";

const run = promisify(execFile);
const BIN = path.resolve("node_modules/.bin");
/** Upper bound on one npm command; a slow registry fails the test rather than hanging it. */
const COMMAND_MS = 240_000;
/** Output kept from a command, for the failure message. */
const OUTPUT_BYTES = 4_000_000;

describe("the generated service passes its own npm test", () => {
  test.each(CLOUDS)(
    "on %s: the containers service's own tests install and pass",
    async (cloud) => {
      const c = emptyConstraints(`Real-time fraud scoring on ${cloud}.`);
      const req = { ...resolveRequirements({ ...c, project_name: `svc-${cloud}` }), cloud };
      const { design } = planDesign(req, undefined, 0, "containers");
      const files = generateRepository(design, req);
      const docker = files.find((f) => f.path.startsWith("services/") && f.path.endsWith("/Dockerfile"));
      const dir = (docker?.path ?? "services/").slice(0, -"Dockerfile".length);
      const service = files.filter((f) => f.path.startsWith(dir));
      expect(service.map((f) => f.path)).toContain(`${dir}package.json`);
      const root = await mkdtemp(path.join(tmpdir(), "rs-service-"));
      try {
        for (const f of service) {
          const target = path.join(root, f.path.slice(dir.length));
          await mkdir(path.dirname(target), { recursive: true });
          await writeFile(target, f.content);
        }
        const env = { ...process.env, PATH: `${BIN}${path.delimiter}${process.env.PATH ?? ""}` };
        const opts = { cwd: root, env, timeout: COMMAND_MS, maxBuffer: OUTPUT_BYTES };
        await run("npm", ["install", "--no-audit", "--no-fund"], opts);
        const { stdout } = await run("npm", ["test"], opts).catch((err: unknown) => {
          const out = err !== null && typeof err === "object" && "stdout" in err ? String(err.stdout) : "";
          const errOut = err !== null && typeof err === "object" && "stderr" in err ? String(err.stderr) : "";
          throw new Error(`npm test failed:\n${out.slice(-3000)}\n${errOut.slice(-3000)}`, { cause: err });
        });
        // node --test's summary: TAP ("# pass 3") or, from Node 24 on, its spec reporter ("ℹ pass 3").
        expect(stdout).toMatch(/^[#ℹ] pass [1-9]/m);
        expect(stdout).toMatch(/^[#ℹ] fail 0$/m);
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    },
    2 * COMMAND_MS + 30_000,
  );
});
