/**
 * Answering a human gate, one way for both HTTP faces (the REST API and the LangGraph
 * API): the object takes the first answer (and owes its delivery from then on), then the
 * job is put back on the queue to resume with it.
 */
import type { AnsweredBy, GateKind } from "../contract/gate";
import { logger } from "../log";
import type { AnswerResult } from "../stream/decision-set";
import { decisionSetStub } from "../stream/stub";
import { resumeJob } from "./requeue";

/** Answers decision set `decisionSetId`'s open gate of `kind` as a person; says why not when it could not. */
export async function answerGate(
  env: Env,
  decisionSetId: string,
  kind: GateKind,
  value: Record<string, unknown>,
  by?: AnsweredBy,
): Promise<AnswerResult> {
  const result = await decisionSetStub(env, decisionSetId).answer(kind, value, "user", by);
  if (result.ok) await resumeJob(env, result.job_id, logger({ decision_set_id: decisionSetId, job_id: result.job_id }));
  return result;
}
