/**
 * The MLOps design graph: thirteen nodes with two bounded loops (answers back into
 * intake_extract; policy violations back into planner) and two human gates.
 */
import { END, START, StateGraph } from "@langchain/langgraph";
import type { BuildArgs } from "../runtime";
import { MAX_REPLANS } from "../../expert";
import type { WorkflowGraph } from "../../contract/api";
import type { NodeDeps } from "./deps";
import { adaptiveQuestionsNode } from "./nodes/adaptive-questions";
import { codegenNode } from "./nodes/codegen";
import { coverageCheckNode } from "./nodes/coverage-check";
import { criticCostNode } from "./nodes/critic-cost";
import { criticTechNode } from "./nodes/critic-tech";
import { diffAndPersistNode } from "./nodes/diff-and-persist";
import { hitlGateFinalNode } from "./nodes/hitl-gate-final";
import { hitlGateInputNode } from "./nodes/hitl-gate-input";
import { intakeExtractNode } from "./nodes/intake-extract";
import { plannerNode } from "./nodes/planner";
import { policyEvalNode } from "./nodes/policy-eval";
import { NODE_TITLES } from "./plan";
import { rationaleCompileNode } from "./nodes/rationale-compile";
import { validatorsNode } from "./nodes/validators";
import { MlopsState, type MlopsStateType } from "./state";

/** Questions were prepared: wait at the gate; otherwise plan. */
export function afterQuestions(s: MlopsStateType): "hitl_gate_input" | "planner" {
  return s.questions.length > 0 ? "hitl_gate_input" : "planner";
}

/** A violation with re-plans left goes back to the planner (policy_eval already counted it). */
export function afterPolicy(s: MlopsStateType): "planner" | "hitl_gate_final" {
  const violated = s.policy !== null && !s.policy.passed;
  // policy_eval bumps `replans` when it loops, so a loop shows as replans having just grown.
  return violated && s.design !== null && s.replans > s.design.revision && s.replans <= MAX_REPLANS
    ? "planner"
    : "hitl_gate_final";
}

/** Only an approved plan is generated; a rejection ends the run. */
export function afterApproval(s: MlopsStateType): "codegen" | typeof END {
  return s.approval?.decision === "approved" ? "codegen" : END;
}

/** Builds the uncompiled graph from the node dependencies. */
export function mlopsGraph(deps: NodeDeps) {
  return new StateGraph(MlopsState)
    .addNode("intake_extract", intakeExtractNode(deps))
    .addNode("coverage_check", coverageCheckNode())
    .addNode("adaptive_questions", adaptiveQuestionsNode())
    .addNode("hitl_gate_input", hitlGateInputNode(deps))
    .addNode("planner", plannerNode(deps))
    .addNode("critic_tech", criticTechNode(deps))
    .addNode("critic_cost", criticCostNode(deps))
    .addNode("policy_eval", policyEvalNode())
    .addNode("hitl_gate_final", hitlGateFinalNode(deps))
    .addNode("codegen", codegenNode())
    .addNode("validators", validatorsNode())
    .addNode("rationale_compile", rationaleCompileNode(deps))
    .addNode("diff_and_persist", diffAndPersistNode(deps))
    .addEdge(START, "intake_extract")
    .addEdge("intake_extract", "coverage_check")
    .addEdge("coverage_check", "adaptive_questions")
    .addConditionalEdges("adaptive_questions", afterQuestions, ["hitl_gate_input", "planner"])
    .addEdge("hitl_gate_input", "intake_extract")
    .addEdge("planner", "critic_tech")
    .addEdge("critic_tech", "critic_cost")
    .addEdge("critic_cost", "policy_eval")
    .addConditionalEdges("policy_eval", afterPolicy, ["planner", "hitl_gate_final"])
    .addConditionalEdges("hitl_gate_final", afterApproval, ["codegen", END])
    .addEdge("codegen", "validators")
    .addEdge("validators", "rationale_compile")
    .addEdge("rationale_compile", "diff_and_persist")
    .addEdge("diff_and_persist", END);
}

/** Compiles the graph with the run's checkpointer. */
export function buildMlopsGraph({ model, checkpointer, services }: BuildArgs) {
  return mlopsGraph({ model, services }).compile({ checkpointer });
}

/** What the graph's own markers are called on a drawing. */
const MARKER_TITLES: Record<string, string> = { [START]: "Start", [END]: "End" };

let shape: Promise<WorkflowGraph> | undefined;

/**
 * The compiled graph's nodes and edges, as LangGraph itself reports them (`getGraphAsync`),
 * so a drawing cannot drift from what runs. Built once per isolate; the nodes are never
 * called, so they get dependencies that do nothing.
 */
export function mlopsGraphShape(): Promise<WorkflowGraph> {
  shape ??= describeGraph();
  return shape;
}

async function describeGraph(): Promise<WorkflowGraph> {
  const inert: NodeDeps = {
    model: null,
    services: {
      decisionSetId: "",
      hitlTimeoutSeconds: 0,
      putArtifacts: async () => undefined,
      previousOutputs: async () => null,
    },
  };
  const graph = await mlopsGraph(inert).compile().getGraphAsync();
  const titles: Record<string, string> = NODE_TITLES;
  return {
    nodes: Object.values(graph.nodes).map((n) => ({ id: n.id, title: titles[n.id] ?? MARKER_TITLES[n.id] ?? n.name })),
    edges: graph.edges.map((e) => ({ source: e.source, target: e.target, conditional: e.conditional === true })),
  };
}
