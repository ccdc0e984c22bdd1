/** The one way to reach a decision set's Durable Object. */
import type { DecisionSet } from "./decision-set";

/** The object's RPC methods: its public methods but the handlers the runtime calls. */
type RpcMethod = Exclude<
  { [K in keyof DecisionSet]-?: DecisionSet[K] extends (...args: never[]) => unknown ? K : never }[keyof DecisionSet],
  "fetch" | "alarm" | "webSocketMessage" | "webSocketClose" | "webSocketError" | "__DURABLE_OBJECT_BRAND"
>;

/** What an RPC call returns: an RpcTarget as its stub, any other value as itself, in a promise. */
type RpcResult<R> = Promise<R extends Rpc.Stubable ? Rpc.Stub<R> : R>;

/** The object's RPC methods as a caller sees them. */
export type DecisionSetStub = {
  [K in RpcMethod]: DecisionSet[K] extends (...args: infer A) => infer R
    ? (...args: A) => RpcResult<Awaited<R>>
    : never;
} & { fetch(input: string, init?: RequestInit): Promise<Response> };

/**
 * The stub of the DecisionSet object named by a decision set id, typed by the class's own
 * signatures. Workers' generated stub types cannot express a result holding `unknown` (the
 * event payloads): they type such a method's result `never`, which stands for any type, so
 * those methods take their types from the class, and every other method is checked against
 * the generated type here.
 */
export function decisionSetStub(env: Env, decisionSetId: string): DecisionSetStub {
  return env.DECISION_SET.get(env.DECISION_SET.idFromName(decisionSetId));
}
