import { useState } from "react";
import type { WorkflowGraph } from "../../worker/contract/api";
import type { PlannedNode } from "../../worker/contract/events";
import type { WorkflowView } from "../../worker/contract/reduce";
import { useWorkflowGraph } from "../hooks/useWorkflowGraph";
import { nodeProgress, progressOfNode, type NodeState } from "../lib/graph-state";
import { ReasonCardView } from "./ReasonCardView";

const ROW_PX = 40;
const BOX_PX = 30;
const LEFT_PX = 56;
const WIDTH_PX = 300;
/** Room on each side for the arcs of loops (right) and skips (left). */
const GUTTER_PX = 56;

const STATE_LABEL: Record<NodeState, { label: string; symbol: string }> = {
  pending: { label: "Pending", symbol: "○" },
  running: { label: "Running", symbol: "◐" },
  waiting: { label: "Waiting for a person", symbol: "❚❚" },
  done: { label: "Done", symbol: "✓" },
  failed: { label: "Failed", symbol: "✕" },
};

/** Without the server's graph (a trace replayed offline): the planned steps, one after another. */
function chainOf(plan: readonly PlannedNode[]): WorkflowGraph {
  const nodes = [{ id: "__start__", title: "Start" }, ...plan, { id: "__end__", title: "End" }];
  return {
    nodes,
    edges: nodes.slice(1).map((n, i) => ({ source: nodes[i]?.id ?? "", target: n.id, conditional: false })),
  };
}

/** An edge as a path: straight down to the next row, an arc on the right back up, on the left further down. */
function edgePath(from: number, to: number, lane: number): string {
  const y1 = from * ROW_PX + BOX_PX / 2;
  const y2 = to * ROW_PX + BOX_PX / 2;
  const mid = GUTTER_PX + LEFT_PX + WIDTH_PX / 2;
  if (to === from + 1) return `M ${mid} ${y1 + BOX_PX / 2} L ${mid} ${y2 - BOX_PX / 2}`;
  const right = to < from;
  const edge = right ? GUTTER_PX + LEFT_PX + WIDTH_PX : GUTTER_PX + LEFT_PX;
  const out = right ? edge + 14 + lane * 12 : edge - 14 - lane * 12;
  return `M ${edge} ${y1} C ${out} ${y1}, ${out} ${y2}, ${edge} ${y2}`;
}

/**
 * The workflow as a graph, each node with its live state from the view (pending, running,
 * waiting for a person, done, and the rounds a loop brought it back); a node opens its
 * reason cards. The layout is the graph's own order, top to bottom: loops arc on the
 * right, skips on the left, conditional edges dashed.
 */
export function WorkflowGraphView({ view, graph: given }: { view: WorkflowView; graph: WorkflowGraph | null }) {
  const graph = given ?? chainOf(view.planned_nodes);
  const [selected, setSelected] = useState<string | null>(null);
  const progress = nodeProgress(view);
  const index = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const height = graph.nodes.length * ROW_PX;
  const chosen = selected === null ? null : graph.nodes.find((n) => n.id === selected);
  const chosenProgress = chosen === undefined || chosen === null ? null : progressOfNode(progress, chosen.id);
  let lanes = 0;
  return (
    <section className="graph" aria-label="Workflow graph" data-testid="workflow-graph">
      <div className="graph-canvas" style={{ height, width: WIDTH_PX + LEFT_PX + 2 * GUTTER_PX }}>
        <svg className="graph-edges" width={WIDTH_PX + LEFT_PX + 2 * GUTTER_PX} height={height} aria-hidden="true">
          <defs>
            <marker id="graph-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto">
              <path d="M 0 0 L 8 4 L 0 8 z" />
            </marker>
          </defs>
          {graph.edges.map((e) => {
            const from = index.get(e.source);
            const to = index.get(e.target);
            if (from === undefined || to === undefined) return null;
            const lane = to === from + 1 ? 0 : lanes++ % 3;
            return (
              <path
                key={`${e.source}>${e.target}`}
                d={edgePath(from, to, lane)}
                className={e.conditional ? "graph-edge conditional" : "graph-edge"}
                data-edge={`${e.source}>${e.target}`}
                markerEnd="url(#graph-arrow)"
              />
            );
          })}
        </svg>
        {graph.nodes.map((n, i) => {
          const marker = n.id.startsWith("__");
          const p = progressOfNode(progress, n.id);
          const state = STATE_LABEL[p.state];
          return (
            <button
              key={n.id}
              type="button"
              className={`graph-node graph-${marker ? "marker" : p.state}`}
              style={{ top: i * ROW_PX, left: GUTTER_PX + LEFT_PX, width: WIDTH_PX, height: BOX_PX }}
              data-graph-node={n.id}
              data-state={p.state}
              data-loops={p.loops}
              disabled={marker}
              aria-pressed={selected === n.id}
              onClick={() => setSelected(selected === n.id ? null : n.id)}
            >
              {marker ? null : (
                <span className="graph-symbol" aria-hidden="true">
                  {state.symbol}
                </span>
              )}
              <span className="graph-title">{n.title}</span>
              {/* The name is the content itself (no aria-label), so what is shown is what voice control hears. */}
              {marker ? null : (
                <span className="sr-only">
                  {`: ${state.label}${p.loops > 0 ? `, looped back ${p.loops} time${p.loops === 1 ? "" : "s"}` : ""}`}
                </span>
              )}
              {p.loops > 0 ? (
                <span className="graph-loops" title="Rounds a loop brought it back" aria-hidden="true">
                  ↻{p.loops}
                </span>
              ) : null}
            </button>
          );
        })}
      </div>
      {chosen !== null && chosen !== undefined && chosenProgress !== null ? (
        <div className="graph-cards" data-testid="graph-cards" data-node={chosen.id}>
          <h4>
            {chosen.title}: {STATE_LABEL[chosenProgress.state].label.toLowerCase()}
            {chosenProgress.runs > 1 ? `, ${chosenProgress.runs} runs` : ""}
          </h4>
          {chosenProgress.cards.length === 0 ? (
            <p className="muted">No reason cards yet.</p>
          ) : (
            chosenProgress.cards.map((card, i) => <ReasonCardView key={i} card={card} />)
          )}
        </div>
      ) : (
        <p className="muted small">Choose a step to see its reason cards.</p>
      )}
    </section>
  );
}

/** The graph of a live run: the deployment's graph, fetched once per page. */
export function LiveWorkflowGraph({ view }: { view: WorkflowView }) {
  return <WorkflowGraphView view={view} graph={useWorkflowGraph()} />;
}
