/**
 * The product's workflow end to end, offline: POST a chat, the real queue runs the MLOps
 * graph, it pauses at the input gate, is answered (by a person, or by the deadline alarm
 * with the defaults), pauses at the approval gate, is approved or rejected, and ends with
 * `workflow-complete` whose report is also served by GET /api/decision-sets/:id.
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { WorkflowView } from "../../worker/contract/reduce";
import { decisionSetStub } from "../../worker/stream/stub";
import { api } from "./helpers";

interface Started {
  id: string;
  jobId: string;
  cookie: string;
}

async function post(content: string): Promise<Started> {
  const res = await api("/api/chat/async", { body: { messages: [{ role: "user", content }] } });
  expect(res.status).toBe(202);
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const body = await res.json<{ decision_set_id: string; job_id: string }>();
  return { id: body.decision_set_id, jobId: body.job_id, cookie };
}

/** The decision set's view: every event so far reduced, whatever history was trimmed. */
async function view(id: string): Promise<WorkflowView> {
  const v = await decisionSetStub(env, id).view();
  if (v === null) throw new Error("no decision set");
  return v;
}

/** Polls the view until `until` holds (the queue runs the job in the background). */
async function waitFor(id: string, until: (v: WorkflowView) => boolean, timeoutMs = 20_000): Promise<WorkflowView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await view(id);
    if (until(v)) return v;
    if (Date.now() > deadline)
      throw new Error(`timed out at status ${v.status}, steps ${v.steps.map((x) => x.node).join(",")}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until the job is paused: the invocation that opened the gate has finished. */
async function waitPaused(s: Started, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await api(`/api/jobs/${s.jobId}/status`, { headers: { cookie: s.cookie } });
    const body = await res.json<{ status: string }>();
    if (body.status === "paused") return;
    if (Date.now() > deadline) throw new Error(`job is ${body.status}, not paused`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const pausedAtFinal = (v: WorkflowView) => v.approval !== undefined;
const ended = (v: WorkflowView) => v.final_outputs !== undefined;

/** The retained events: seqs contiguous and ending at the view's last seq. */
async function checkSeqs(id: string, v: WorkflowView): Promise<void> {
  const page = await decisionSetStub(env, id).eventsAfter(0);
  const seqs = (page?.events ?? []).map((e) => e.seq ?? 0);
  expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] ?? 1) + i));
  expect(seqs.at(-1)).toBe(v.last_seq);
}

afterEach(() => {
  vi.useRealTimers();
});

describe("POST to workflow-complete through both gates", () => {
  it("runs with a person's answers and approval", async () => {
    const s = await post("A sentiment model for product reviews.");
    let v = await waitFor(s.id, (x) => x.questions !== undefined);
    expect(v.questions?.questions.map((q) => q.id)).toContain("workload_types");
    await waitPaused(s);

    const answered = await api(`/api/decision-sets/${s.id}/responses`, {
      body: {
        responses: {
          workload_types: "batch scoring",
          budget_monthly_usd: 1500,
          data_classification: "internal",
          compliance: "none",
        },
      },
      headers: { cookie: s.cookie },
    });
    expect(answered.status).toBe(202);
    v = await waitFor(s.id, pausedAtFinal);
    expect(v.questions?.answered?.source).toBe("user");
    const planner = v.steps
      .filter((x) => x.node === "planner")
      .at(-1)
      ?.cards.at(-1);
    expect(planner?.outputs.pattern).toBe("batch_analytics");
    await waitPaused(s);

    const approved = await api(`/api/decision-sets/${s.id}/approve`, {
      body: { decision: "approved", approved_by: "ana" },
      headers: { cookie: s.cookie },
    });
    expect(approved.status).toBe(202);
    v = await waitFor(s.id, ended);
    await checkSeqs(s.id, v);
    expect(v.status).toBe("completed");
    expect(v.approval?.decided?.source).toBe("user");
    expect(v.completed_nodes).toEqual(
      expect.arrayContaining(["intake_extract", "planner", "hitl_gate_final", "codegen", "diff_and_persist"]),
    );
    // The input gate ran (and looped back to intake_extract, which the progress re-plans).
    expect(v.steps.filter((x) => x.node === "hitl_gate_input" && x.status === "done").length).toBeGreaterThanOrEqual(1);
    expect(v.final_outputs?.artifacts.map((a) => a.path)).toContain("REPORT.md");
    const detail = await (
      await api(`/api/decision-sets/${s.id}`, { headers: { cookie: s.cookie } })
    ).json<{ final_outputs?: { report_markdown: string } }>();
    expect(detail.final_outputs?.report_markdown).toContain("## Decisions");
    const zip = await api(`/api/decision-sets/${s.id}/artifacts.zip`, { headers: { cookie: s.cookie } });
    expect(zip.status).toBe(200);
  });

  it("takes the defaults when the deadline passes, and ends a rejected plan as rejected", async () => {
    const s = await post("A sentiment model for product reviews.");
    await waitFor(s.id, (x) => x.questions !== undefined);
    await waitPaused(s);
    const stub = decisionSetStub(env, s.id);
    const gate = await stub.openGate();
    expect(gate?.kind).toBe("input");
    // Move the clock past the deadline and fire the alarm: it answers with the defaults
    // and enqueues the resume, exactly as it does when nobody answers in time.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime((gate?.deadline_ms ?? Date.now()) + 1000);
    await runDurableObjectAlarm(env.DECISION_SET.get(env.DECISION_SET.idFromName(s.id)));
    vi.useRealTimers();
    let v = await waitFor(s.id, pausedAtFinal);
    expect(v.questions?.answered).toMatchObject({ source: "auto", responses: v.questions?.smart_defaults });
    await waitPaused(s);

    const rejected = await api(`/api/decision-sets/${s.id}/approve`, {
      body: { decision: "rejected", comment: "not now" },
      headers: { cookie: s.cookie },
    });
    expect(rejected.status).toBe(202);
    v = await waitFor(s.id, ended);
    expect(v.status).toBe("rejected");
    expect(v.final_outputs?.status).toBe("rejected");
    expect(v.completed_nodes).not.toContain("codegen");
  });
});
