/**
 * A small three-step graph (read the request, pick a shape, write it up) that exercises
 * the whole streaming spine. The MLOps workflow is registered in `index.ts`.
 */
import { Annotation, END, START, StateGraph } from "@langchain/langgraph";
import type { ChatMessage } from "../contract/api";
import { node, type WorkflowDefinition } from "./runtime";

const State = Annotation.Root({
  messages: Annotation<ChatMessage[]>(),
  thread_id: Annotation<string>(),
  request: Annotation<string>(),
  shape: Annotation<string>(),
  report: Annotation<string>(),
});
type S = typeof State.State;

const PLAN = [
  { id: "read_request", title: "Reading the request" },
  { id: "choose_shape", title: "Choosing a shape" },
  { id: "write_up", title: "Writing it up" },
];

export const firstWorkflow: WorkflowDefinition = {
  graph_type: "first",
  plan: PLAN,
  build({ checkpointer }) {
    const graph = new StateGraph(State)
      .addNode(
        "read_request",
        node("read_request", "Reading the request", (s: S, kit) => {
          const request = s.messages.filter((m) => m.role === "user").map((m) => m.content).join("\n");
          kit.card({
            reasoning: `The request has ${request.split(/\s+/).length} words.`,
            decision: "Use the user's messages as the request",
            confidence: 1,
            category: "intake",
            priority: "low",
            inputs: { messages: s.messages.length },
            outputs: { chars: request.length },
            alternatives_considered: [],
            references: [],
          });
          return { request };
        }),
      )
      .addNode(
        "choose_shape",
        node("choose_shape", "Choosing a shape", (s: S, kit) => {
          const shape = /stream|real[- ]?time/i.test(s.request) ? "streaming" : "batch";
          kit.card({
            reasoning: `The request ${shape === "streaming" ? "mentions" : "does not mention"} real-time data.`,
            decision: `A ${shape} design`,
            confidence: 0.6,
            category: "architecture",
            priority: "medium",
            inputs: { request: s.request.slice(0, 200) },
            outputs: { shape },
            alternatives_considered: [
              { option: shape === "streaming" ? "batch" : "streaming", reason_rejected: "does not fit the request" },
            ],
            references: [],
          });
          return { shape };
        }),
      )
      .addNode(
        "write_up",
        node("write_up", "Writing it up", (s: S, kit) => {
          const report = `# Design\n\nA ${s.shape} design for: ${s.request}\n`;
          kit.card({
            reasoning: "The design is summarised as a short report.",
            decision: "Report written",
            confidence: 1,
            category: "report",
            priority: "low",
            inputs: { shape: s.shape },
            outputs: { chars: report.length },
            alternatives_considered: [],
            references: [],
          });
          return { report };
        }),
      )
      .addEdge(START, "read_request")
      .addEdge("read_request", "choose_shape")
      .addEdge("choose_shape", "write_up")
      .addEdge("write_up", END);
    return graph.compile({ checkpointer });
  },
  input(job) {
    return { messages: job.messages, thread_id: job.thread_id };
  },
  finish(state) {
    const s = state as S;
    return {
      status: "completed",
      report_markdown: s.report,
      architecture: { shape: s.shape },
      cost_estimate: {},
      artifacts: [],
    };
  },
};
