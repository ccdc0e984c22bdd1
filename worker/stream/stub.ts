/** The one way to reach a decision set's Durable Object. */
import type { DecisionSet } from "./decision-set";

/** The object's RPC methods as a caller sees them: every result a promise. */
export type DecisionSetRpc = {
  [
    K in Exclude<keyof DecisionSet, "fetch" | "alarm" | "webSocketMessage" | "webSocketClose" | "webSocketError">
  ]: DecisionSet[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
} & { fetch(input: string, init?: RequestInit): Promise<Response> };

/**
 * The stub of the DecisionSet object named by a decision set id. Workers' generated
 * stub types reduce results holding `unknown` (event payloads) to `never`; the values
 * themselves cross RPC intact, so the stub is typed by the class's own signatures.
 */
export function decisionSetStub(env: Env, decisionSetId: string): DecisionSetRpc {
  return env.DECISION_SET.get(env.DECISION_SET.idFromName(decisionSetId)) as unknown as DecisionSetRpc;
}
