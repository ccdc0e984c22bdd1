/**
 * The MLOps workflow's state. Every key a node writes is declared here: LangGraph drops
 * undeclared keys without a word, which is how an earlier design lost its users' answers.
 * Each key has a default so that nodes never see `undefined`.
 */
import { Annotation } from "@langchain/langgraph";
import type { z } from "zod";
import type { ChatMessage } from "../../contract/api";
import type { AnswerValue, Question } from "../../contract/events";
import {
  DEFAULT_DIRECTIVES,
  type Approval,
  type Candidate,
  type Constraints,
  type Coverage,
  type Design,
  type DesignDiff,
  type Directives,
  type Finding,
  type GeneratedFile,
  type PolicyReport,
  type Requirements,
  type ValidationReport,
} from "../../expert";
import { OutcomeStatus, Status } from "../../contract/status";

/** The workflow's own status: running until the end, then how it ended. */
export const MlopsStatus = Status.extract(["running", ...OutcomeStatus.options]);
export type MlopsStatus = z.infer<typeof MlopsStatus>;

/** A key whose update replaces its value, starting from `init`. */
function value<T>(init: () => T) {
  return Annotation<T>({ reducer: (_old: T, next: T) => next, default: init });
}

export const MlopsState = Annotation.Root({
  messages: value<ChatMessage[]>(() => []),
  thread_id: value<string>(() => ""),
  previous_id: value<string | null>(() => null),
  /** The user's messages as one text: what extraction reads. */
  request: value<string>(() => ""),
  /** Constraints read from the text alone (before answers), kept so a loop back does not re-read. */
  extracted: value<Constraints | null>(() => null),
  /** Extraction plus every answer so far: what planning reads. */
  constraints: value<Constraints | null>(() => null),
  coverage: value<Coverage | null>(() => null),
  questions: value<Question[]>(() => []),
  smart_defaults: value<Record<string, AnswerValue>>(() => ({})),
  /** Question rounds asked so far (bounded by MAX_QUESTION_ROUNDS). */
  question_round: value<number>(() => 0),
  /** Every answer across rounds; a later round's answer to the same question wins. */
  answers: Annotation<Record<string, AnswerValue>>({
    reducer: (old, next) => ({ ...old, ...next }),
    default: () => ({}),
  }),
  /** How the last round was answered: by a person, or by the defaults. */
  answers_source: value<"user" | "auto" | null>(() => null),
  requirements: value<Requirements | null>(() => null),
  design: value<Design | null>(() => null),
  candidates: value<Candidate[]>(() => []),
  directives: value<Directives>(() => DEFAULT_DIRECTIVES),
  /** Re-plans after policy violations so far (bounded by MAX_REPLANS). */
  replans: value<number>(() => 0),
  tech_findings: value<Finding[]>(() => []),
  cost_findings: value<Finding[]>(() => []),
  policy: value<PolicyReport | null>(() => null),
  approval: value<Approval | null>(() => null),
  status: value<MlopsStatus>(() => "running"),
  files: value<GeneratedFile[]>(() => []),
  validation: value<ValidationReport | null>(() => null),
  /** The LLM's narrative for the report, when a model wrote one. */
  executive_summary: value<string>(() => ""),
  report_markdown: value<string>(() => ""),
  diff: value<DesignDiff | null>(() => null),
  artifacts: value<{ path: string; bytes: number }[]>(() => []),
});

export type MlopsStateType = typeof MlopsState.State;
export type MlopsUpdate = typeof MlopsState.Update;
