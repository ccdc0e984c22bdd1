/**
 * The LLM path with the real `ChatOpenAI` client against a scripted OpenAI-compatible
 * server on loopback: valid answers (streamed and not), invalid JSON retried then given
 * up on, 429 with Retry-After and 500 retried by the client, and the MLOps graph thinking
 * with the model, falling back to the offline expert for a node whose answers stay
 * invalid (said in its reason card), with tokens streaming in LangGraph's messages mode.
 */
import { MemorySaver } from "@langchain/langgraph";
import { describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { thinkStructured } from "../../worker/workflow/llm/structured";
import { LlmConstraints, PlannerChoice } from "../../worker/workflow/llm/thinkers";
import { mlopsWorkflow } from "../../worker/workflow/mlops";
import { chatModel } from "../../worker/workflow/llm/openai";
import type { Seen, Step } from "./fake-openai";

const baseUrl = inject("llmBaseUrl");

/** Registers a script and returns a client whose every request takes its next step. */
async function scripted(
  steps: Step[],
  options: { streaming?: boolean; maxRetries?: number; timeoutMs?: number; apiKey?: string } = {},
) {
  const id = crypto.randomUUID();
  const res = await fetch(`${baseUrl}/__script`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ id, steps }),
  });
  expect(res.status).toBe(204);
  // The product's own factory: the real ChatOpenAI client, pointed at the loopback server.
  const model = chatModel({
    apiKey: options.apiKey ?? "test-key",
    model: `script:${id}`,
    baseURL: `${baseUrl}/v1`,
    streaming: options.streaming ?? false,
    maxRetries: options.maxRetries ?? 2,
    timeoutMs: options.timeoutMs ?? 10_000,
  });
  const seen = async (): Promise<Seen[]> => {
    const r = await fetch(`${baseUrl}/__seen/${encodeURIComponent(id)}`);
    return z
      .array(z.object({ stream: z.boolean(), messages: z.array(z.object({ role: z.string(), content: z.string() })) }))
      .parse(await r.json());
  };
  return { model, seen };
}

const Verdict = z.object({ answer: z.enum(["yes", "no"]), why: z.string() });
const VALID = JSON.stringify({ answer: "yes", why: "because" });

describe("structured thinking through the real client", () => {
  it("accepts a valid non-streaming answer on the first attempt", async () => {
    const { model, seen } = await scripted([{ content: VALID }]);
    const r = await thinkStructured({ model, schema: Verdict, system: "Decide.", prompt: "Is it?", config: {} });
    expect(r).toMatchObject({ ok: true, attempts: 1, value: { answer: "yes" } });
    const requests = await seen();
    expect(requests).toHaveLength(1);
    expect(requests[0]?.stream).toBe(false);
    expect(requests[0]?.messages[0]?.content).toContain("JSON Schema");
  });

  it("accepts a valid streamed answer, fenced or not", async () => {
    const { model, seen } = await scripted([{ content: "```json\n" + VALID + "\n```", chunk: 3 }], { streaming: true });
    const r = await thinkStructured({ model, schema: Verdict, system: "Decide.", prompt: "Is it?", config: {} });
    expect(r.ok).toBe(true);
    expect((await seen())[0]?.stream).toBe(true);
  });

  it("retries an invalid-JSON answer with the errors, then accepts the correction", async () => {
    const { model, seen } = await scripted([{ content: "{ answer: yes" }, { content: VALID }]);
    const r = await thinkStructured({ model, schema: Verdict, system: "Decide.", prompt: "Is it?", config: {} });
    expect(r).toMatchObject({ ok: true, attempts: 2 });
    const second = (await seen())[1]?.messages.at(-1)?.content ?? "";
    expect(second).toContain("That answer was rejected");
  });

  it("gives up after the bounded attempts when the answer never fits the schema", async () => {
    const { model, seen } = await scripted([
      { content: JSON.stringify({ answer: "maybe" }) },
      { content: "not json at all" },
    ]);
    const r = await thinkStructured({ model, schema: Verdict, system: "Decide.", prompt: "Is it?", config: {} });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/invalid output after 2 attempts/);
    expect(await seen()).toHaveLength(2);
  });

  it("waits out a 429 with Retry-After, then succeeds", async () => {
    const { model, seen } = await scripted([{ status: 429, headers: { "retry-after": "0" } }, { content: VALID }]);
    const started = Date.now();
    const r = await thinkStructured({ model, schema: Verdict, system: "Decide.", prompt: "Is it?", config: {} });
    expect(r).toMatchObject({ ok: true, attempts: 1 });
    expect(await seen()).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("retries a 500, and reports (not throws) when the server keeps failing", async () => {
    const once = await scripted([{ status: 500 }, { content: VALID }], { streaming: true });
    expect(
      (await thinkStructured({ model: once.model, schema: Verdict, system: "Decide.", prompt: "Is it?", config: {} }))
        .ok,
    ).toBe(true);
    expect(await once.seen()).toHaveLength(2);

    const always = await scripted([{ status: 500 }, { status: 500 }, { status: 500 }], { maxRetries: 1 });
    const r = await thinkStructured({
      model: always.model,
      schema: Verdict,
      system: "Decide.",
      prompt: "Is it?",
      config: {},
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/model call failed/);
    // The client's retries are bounded: one try and one retry.
    expect(await always.seen()).toHaveLength(2);
  });

  it("rejects a semantically wrong answer through the check and retries", async () => {
    const { model } = await scripted([
      { content: JSON.stringify({ pattern: "serverless", reasoning: "cheap and simple", confidence: 0.7 }) },
      { content: JSON.stringify({ pattern: "containers", reasoning: "steady latency on CPU", confidence: 0.8 }) },
    ]);
    const r = await thinkStructured({
      model,
      schema: PlannerChoice,
      system: "Choose.",
      prompt: "{}",
      config: {},
      check: (c) => (c.pattern === "serverless" ? "serverless is infeasible: no GPU" : null),
    });
    expect(r).toMatchObject({ ok: true, attempts: 2, value: { pattern: "containers" } });
  });
});

/** A complete request (no questions), so the graph's LLM calls come in a fixed order. */
/** The MLOps graph thinking with `model`, both gates on their defaults at once, checkpointed in memory. */
function offlineGates(model: ReturnType<typeof chatModel>, decisionSetId: string) {
  return mlopsWorkflow.build({
    model,
    checkpointer: new MemorySaver(),
    services: {
      decisionSetId,
      hitlTimeoutSeconds: 0,
      putArtifacts: async () => undefined,
      previousOutputs: async () => null,
    },
  });
}

const PROMPT =
  "Image classification for financial documents, high availability, PCI-DSS, budget $8,000/month, real-time API at 50 requests per second, p95 under 300 ms.";

describe("faults on the wire", () => {
  it("gives up on a server slower than the timeout, within the bounded retries", async () => {
    const { model, seen } = await scripted(
      [
        { content: VALID, delayMs: 1500 },
        { content: VALID, delayMs: 1500 },
        { content: VALID, delayMs: 1500 },
        { content: VALID, delayMs: 1500 },
      ],
      { timeoutMs: 300, maxRetries: 1 },
    );
    const started = Date.now();
    const r = await thinkStructured({ model, schema: Verdict, system: "Decide.", prompt: "Is it?", config: {} });
    expect(r.ok).toBe(false);
    // Bounded: the client's retries times the structured attempts, each cut at the timeout.
    expect((await seen()).length).toBeLessThanOrEqual(4);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("retries a stream cut off halfway and accepts the next, complete answer", async () => {
    const { model, seen } = await scripted(
      [
        { content: VALID, chunk: 4, truncate: true },
        { content: VALID, chunk: 4 },
      ],
      { streaming: true },
    );
    const r = await thinkStructured({ model, schema: Verdict, system: "Decide.", prompt: "Is it?", config: {} });
    expect(r).toMatchObject({ ok: true, value: { answer: "yes" } });
    expect((await seen()).length).toBe(2);
  });
});

describe("the MLOps graph thinking with an LLM", () => {
  it("uses the model's answers, falls back per node, and streams tokens", async () => {
    const extraction = LlmConstraints.parse({
      team_size: 6,
      team_expertise: "expert",
      training_frequency: "weekly",
      regions: ["us-east-1"],
    });
    const { model, seen } = await scripted(
      [
        { content: JSON.stringify(extraction), chunk: 5 },
        {
          content: JSON.stringify({
            pattern: "managed_platform",
            reasoning: "The team wants the registry and monitoring built in.",
            confidence: 0.8,
          }),
        },
        { content: "I think the design is fine." },
        { content: '{"summary": 3}' },
        { content: JSON.stringify({ summary: "Cost is well inside the budget.", findings: [] }) },
        {
          content: JSON.stringify({
            executive_summary:
              "A managed SageMaker design serves the document classifier privately, inside a PCI-DSS scope, well under budget.",
          }),
        },
      ],
      { streaming: true },
    );
    const graph = offlineGates(model, "llm-test");
    const configurable = { thread_id: crypto.randomUUID() };
    const input = mlopsWorkflow.input({
      messages: [{ role: "user", content: PROMPT }],
      thread_id: configurable.thread_id,
      previous_id: null,
    });
    const stream = await graph.stream(input, { configurable, streamMode: ["custom", "messages"], recursionLimit: 200 });
    const CardEvent = z.object({
      type: z.literal("reason-card"),
      data: z.object({ node: z.string(), agent: z.string(), reasoning: z.string() }),
    });
    const cards = new Map<string, { agent: string; reasoning: string }>();
    const tokensByNode = new Map<string, number>();
    for await (const chunk of stream) {
      if (!Array.isArray(chunk)) continue;
      const [mode, payload]: unknown[] = chunk;
      const card = mode === "custom" ? CardEvent.safeParse(payload) : null;
      if (card?.success === true) cards.set(card.data.data.node, card.data.data);
      if (mode === "messages" && Array.isArray(payload)) {
        const meta = z.object({ langgraph_node: z.string() }).safeParse(payload[1]);
        if (meta.success)
          tokensByNode.set(meta.data.langgraph_node, (tokensByNode.get(meta.data.langgraph_node) ?? 0) + 1);
      }
    }
    const agentOf = (node: string) => cards.get(node)?.agent;
    const reasoningOf = (node: string) => cards.get(node)?.reasoning ?? "";
    expect(agentOf("intake_extract")).toBe("LLM");
    expect(agentOf("planner")).toBe("LLM");
    expect(agentOf("critic_tech")).toBe("offline expert (LLM fallback)");
    expect(reasoningOf("critic_tech")).toMatch(/The LLM failed \(invalid output after 2 attempts/);
    expect(agentOf("critic_cost")).toBe("LLM");
    expect(agentOf("rationale_compile")).toBe("LLM");
    expect(agentOf("policy_eval")).toBe("policy_eval");
    // Tokens stream per node through LangGraph's messages mode, in more than one chunk.
    expect(tokensByNode.get("intake_extract") ?? 0).toBeGreaterThan(2);

    const { values } = await graph.getState({ configurable });
    const out = mlopsWorkflow.finish(values);
    expect(out.status).toBe("completed");
    expect(out.architecture).toMatchObject({ pattern: "managed_platform" });
    expect(out.report_markdown).toContain("A managed SageMaker design serves the document classifier privately");
    expect(out.report_markdown).toContain("the model's choice");
    // The planning prompt carries the design's cloud catalogue: roles, products, prices and their source.
    const planning = (await seen())[1]?.messages.at(-1)?.content ?? "";
    expect(planning).toContain('"catalogue"');
    expect(planning).toContain('"id":"sagemaker_endpoint","name":"SageMaker real-time endpoint"');
    expect(planning).toContain('"source":"https://aws.amazon.com/pricing/"');
  });
});

describe("secrets", () => {
  it("never puts the API key in an event, a log line, the report or the generated code", async () => {
    const planted = `sk-planted-${crypto.randomUUID()}`;
    const extraction = LlmConstraints.parse({
      team_size: 3,
      team_expertise: "intermediate",
      training_frequency: "monthly",
      regions: ["eu-west-1"],
    });
    const { model } = await scripted(
      [
        { content: JSON.stringify(extraction) },
        { content: JSON.stringify({ pattern: "serverless", reasoning: "Small and spiky.", confidence: 0.7 }) },
        { content: JSON.stringify({ summary: "Fine.", findings: [] }) },
        { content: JSON.stringify({ summary: "Cheap.", findings: [] }) },
        { content: JSON.stringify({ executive_summary: "A serverless design." }) },
      ],
      { apiKey: planted },
    );
    const logged: string[] = [];
    const original = { log: console.log, warn: console.warn, error: console.error, info: console.info };
    for (const level of ["log", "warn", "error", "info"] as const) {
      console[level] = (...args: unknown[]) => {
        logged.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
      };
    }
    const files: string[] = [];
    const events: string[] = [];
    try {
      const graph = mlopsWorkflow.build({
        model,
        checkpointer: new MemorySaver(),
        services: {
          decisionSetId: "secrets",
          hitlTimeoutSeconds: 0,
          putArtifacts: async (fs) => {
            files.push(...fs.map((f) => `${f.path}\n${f.content}`));
          },
          previousOutputs: async () => null,
        },
      });
      const configurable = { thread_id: crypto.randomUUID() };
      const input = mlopsWorkflow.input({
        messages: [{ role: "user", content: PROMPT }],
        thread_id: configurable.thread_id,
        previous_id: null,
      });
      for await (const chunk of await graph.stream(input, {
        configurable,
        streamMode: ["custom", "messages", "updates"],
        recursionLimit: 200,
      })) {
        events.push(JSON.stringify(chunk));
      }
      const { values } = await graph.getState({ configurable });
      events.push(JSON.stringify(mlopsWorkflow.finish(values)));
    } finally {
      Object.assign(console, original);
    }
    expect(events.length).toBeGreaterThan(20);
    expect(files.length).toBeGreaterThan(3);
    for (const text of [...events, ...logged, ...files]) expect(text).not.toContain(planted);
  });
});

describe("the LLM path on another cloud", () => {
  it("plans on the cloud the model read, with that cloud's catalogue, and refuses answers outside the schemas", async () => {
    const { model, seen } = await scripted([
      // A target outside the four is refused by the schema and asked again.
      { content: JSON.stringify({ cloud: "oracle", team_size: 5 }) },
      { content: JSON.stringify({ cloud: "azure", team_size: 5, team_expertise: "intermediate" }) },
      // A pattern that is not one of the candidates is refused too.
      {
        content: JSON.stringify({
          pattern: "azure_functions",
          reasoning: "Functions are the cheapest way.",
          confidence: 0.5,
        }),
      },
      {
        content: JSON.stringify({
          pattern: "containers",
          reasoning: "Container Apps keep a warm fleet inside the latency target.",
          confidence: 0.7,
        }),
      },
      { content: JSON.stringify({ summary: "The request path fits the target.", findings: [] }) },
      { content: JSON.stringify({ summary: "Cost is well inside the budget.", findings: [] }) },
      {
        content: JSON.stringify({
          executive_summary:
            "A Container Apps design on Azure scores credit risk in the Netherlands for loan officers.",
        }),
      },
    ]);
    const graph = offlineGates(model, "llm-azure");
    const configurable = { thread_id: crypto.randomUUID() };
    const input = mlopsWorkflow.input({
      messages: [
        {
          role: "user",
          content:
            "Credit risk scoring API for loan officers; everything we run is in the Microsoft stack. Hosted in the Netherlands, GDPR, 100 requests per second, p99 under 200 ms, budget $6,000 a month.",
        },
      ],
      thread_id: configurable.thread_id,
      previous_id: null,
    });
    const stream = await graph.stream(input, { configurable, streamMode: ["updates"], recursionLimit: 200 });
    for await (const chunk of stream) expect(chunk).toBeDefined();
    const { values } = await graph.getState({ configurable });
    const out = mlopsWorkflow.finish(values);
    expect(out.status).toBe("completed");
    const Arch = z.object({
      cloud: z.string(),
      pattern: z.string(),
      regions: z.object({ primary: z.string() }),
      components: z.array(z.object({ id: z.string(), name: z.string() })),
    });
    const arch = Arch.parse(out.architecture);
    expect(arch).toMatchObject({ cloud: "azure", pattern: "containers", regions: { primary: "westeurope" } });
    expect(arch.components.find((c) => c.id === "ecs_fargate")?.name).toBe("Container Apps app");
    expect(arch.components.every((c) => !/\b(?:AWS|Amazon|SageMaker)\b/.test(c.name))).toBe(true);
    expect(out.report_markdown).toContain("p99");
    const asked = await seen();
    expect(asked).toHaveLength(7);
    // The retry tells the model what was wrong; the planning prompt carries Azure's catalogue.
    expect(asked[1]?.messages.at(-1)?.content ?? "").toMatch(/cloud/);
    const planning = asked[2]?.messages.at(-1)?.content ?? "";
    expect(planning).toContain('"id":"ecs_fargate","name":"Container Apps app"');
    expect(planning).toContain('"source":"https://azure.microsoft.com/en-us/pricing/"');
    expect(planning).not.toContain("SageMaker");
    expect(asked[3]?.messages.at(-1)?.content ?? "").toMatch(/rejected: schema mismatch: pattern/);
  });
});
