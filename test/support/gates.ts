/**
 * The one way the tests and the bench get a run past its human gates over the API, as a
 * person accepting every default would: the questions answered with their smart
 * defaults, the plan approved. The transport (workerd's `exports`, a cookie jar over
 * `fetch`, `node:http`) is the caller's.
 */
import { z } from "zod";
import type { NewEvent } from "../../worker/contract/events";
import type { GateKind } from "../../worker/contract/gate";
import type { Frame } from "../../worker/contract/sse";

/** A gate's answer: the request that closes it. */
export interface GateAnswer {
  gate: GateKind;
  path: string;
  body: Record<string, unknown>;
}

const QuestionsPresented = z.object({ data: z.object({ smart_defaults: z.record(z.string(), z.unknown()) }) });
const WorkflowPaused = z.object({ data: z.object({ gate: z.string() }) });

/** The default answer to the gate that `frame` opens, or null when it opens none. */
export function defaultAnswer(decisionSetId: string, frame: Pick<Frame, "event" | "data">): GateAnswer | null {
  if (frame.event === "questions-presented") {
    const { data } = QuestionsPresented.parse(JSON.parse(frame.data));
    return {
      gate: "input",
      path: `/api/decision-sets/${decisionSetId}/responses`,
      body: { responses: data.smart_defaults },
    };
  }
  if (frame.event === "workflow-paused" && WorkflowPaused.parse(JSON.parse(frame.data)).data.gate === "final") {
    return { gate: "final", path: `/api/decision-sets/${decisionSetId}/approve`, body: { decision: "approved" } };
  }
  return null;
}

/**
 * The events that open the input gate with one question (the monthly budget), as the
 * workflow's gate node emits them: the pause that opens the gate with its deadline and
 * defaults, then the questions. `timeoutSeconds` is what the page counts down from.
 */
export function inputGateOpening(deadline: string, budget: number, timeoutSeconds = 60): NewEvent[] {
  return [
    { type: "workflow-paused", data: { reason: "questions", gate: "input", deadline, defaults: { budget } } },
    {
      type: "questions-presented",
      data: {
        questions: [{ id: "budget", question: "Monthly budget?", why: "sizing", type: "number", default: budget }],
        smart_defaults: { budget },
        deadline,
        timeout_seconds: timeoutSeconds,
      },
    },
  ];
}

/**
 * Returns a frame handler that answers each gate of the run once, by its event's seq (a
 * replay after a reconnect shows a gate again), through `send`. The handler returns the
 * answer it sent, if any. A refused answer is not retried: the run then never completes,
 * which the caller's own wait reports.
 */
export function gateAnswerer(
  decisionSetId: string,
  send: (answer: GateAnswer) => Promise<unknown>,
): (frame: Frame) => GateAnswer | null {
  const answered = new Set<string>();
  return (frame) => {
    if (frame.id === undefined || answered.has(frame.id)) return null;
    const answer = defaultAnswer(decisionSetId, frame);
    if (answer === null) return null;
    answered.add(frame.id);
    void send(answer).catch(() => undefined);
    return answer;
  };
}
