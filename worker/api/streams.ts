/**
 * `GET /api/streams/:id`: the SSE stream. The cursor is the Last-Event-ID header (what
 * EventSource sends on its own reconnects) or `?last_event_id=` (a page that remembers it).
 */
import { Cursor, routes } from "../contract/api";
import { readConfig } from "../config";
import { openStream } from "../stream/edge";
import { typeFilter } from "../stream/filter";
import { regionOf } from "../stream/relay-route";
import { ApiError, notFound } from "../http/errors";
import { router } from "../http/validate";

export const streams = router().openapi(routes.stream, async (c) => {
  const header = c.req.header("last-event-id");
  let after = c.req.valid("query").last_event_id ?? 0;
  if (header !== undefined && header.trim() !== "") {
    const parsed = Cursor.safeParse(header.trim());
    if (!parsed.success) throw new ApiError(400, "invalid_request", "Last-Event-ID: must be a non-negative integer");
    // The header is what EventSource itself keeps: it is the newer of the two.
    after = Math.max(after, parsed.data);
  }
  const result = await openStream(
    c.env,
    c.req.valid("param").id,
    after,
    readConfig(c.env).HEARTBEAT_MS,
    c.req.raw.signal,
    typeFilter(c.req.valid("query").types),
    regionOf(c.req.raw.cf),
  );
  switch (result.kind) {
    case "not-found":
      throw notFound("decision set");
    case "bad-cursor":
      throw new ApiError(400, "invalid_request", "cursor is ahead of the stream");
    case "no-content":
      return c.body(null, 204);
    case "stream":
      return result.response;
  }
});
