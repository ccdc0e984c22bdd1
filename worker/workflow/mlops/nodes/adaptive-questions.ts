/** adaptive_questions: one question per missing field that matters, each with its smart default. */
import { buildQuestions } from "../../../expert";
import { designerNode } from "../designer-node";
import { MAX_QUESTION_ROUNDS, NODE_TITLES } from "../plan";
import type { MlopsStateType, MlopsUpdate } from "../state";

/** Builds the question node. The questions are coded (their ids are constraint fields), not generated. */
export function adaptiveQuestionsNode() {
  return designerNode(
    "adaptive_questions",
    NODE_TITLES.adaptive_questions,
    function adaptiveQuestions(s: MlopsStateType, kit): MlopsUpdate {
      if (s.constraints === null || s.coverage === null)
        throw new Error("adaptive_questions ran before coverage_check");
      const exhausted = s.question_round >= MAX_QUESTION_ROUNDS;
      const { questions, defaults } = exhausted ? { questions: [], defaults: {} } : buildQuestions(s.constraints);
      kit.card({
        reasoning: exhausted
          ? `${MAX_QUESTION_ROUNDS} rounds of questions were asked; what is still missing is assumed from the smart defaults and listed in the report.`
          : questions.length === 0
            ? "Nothing critical is missing; the planner's assumptions cover the rest."
            : `Asking about ${questions.map((q) => q.id).join(", ")}. Each default is derived from what is known: ${questions.map((q) => `${q.id} = ${String(q.default)}`).join("; ")}.`,
        decision:
          questions.length === 0
            ? "No questions needed"
            : `Ask ${questions.length} question${questions.length === 1 ? "" : "s"}`,
        confidence: questions.length === 0 ? 0.9 : 0.75,
        category: "clarification",
        priority: questions.length > 0 ? "high" : "low",
        inputs: { missing_critical: s.coverage.missing_critical, round: s.question_round },
        outputs: { questions: questions.map((q) => q.id), smart_defaults: defaults },
        alternatives_considered:
          questions.length > 0
            ? [
                {
                  option: "ask about every missing field",
                  reason_rejected: "six questions at most: more is a form, not a conversation",
                },
              ]
            : [],
        references: [],
      });
      return {
        questions,
        smart_defaults: defaults,
        question_round: questions.length > 0 ? s.question_round + 1 : s.question_round,
      };
    },
  );
}
