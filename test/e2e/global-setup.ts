/** Starts one dev server for the e2e project and provides its base URL to the tests. */
import type { TestProject } from "vitest/node";
import { freshState, startDevServer, stopDevServer, type DevServer } from "./server";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    stateDir: string;
  }
}

let server: DevServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  const stateDir = freshState();
  server = await startDevServer(stateDir);
  project.provide("baseUrl", server.baseUrl);
  project.provide("stateDir", stateDir);
}

export async function teardown(): Promise<void> {
  if (server !== undefined) await stopDevServer(server);
}
