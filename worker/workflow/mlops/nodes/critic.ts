/**
 * A critic node: the designer's coded review, extended by the LLM's when a model is
 * configured (it may add findings, never drop a coded one), reported in one card.
 */
import { mergeFindings, type Critic, type Finding } from "../../../expert";
import { llmReview } from "../../llm/thinkers";
import { designerNode } from "../designer-node";
import { thinkingOf, type NodeDeps } from "../deps";
import type { MlopsStateType } from "../state";

/** Builds the node that runs `critic` and stores its findings through `store`. */
export function criticNode<U>(
  deps: NodeDeps,
  id: "critic_tech" | "critic_cost",
  title: string,
  critic: Critic,
  store: (findings: Finding[]) => U,
) {
  return designerNode(id, title, async function critique(s: MlopsStateType, kit): Promise<U> {
    if (s.design === null || s.requirements === null) throw new Error(`${id} ran before planner`);
    const coded = critic.review({ design: s.design, req: s.requirements, candidates: s.candidates });
    let findings: Finding[] = coded;
    let thinking = thinkingOf(null);
    let summary = "";
    if (deps.model !== null) {
      const result = await llmReview(deps.model, critic.kind, s.design, s.requirements, coded, kit.config);
      thinking = thinkingOf(result);
      if (result.ok) {
        findings = mergeFindings(coded, result.value.findings);
        summary = ` ${result.value.summary}`;
      }
    }
    kit.card(critic.card(findings, thinking, summary, s.design.pattern));
    return store(findings);
  });
}
