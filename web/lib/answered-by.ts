import type { AnsweredBy } from "../../worker/contract/gate";

/** Who answered a gate, in words: the owner or an approver (by email when Access vouched for one), the deadline, the defaults. */
export function answeredBy(by: AnsweredBy): string {
  switch (by.kind) {
    case "owner":
      return by.email === undefined ? "the owner" : `the owner (${by.email})`;
    case "approver":
      return by.email === undefined ? "an approver" : `${by.email}, an approver`;
    case "deadline":
      return "the deadline, with the suggested answers";
    case "defaults":
      return "the workflow, with the suggested answers";
  }
}
