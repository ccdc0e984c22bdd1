import { MemorySaver, Command } from "@langchain/langgraph";
import { mlopsWorkflow } from "/work/main/worker/workflow/mlops/index";
const cp = new MemorySaver();
const timeout = Number(process.argv[3] ?? "0");
const graph = mlopsWorkflow.build({ model: null, checkpointer: cp, services: { decisionSetId: "ds", hitlTimeoutSeconds: timeout, putArtifacts: async (f) => { console.log("putArtifacts", f.length); }, previousOutputs: async () => null } });
const config = { configurable: { thread_id: "t1" } };
async function run(input: unknown) {
  const stream = await graph.stream(input, { ...config, streamMode: ["updates", "custom"], recursionLimit: 200 });
  for await (const chunk of stream) {
    const [mode, payload] = chunk as [string, any];
    if (mode === "custom") console.log(payload.type, payload.key, payload.type === "reason-card" ? payload.data.decision : "");
    else if (payload && "__interrupt__" in payload) console.log("INTERRUPT");
  }
}
await run(mlopsWorkflow.input({ messages: [{ role: "user", content: process.argv[2] ?? "" }], thread_id: "t1", previous_id: null }));
if (timeout > 0) {
  let st = await graph.getState(config);
  console.log("next", st.next);
  await run(new Command({ resume: { budget_monthly_usd: 900 } }));
  st = await graph.getState(config);
  console.log("next", st.next);
  if (st.next.length) await run(new Command({ resume: { decision: "approved", approved_by: "ann" } }));
}
const st = await graph.getState(config);
const out = mlopsWorkflow.finish(st.values);
console.log(out.status, JSON.stringify(out.architecture).slice(0, 200), out.artifacts.length);
