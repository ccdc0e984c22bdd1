import { describe, expect, it } from "vitest";
import { app, openApiDocument } from "../../worker/api/app";
import { assertConforms, checkedApi, definitions } from "./contract";

const METHODS = ["get", "post", "put", "patch", "delete", "head", "options"] as const;

/** `get /api/x/{id}` for every operation in the document. */
function documented(): string[] {
  const out: string[] = [];
  for (const [path, item] of Object.entries(openApiDocument().paths ?? {})) {
    for (const method of METHODS) if (item[method] !== undefined) out.push(`${method} ${path}`);
  }
  return out.toSorted();
}

describe("the route table and the OpenAPI document", () => {
  it("answer the same operations: every route the app registers is documented, and every documented one is answered", () => {
    // Middleware is registered for ALL methods; each handler of a route appears once per method and path.
    const answered = [
      ...new Set(
        app.routes
          .filter((r) => r.method !== "ALL")
          .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, "{$1}")}`),
      ),
    ].toSorted();
    expect(answered.length).toBeGreaterThan(10);
    expect(answered).toEqual(documented());
  });

  it("holds every definition of the contract (the web client's and the LangGraph sub-app's), and nothing else", () => {
    const defined = definitions.map((d) => `${d.definition.method} ${d.path}`).toSorted();
    expect(defined).toEqual(documented());
    expect(defined).toContain("get /api/langgraph/threads/{thread_id}/runs/{run_id}/stream");
  });

  it("documents the LangGraph streams as event streams and the cancel without a body", () => {
    const paths = openApiDocument().paths ?? {};
    const join = paths["/api/langgraph/threads/{thread_id}/runs/{run_id}/stream"]?.get?.responses ?? {};
    expect(Object.keys(join["200"]?.content ?? {})).toEqual(["text/event-stream"]);
    const stream = paths["/api/langgraph/threads/{thread_id}/runs/stream"]?.post?.responses ?? {};
    expect(Object.keys(stream["200"]?.content ?? {})).toEqual(["text/event-stream"]);
    expect(JSON.stringify(stream["422"]?.content)).toContain('"error"');
    const cancel = paths["/api/langgraph/threads/{thread_id}/runs/{run_id}/cancel"]?.post?.responses ?? {};
    expect(cancel["202"]?.content).toBeUndefined();
  });

  it("documents the stream, the zip and the responses without a body with their content types", () => {
    const paths = openApiDocument().paths ?? {};
    const stream = paths["/api/streams/{id}"]?.get?.responses ?? {};
    expect(Object.keys(stream["200"]?.content ?? {})).toEqual(["text/event-stream"]);
    expect(stream["204"]?.content).toBeUndefined();
    const zip = paths["/api/decision-sets/{id}/artifacts.zip"]?.get?.responses ?? {};
    expect(Object.keys(zip["200"]?.content ?? {})).toEqual(["application/zip"]);
    const chat = paths["/api/chat/async"]?.post?.responses ?? {};
    expect(Object.keys(chat["202"]?.content ?? {})).toEqual(["application/json"]);
    for (const status of ["400", "413", "415", "429"]) {
      expect(JSON.stringify(chat[status]?.content)).toContain('"error"');
    }
  });
});

describe("validation failures", () => {
  const cases: [string, string, unknown?][] = [
    ["a query out of range", "/api/decision-sets?limit=0"],
    ["an unknown query field", "/api/decision-sets?admin=1"],
    ["a path id that is not a UUID", "/api/decision-sets/not-a-uuid/events"],
    ["a cursor that is not a number", `/api/decision-sets/${crypto.randomUUID()}/events?after=x`],
    ["a body of the wrong shape", `/api/decision-sets/${crypto.randomUUID()}/approve`, { decision: "maybe" }],
    [
      "a sharing setting it does not know",
      `/api/decision-sets/${crypto.randomUUID()}/sharing`,
      { link: "public", people: [] },
    ],
    ["a shared-with-me limit out of range", "/api/shared-with-me?limit=1000"],
  ];
  for (const [name, path, body] of cases) {
    it(`answer ${name} with the project's 400 envelope naming the field, not the library's body`, async () => {
      const res = await checkedApi(path, body === undefined ? {} : { body });
      expect(res.status).toBe(400);
      const json = await res.json<{ error: { code: string; message: string } }>();
      expect(Object.keys(json)).toEqual(["error"]);
      expect(json.error.code).toBe("invalid_request");
      expect(json.error.message).toMatch(/^(query|param|json)(\.\w+)*: /);
    });
  }
});

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("the contract check", () => {
  it("refuses a body that does not match the schema declared for its status", async () => {
    await expect(assertConforms("GET", "/api/decision-sets", json(200, { decision_sets: [{}] }))).rejects.toThrow(
      /does not match listDecisionSets/,
    );
    await expect(
      assertConforms("GET", "/api/decision-sets", json(200, { decision_sets: [] })),
    ).resolves.toBeUndefined();
  });

  it("refuses a status the route does not declare, and a content type it does not declare", async () => {
    await expect(
      assertConforms("GET", "/api/workflow/plan", json(409, { error: { code: "x", message: "y" } })),
    ).rejects.toThrow(/declares no 409/);
    const text = new Response("PK", { status: 200, headers: { "content-type": "text/plain" } });
    await expect(
      assertConforms("GET", `/api/decision-sets/${crypto.randomUUID()}/artifacts.zip`, text),
    ).rejects.toThrow(/content-type text\/plain/);
  });
});
