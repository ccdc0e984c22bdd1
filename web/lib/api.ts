/**
 * The app's calls to its own API (same origin). Every response is parsed with the
 * contract's schema; every failure becomes an ApiError with the server's code and message.
 */
import type { z } from "zod";
import {
  CancelResponse,
  ChatAccepted,
  DecisionSetDetail,
  DecisionSetList,
  ErrorEnvelope,
  GateAccepted,
  WorkflowPlan,
  type ChatRequest,
} from "../../worker/contract/api";
import { Me, Sharing, type SharingUpdate } from "../../worker/contract/identity";
import type { AnswerValue } from "../../worker/contract/events";

export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the request never reached the server. */
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

async function request<S extends z.ZodType>(path: string, schema: S, init?: RequestInit): Promise<z.infer<S>> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers: { accept: "application/json", ...init?.headers } });
  } catch {
    throw new ApiError(0, "network", "The server could not be reached. Check your connection and try again.");
  }
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // An empty or non-JSON body: the status alone says what happened.
  }
  if (!res.ok) {
    const env = ErrorEnvelope.safeParse(body);
    if (env.success) throw new ApiError(res.status, env.data.error.code, env.data.error.message);
    throw new ApiError(res.status, "http_error", `The server answered ${res.status} ${res.statusText}`.trim());
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiError(res.status, "bad_response", `Unexpected response from ${path}`);
  return parsed.data;
}

function postJson(body: unknown): RequestInit {
  return { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

const enc = encodeURIComponent;

export const api = {
  startChat: (body: ChatRequest) => request("/api/chat/async", ChatAccepted, postJson(body)),
  listDecisionSets: () => request("/api/decision-sets", DecisionSetList),
  getDecisionSet: (id: string) => request(`/api/decision-sets/${enc(id)}`, DecisionSetDetail),
  plan: () => request("/api/workflow/plan", WorkflowPlan),
  respond: (id: string, responses: Record<string, AnswerValue>) =>
    request(`/api/decision-sets/${enc(id)}/responses`, GateAccepted, postJson({ responses })),
  approve: (id: string, decision: "approved" | "rejected", comment: string) =>
    request(
      `/api/decision-sets/${enc(id)}/approve`,
      GateAccepted,
      postJson(comment.trim() === "" ? { decision } : { decision, comment: comment.trim() }),
    ),
  cancel: (id: string) => request(`/api/decision-sets/${enc(id)}/cancel`, CancelResponse, postJson({})),
  me: () => request("/api/me", Me),
  sharing: (id: string) => request(`/api/decision-sets/${enc(id)}/sharing`, Sharing),
  setSharing: (id: string, body: SharingUpdate) =>
    request(`/api/decision-sets/${enc(id)}/sharing`, Sharing, postJson(body)),
  sharedWithMe: () => request("/api/shared-with-me", DecisionSetList),
};

/** URL of the generated code bundle. */
export function artifactsZipUrl(id: string): string {
  return `/api/decision-sets/${enc(id)}/artifacts.zip`;
}

/** The message to show a person for any thrown value. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
