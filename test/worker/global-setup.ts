/** Starts the loopback JWKS host for the worker project's Access tests and closes it at teardown. */
import type { TestProject } from "vitest/node";
import { startJwksServer, type JwksServer } from "../e2e/jwks-server";

declare module "vitest" {
  export interface ProvidedContext {
    jwksBaseUrl: string;
  }
}

let server: JwksServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  server = await startJwksServer();
  project.provide("jwksBaseUrl", server.baseUrl);
}

export async function teardown(): Promise<void> {
  await server?.close();
  server = undefined;
}
