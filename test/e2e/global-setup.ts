/**
 * Starts one dev server for the e2e project and provides its base URL to the tests. Every
 * state directory the e2e tests make goes under one directory for the run (RS_E2E_TMP, which
 * the test processes inherit), removed with all of it when the run ends.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { freshState, removeState, startDevServer, stopDevServer, type DevServer } from "./server";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    stateDir: string;
  }
}

let server: DevServer | undefined;
let runDir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  runDir = mkdtempSync(path.join(tmpdir(), "reasonstream-e2e-"));
  process.env.RS_E2E_TMP = runDir;
  const stateDir = freshState(runDir);
  server = await startDevServer(stateDir);
  project.provide("baseUrl", server.baseUrl);
  project.provide("stateDir", stateDir);
}

export async function teardown(): Promise<void> {
  if (server !== undefined) await stopDevServer(server);
  if (runDir !== undefined) removeState(runDir);
}
