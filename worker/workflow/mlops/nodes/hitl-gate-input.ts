/**
 * hitl_gate_input: the first human gate. It presents the questions with their defaults and
 * a deadline, then waits in LangGraph's `interrupt()` (see `awaitGate`): the invocation ends, and the answer
 * (POST …/responses) or the Durable Object's deadline alarm (the defaults) resumes it with
 * `Command({resume})`. The answers loop back into intake_extract and change the design.
 * Code before `interrupt()` runs again on resume; its events carry the same keys, so they
 * are stored once.
 */
import { z } from "zod";
import { AnswerValue, newEvent } from "../../../contract/events";
import { awaitGate } from "../../gate";
import { node } from "../../runtime";
import type { NodeDeps } from "../deps";
import { NODE_TITLES } from "../plan";
import type { MlopsStateType, MlopsUpdate } from "../state";

const Responses = z.record(z.string(), AnswerValue);

/** Builds the input gate. */
export function hitlGateInputNode(deps: NodeDeps) {
  return node(
    "hitl_gate_input",
    NODE_TITLES.hitl_gate_input,
    function hitlGateInput(s: MlopsStateType, kit): MlopsUpdate {
      const timeout = deps.services.hitlTimeoutSeconds;
      const { value: raw } = awaitGate(kit, {
        kind: "input",
        reason: "Waiting for your answers",
        timeoutSeconds: timeout,
        defaults: s.smart_defaults,
        payload: (deadline) =>
          newEvent("questions-presented", {
            questions: s.questions,
            smart_defaults: s.smart_defaults,
            deadline,
            timeout_seconds: timeout,
          }),
        interruptValue: { questions: s.questions, smart_defaults: s.smart_defaults },
      });
      const parsed = Responses.safeParse(raw);
      const asked = new Set(s.questions.map((q) => q.id));
      const received = parsed.success ? parsed.data : {};
      const answers: Record<string, AnswerValue> = {};
      for (const q of s.questions) answers[q.id] = received[q.id] ?? q.default;
      const extra = Object.keys(received).filter((k) => !asked.has(k));
      const changed = s.questions
        .filter((q) => received[q.id] !== undefined && received[q.id] !== q.default)
        .map((q) => q.id);
      const missing = s.questions.filter((q) => received[q.id] === undefined).map((q) => q.id);
      kit.card({
        reasoning: `${parsed.success ? "Answers received" : "The answer could not be read; the defaults stand"}. ${changed.length === 0 ? "Every answer equals its smart default" : `Changed from the defaults: ${changed.map((id) => `${id} = ${String(answers[id])}`).join(", ")}`}.${missing.length > 0 ? ` Unanswered (default taken): ${missing.join(", ")}.` : ""}${extra.length > 0 ? ` Ignored, not asked: ${extra.join(", ")}.` : ""} The answers go back to intake_extract.`,
        decision:
          changed.length === 0
            ? "Proceed with the smart defaults"
            : `Proceed with ${changed.length} answer${changed.length === 1 ? " that changes" : "s that change"} the defaults`,
        confidence: 1,
        category: "human-in-the-loop",
        priority: "high",
        inputs: { questions: [...asked], timeout_seconds: timeout },
        outputs: { answers },
        alternatives_considered: [],
        references: [],
      });
      return { answers, answers_source: changed.length === 0 ? "auto" : "user" };
    },
  );
}
