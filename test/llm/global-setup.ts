/** Starts the fake OpenAI-compatible server for the llm project and closes it at teardown. */
import type { TestProject } from "vitest/node";
import { startFakeOpenAI, type FakeOpenAI } from "./fake-openai";

declare module "vitest" {
  export interface ProvidedContext {
    llmBaseUrl: string;
  }
}

let server: FakeOpenAI | undefined;

export async function setup(project: TestProject): Promise<void> {
  server = await startFakeOpenAI();
  project.provide("llmBaseUrl", server.baseUrl);
}

export async function teardown(): Promise<void> {
  await server?.close();
  server = undefined;
}
