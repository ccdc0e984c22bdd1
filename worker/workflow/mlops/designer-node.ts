/**
 * A node whose work is the designer's alone (pure rules, and LLM calls that report their
 * failures instead of throwing): whatever it throws is a designer fault that every attempt
 * would meet again, so it leaves the node as a DesignerError naming the node. A cancelled
 * run's abort passes through as it is.
 */
import { asDesignerError } from "../../expert";
import { node, type NodeKit } from "../runtime";

/** `node()` for a designer step: a throw becomes a permanent DesignerError naming `id`. */
export function designerNode<S, U>(id: string, title: string, body: (state: S, kit: NodeKit) => Promise<U> | U) {
  return node(id, title, async (state: S, kit: NodeKit): Promise<U> => {
    try {
      return await body(state, kit);
    } catch (err) {
      if (kit.config.signal?.aborted === true) throw err;
      throw asDesignerError(id, err);
    }
  });
}
