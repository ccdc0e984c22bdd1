/** `GET /api/openapi.json`: the OpenAPI document, generated from the same zod schemas that validate. */
import { Hono } from "hono";
import { z, type ZodType } from "zod";
import * as api from "../contract/api";
import type { AppEnv } from "./types";

const json = (schema: ZodType) => ({
  "application/json": { schema: z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) },
});
const error = (description: string) => ({ description, content: json(api.ErrorEnvelope) });
const idParam = (name: string) => ({ name, in: "path", required: true, schema: { type: "string", format: "uuid" } });
const ok = (schema: ZodType, description = "OK") => ({ description, content: json(schema) });

/** Builds the document (pure: the tests compare it with the routes). */
export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: "3.1.0",
    info: { title: "Reasonstream API", version: "1.0.0" },
    paths: {
      "/api/chat/async": {
        post: {
          summary: "Start a workflow from a chat message",
          requestBody: { required: true, content: json(api.ChatRequest) },
          responses: {
            202: ok(api.ChatAccepted, "Accepted"),
            400: error("Invalid request"),
            413: error("Too large"),
            415: error("Not JSON"),
          },
        },
      },
      "/api/jobs/{job_id}/status": {
        get: {
          parameters: [idParam("job_id")],
          responses: { 200: ok(api.JobStatusResponse), 404: error("Unknown job") },
        },
      },
      "/api/decision-sets": { get: { responses: { 200: ok(api.DecisionSetList) } } },
      "/api/decision-sets/{id}": {
        get: {
          parameters: [idParam("id")],
          responses: { 200: ok(api.DecisionSetDetail), 404: error("Unknown decision set") },
        },
      },
      "/api/decision-sets/{id}/events": {
        get: {
          parameters: [idParam("id"), { name: "after", in: "query", schema: { type: "integer", minimum: 0 } }],
          responses: { 200: ok(api.EventsResponse), 400: error("Bad cursor"), 404: error("Unknown decision set") },
        },
      },
      "/api/decision-sets/{id}/responses": {
        post: {
          parameters: [idParam("id")],
          requestBody: { required: true, content: json(api.ResponsesRequest) },
          responses: {
            202: ok(api.GateAccepted, "Accepted"),
            403: error("Not yours"),
            404: error("Unknown"),
            409: error("No open questions"),
          },
        },
      },
      "/api/decision-sets/{id}/approve": {
        post: {
          parameters: [idParam("id")],
          requestBody: { required: true, content: json(api.ApproveRequest) },
          responses: {
            202: ok(api.GateAccepted, "Accepted"),
            403: error("Not yours"),
            404: error("Unknown"),
            409: error("No open approval"),
          },
        },
      },
      "/api/decision-sets/{id}/cancel": {
        post: {
          parameters: [idParam("id")],
          responses: {
            200: ok(api.CancelResponse),
            403: error("Not yours"),
            404: error("Unknown"),
            409: error("Already ended"),
          },
        },
      },
      "/api/decision-sets/{id}/artifacts.zip": {
        get: {
          parameters: [idParam("id")],
          responses: {
            200: { description: "The generated code", content: { "application/zip": {} } },
            404: error("Unknown"),
            409: error("Not generated yet"),
          },
        },
      },
      "/api/streams/{id}": {
        get: {
          summary: "Server-Sent Events stream with replay (Last-Event-ID or ?last_event_id=)",
          parameters: [idParam("id"), { name: "last_event_id", in: "query", schema: { type: "integer", minimum: 0 } }],
          responses: {
            200: { description: "The event stream", content: { "text/event-stream": {} } },
            204: { description: "The workflow has ended and the cursor has everything" },
            400: error("Bad cursor"),
            404: error("Unknown decision set"),
          },
        },
      },
      "/api/workflow/plan": { get: { responses: { 200: ok(api.WorkflowPlan) } } },
    },
  };
}

export const openapi = new Hono<AppEnv>().get("/openapi.json", (c) => c.json(openApiDocument()));
