/**
 * LangGraph's checkpointer conformance suite against DurableCheckpointer, with a real
 * DecisionSet Durable Object (in workerd) as its storage.
 */
import { env } from "cloudflare:workers";
import { validate } from "@langchain/langgraph-checkpoint-validation";
import { DurableCheckpointer } from "../../worker/workflow/checkpointer";

validate<DurableCheckpointer>({
  checkpointerName: "DurableCheckpointer",
  // The suite needs each checkpointer isolated from the others: a fresh object each time.
  createCheckpointer() {
    const id = env.DECISION_SET.idFromName(`checkpoint-conformance-${crypto.randomUUID()}`);
    return new DurableCheckpointer({ backend: env.DECISION_SET.get(id) });
  },
});
