/** diff_and_persist: compares with the thread's previous design and stores the artifacts. */
import { architectureSummary, diffDesigns, renderDiff } from "../../../expert";
import { node } from "../../runtime";
import type { NodeDeps } from "../deps";
import { NODE_TITLES } from "../plan";
import type { MlopsStateType, MlopsUpdate } from "../state";

/** Builds the final node. */
export function diffAndPersistNode(deps: NodeDeps) {
  return node(
    "diff_and_persist",
    NODE_TITLES.diff_and_persist,
    async function diffAndPersist(s: MlopsStateType, kit): Promise<MlopsUpdate> {
      if (s.design === null || s.requirements === null) throw new Error("diff_and_persist ran before planner");
      const previous = await deps.services.previousOutputs();
      const diff = diffDesigns(previous, architectureSummary(s.design, s.requirements));
      const report = `${s.report_markdown}\n${renderDiff(diff)}`;
      const files = [...s.files, { path: "REPORT.md", content: report }];
      // Idempotent per path: a re-run after a crash overwrites the same files.
      await deps.services.putArtifacts(files);
      const encoder = new TextEncoder();
      const artifacts = files.map((f) => ({ path: f.path, bytes: encoder.encode(f.content).length }));
      kit.card({
        reasoning: `${diff.summary}${
          diff.changes.length > 0
            ? ` ${diff.changes
                .slice(0, 6)
                .map((c) => `${c.field}: ${c.before} → ${c.after}`)
                .join("; ")}.`
            : ""
        } ${artifacts.length} artifacts stored, the report included.`,
        decision: diff.previous_available
          ? `${diff.changes.length} change${diff.changes.length === 1 ? "" : "s"} from the previous design`
          : "First design on this thread",
        confidence: 1,
        category: "persistence",
        priority: "low",
        inputs: { previous_id: s.previous_id },
        outputs: {
          changes: diff.changes.length,
          added: diff.added_components,
          removed: diff.removed_components,
          cost_delta_usd: diff.cost_delta_usd,
          artifacts: artifacts.length,
        },
        alternatives_considered: [],
        references: [],
      });
      return { diff, report_markdown: report, artifacts, status: "completed" };
    },
  );
}
