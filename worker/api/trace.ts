/**
 * `GET /api/decision-sets/:id/trace.jsonl`: a run's trace, streamed a page at a time from
 * its object. Each line is an envelope exactly as the stream sends it, so a file replays
 * through the same parser and reducer as a live run.
 */
import { Id, routes } from "../contract/api";
import { decisionSetStub } from "../stream/stub";
import { ApiError, notFound } from "../http/errors";
import { router } from "../http/validate";

const encoder = new TextEncoder();

export const trace = router();

// `.openapi()` types a handler's answer from its declared content type, and reads any
// `application/…json` type as JSON: an NDJSON stream cannot satisfy it. The definition is
// registered for the document as it is, and the handler checks the id with the same schema.
trace.openAPIRegistry.registerPath(routes.trace);
trace.get("/decision-sets/:id/trace.jsonl", async (c) => {
  const parsed = Id.safeParse(c.req.param("id"));
  if (!parsed.success) throw new ApiError(400, "invalid_request", "param.id: must be a UUIDv4");
  const id = parsed.data;
  const stub = decisionSetStub(c.env, id);
  // The first page is read before the response starts, so an unknown id is a clean 404.
  const first = await stub.tracePage(0, null);
  if (first === null) throw notFound("decision set");
  let page: typeof first | null = first;
  let finished = false;
  // Pulled: the next page is read only when the client has taken the last one, so a slow
  // download holds one page in memory, not the whole history.
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (finished) return;
      if (page === null || "trimmed" in page) {
        controller.error(new Error("history was trimmed while the trace was read; export it again"));
        return;
      }
      if (page.lines.length > 0) controller.enqueue(encoder.encode(page.lines.join("\n") + "\n"));
      if (page.done || page.lines.length === 0) {
        finished = true;
        controller.close();
        return;
      }
      page = await stub.tracePage(page.next, page.up_to);
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="trace-${id}.jsonl"`,
      "cache-control": "no-store",
    },
  });
});
