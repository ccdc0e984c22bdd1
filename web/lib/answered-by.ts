import type { AnsweredBy } from "../../worker/contract/gate";

/** Who answered a gate, in words: the owner or an approver (by email when Access vouched for one), the deadline, the defaults. */
export function answeredBy(by: AnsweredBy): string {
  if (by.kind === "owner") return by.email === undefined ? "the owner" : `the owner (${by.email})`;
  if (by.kind === "approver") return by.email === undefined ? "an approver" : `${by.email}, an approver`;
  return by.kind === "deadline"
    ? "the deadline, with the suggested answers"
    : "the workflow, with the suggested answers";
}
