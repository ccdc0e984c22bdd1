/**
 * The hostile-input table: requests over every endpoint that must each get a 4xx in the
 * error envelope and change nothing. The workerd suite sends them to the Worker directly;
 * the end-to-end suites send them over HTTP through the dev and preview servers.
 */
import { LIMITS } from "../../worker/contract/api";

export interface HostileCase {
  name: string;
  method?: string;
  path: string | ((id: string) => string);
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  /** Expected status; any 4xx when omitted. */
  status?: number;
}

const msg = (content: unknown, extra: Record<string, unknown> = {}) => ({
  messages: [{ role: "user", content }],
  ...extra,
});
const big = "x".repeat(LIMITS.MAX_BODY_BYTES + 10);

export const hostileCases: HostileCase[] = [
  // POST /api/chat/async: shape, types, sizes, unicode
  { name: "chat: malformed JSON", path: "/api/chat/async", raw: "{" },
  { name: "chat: JSON array", path: "/api/chat/async", body: [1, 2] },
  { name: "chat: JSON string", path: "/api/chat/async", raw: '"hello"' },
  { name: "chat: JSON null", path: "/api/chat/async", raw: "null" },
  { name: "chat: empty body", path: "/api/chat/async", raw: "" },
  { name: "chat: messages missing", path: "/api/chat/async", body: {} },
  { name: "chat: messages null", path: "/api/chat/async", body: { messages: null } },
  { name: "chat: messages object", path: "/api/chat/async", body: { messages: { role: "user" } } },
  { name: "chat: message content number", path: "/api/chat/async", body: msg(42) },
  { name: "chat: message content object", path: "/api/chat/async", body: msg({ $gt: "" }) },
  { name: "chat: content null", path: "/api/chat/async", body: msg(null) },
  { name: "chat: content whitespace", path: "/api/chat/async", body: msg("\n\t  ") },
  {
    name: "chat: content over limit",
    path: "/api/chat/async",
    body: msg("é".repeat(LIMITS.MAX_CHAT_MESSAGE_CHARS + 1)),
  },
  {
    name: "chat: too many messages",
    path: "/api/chat/async",
    body: { messages: Array.from({ length: LIMITS.MAX_MESSAGES + 1 }, () => ({ role: "user", content: "a" })) },
  },
  { name: "chat: unknown top-level field", path: "/api/chat/async", body: msg("hi", { priority: "urgent" }) },
  {
    name: "chat: unknown message field",
    path: "/api/chat/async",
    body: { messages: [{ role: "user", content: "hi", name: "x" }] },
  },
  {
    name: "chat: __proto__ field",
    path: "/api/chat/async",
    raw: '{"messages":[{"role":"user","content":"hi"}],"__proto__":{"admin":true}}',
  },
  { name: "chat: role tool", path: "/api/chat/async", body: { messages: [{ role: "tool", content: "hi" }] } },
  { name: "chat: thread_id number", path: "/api/chat/async", body: msg("hi", { thread_id: 7 }) },
  { name: "chat: thread_id traversal", path: "/api/chat/async", body: msg("hi", { thread_id: "../../../etc/passwd" }) },
  {
    name: "chat: thread_id uuid v1",
    path: "/api/chat/async",
    body: msg("hi", { thread_id: "c232ab00-9414-11ec-b3c8-9f6bdeced846" }),
  },
  {
    name: "chat: lone surrogate JSON",
    path: "/api/chat/async",
    raw: '{"messages":[{"role":"user","content":"\\ud800"}],"x":1}',
  },
  { name: "chat: body over size", path: "/api/chat/async", raw: JSON.stringify(msg(big)), status: 413 },
  { name: "chat: deeply nested JSON", path: "/api/chat/async", raw: `${"[".repeat(5000)}${"]".repeat(5000)}` },
  {
    name: "chat: text/plain",
    path: "/api/chat/async",
    raw: JSON.stringify(msg("hi")),
    headers: { "content-type": "text/plain" },
    status: 415,
  },
  {
    name: "chat: form encoded",
    path: "/api/chat/async",
    raw: "messages=hi",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    status: 415,
  },
  {
    name: "chat: no content type",
    path: "/api/chat/async",
    raw: JSON.stringify(msg("hi")),
    headers: { "content-type": "" },
    status: 415,
  },
  {
    name: "chat: multipart",
    path: "/api/chat/async",
    raw: "--b\r\n\r\n--b--",
    headers: { "content-type": "multipart/form-data; boundary=b" },
    status: 415,
  },
  { name: "chat: GET", method: "GET", path: "/api/chat/async", status: 404 },
  { name: "chat: PUT", method: "PUT", path: "/api/chat/async", body: msg("hi"), status: 404 },
  { name: "chat: DELETE", method: "DELETE", path: "/api/chat/async", status: 404 },
  // ids in paths
  { name: "decision set: traversal id", path: "/api/decision-sets/..%2f..%2fetc%2fpasswd", status: 400 },
  { name: "decision set: dot-dot segment", path: "/api/decision-sets/../jobs", status: 404 },
  { name: "decision set: SQL in id", path: "/api/decision-sets/1'%20OR%20'1'='1", status: 400 },
  { name: "decision set: unicode id", path: "/api/decision-sets/%E2%80%AE%F0%9F%92%A9", status: 400 },
  { name: "decision set: NUL in id", path: "/api/decision-sets/%00", status: 400 },
  {
    name: "decision set: upper-case uuid (another id)",
    path: (x) => `/api/decision-sets/${x.toUpperCase()}`,
    status: 404,
  },
  { name: "decision set: uuid with suffix", path: (x) => `/api/decision-sets/${x}x`, status: 400 },
  { name: "decision set: very long id", path: `/api/decision-sets/${"a".repeat(5000)}`, status: 400 },
  { name: "jobs: bad id", path: "/api/jobs/not-a-job/status", status: 400 },
  { name: "stream: dot-dot id (normalised away)", path: "/api/streams/%2e%2e", status: 404 },
  { name: "stream: bad id", path: "/api/streams/abc", status: 400 },
  // cursors
  { name: "events: negative cursor", path: (x) => `/api/decision-sets/${x}/events?after=-1`, status: 400 },
  {
    name: "events: enormous cursor",
    path: (x) => `/api/decision-sets/${x}/events?after=99999999999999999999`,
    status: 400,
  },
  {
    name: "events: cursor beyond stream",
    path: (x) => `/api/decision-sets/${x}/events?after=9007199254740991`,
    status: 400,
  },
  { name: "events: float cursor", path: (x) => `/api/decision-sets/${x}/events?after=1.5`, status: 400 },
  { name: "events: hex cursor", path: (x) => `/api/decision-sets/${x}/events?after=0x10`, status: 400 },
  { name: "events: unknown query", path: (x) => `/api/decision-sets/${x}/events?after=1&evil=1`, status: 400 },
  { name: "stream: negative last_event_id", path: (x) => `/api/streams/${x}?last_event_id=-5`, status: 400 },
  { name: "stream: enormous last_event_id", path: (x) => `/api/streams/${x}?last_event_id=1e309`, status: 400 },
  { name: "stream: cursor ahead", path: (x) => `/api/streams/${x}?last_event_id=999999`, status: 400 },
  {
    name: "stream: Last-Event-ID text",
    path: (x) => `/api/streams/${x}`,
    headers: { "last-event-id": "abc" },
    status: 400,
  },
  {
    name: "stream: Last-Event-ID header injection",
    path: (x) => `/api/streams/${x}`,
    headers: { "last-event-id": "1\tevent: evil" },
    status: 400,
  },
  {
    name: "stream: Last-Event-ID negative",
    path: (x) => `/api/streams/${x}`,
    headers: { "last-event-id": "-1" },
    status: 400,
  },
  {
    name: "stream: Last-Event-ID huge",
    path: (x) => `/api/streams/${x}`,
    headers: { "last-event-id": "123456789012345678901234567890" },
    status: 400,
  },
  { name: "list: limit zero", path: "/api/decision-sets?limit=0", status: 400 },
  { name: "list: limit huge", path: "/api/decision-sets?limit=100000", status: 400 },
  { name: "list: limit text", path: "/api/decision-sets?limit=all", status: 400 },
  // gates and cancel, with the owner's cookie
  { name: "responses: not JSON", path: (x) => `/api/decision-sets/${x}/responses`, raw: "yes" },
  { name: "responses: missing", path: (x) => `/api/decision-sets/${x}/responses`, body: {} },
  { name: "responses: array", path: (x) => `/api/decision-sets/${x}/responses`, body: { responses: ["a"] } },
  {
    name: "responses: nested object value",
    path: (x) => `/api/decision-sets/${x}/responses`,
    body: { responses: { q: { a: 1 } } },
  },
  {
    name: "responses: huge value",
    path: (x) => `/api/decision-sets/${x}/responses`,
    body: { responses: { q: "z".repeat(3000) } },
  },
  {
    name: "responses: too many",
    path: (x) => `/api/decision-sets/${x}/responses`,
    body: { responses: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`q${i}`, i])) },
  },
  {
    name: "responses: unknown field",
    path: (x) => `/api/decision-sets/${x}/responses`,
    body: { responses: {}, extra: 1 },
  },
  { name: "approve: bad decision", path: (x) => `/api/decision-sets/${x}/approve`, body: { decision: "maybe" } },
  {
    name: "approve: comment too long",
    path: (x) => `/api/decision-sets/${x}/approve`,
    body: { decision: "approved", comment: "c".repeat(LIMITS.MAX_COMMENT_CHARS + 1) },
  },
  { name: "approve: decision boolean", path: (x) => `/api/decision-sets/${x}/approve`, body: { decision: true } },
  {
    name: "approve: when no gate is open",
    path: (x) => `/api/decision-sets/${x}/approve`,
    body: { decision: "approved" },
    status: 409,
  },
  { name: "cancel: GET", method: "GET", path: (x) => `/api/decision-sets/${x}/cancel`, status: 404 },
  {
    name: "cancel: text/plain",
    path: (x) => `/api/decision-sets/${x}/cancel`,
    raw: "",
    headers: { "content-type": "text/plain" },
    status: 415,
  },
  {
    name: "artifacts: unknown id",
    path: "/api/decision-sets/7f0c0d7e-8a1b-4c2d-9e3f-0a1b2c3d4e5f/artifacts.zip",
    status: 404,
  },
  { name: "unknown api route", path: "/api/admin", status: 404 },
  { name: "unknown api method", method: "PATCH", path: "/api/workflow/plan", status: 404 },
];

/** The case's path, for the decision set `id` the table's id-dependent cases point at. */
export function casePath(c: HostileCase, id: string): string {
  return typeof c.path === "function" ? c.path(id) : c.path;
}

/** The case's method: as given, else POST when it has a body and GET when it has none. */
export function caseMethod(c: HostileCase): string {
  return c.method ?? (c.body === undefined && c.raw === undefined ? "GET" : "POST");
}

/** The bytes the case sends, if any. */
export function caseBody(c: HostileCase): string | undefined {
  return c.raw ?? (c.body === undefined ? undefined : JSON.stringify(c.body));
}
