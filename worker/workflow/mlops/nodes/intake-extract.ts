/** intake_extract: reads the constraints from the request, then folds in every answer so far. */
import { applyAnswers, extractConstraints, FIELDS, mergeConstraints } from "../../../expert";
import { llmExtract } from "../../llm/thinkers";
import { designerNode } from "../designer-node";
import { thinkingOf, type NodeDeps } from "../deps";
import { NODE_TITLES } from "../plan";
import type { MlopsStateType, MlopsUpdate } from "../state";

/** Builds the intake node. */
export function intakeExtractNode(deps: NodeDeps) {
  return designerNode(
    "intake_extract",
    NODE_TITLES.intake_extract,
    async function intakeExtract(s: MlopsStateType, kit): Promise<MlopsUpdate> {
      const request = s.messages
        .filter((m) => m.role === "user")
        .map((m) => m.content)
        .join("\n\n");
      // The text is read once; a loop back with answers reuses it, so answers are the only change.
      let extracted = s.extracted;
      let thinking = thinkingOf(null);
      if (extracted === null) {
        extracted = extractConstraints(request);
        if (deps.model !== null) {
          const result = await llmExtract(deps.model, request, kit.config);
          thinking = thinkingOf(result);
          if (result.ok) extracted = mergeConstraints(extracted, result.value, "llm");
        }
      } else {
        thinking = {
          thinker: "offline expert",
          note: "The request was read in an earlier round; only the new answers are applied.",
        };
      }
      const { constraints, applied, ignored } = applyAnswers(extracted, s.answers);
      const known = FIELDS.filter((f) =>
        f === "budget_monthly_usd"
          ? constraints.budget_monthly_usd !== null || constraints.budget_band !== null
          : f === "project_description"
            ? true
            : constraints[f] !== null,
      );
      const facts: string[] = [];
      if (constraints.budget_monthly_usd !== null)
        facts.push(`budget $${constraints.budget_monthly_usd.toLocaleString("en-US")}/month`);
      else if (constraints.budget_band !== null) facts.push(`a ${constraints.budget_band} budget`);
      if (constraints.workload_types !== null) facts.push(`workloads ${constraints.workload_types.join(", ")}`);
      if (constraints.throughput_rps !== null) facts.push(`${constraints.throughput_rps} req/s`);
      if (constraints.latency_p95_ms !== null)
        facts.push(`${constraints.latency_percentile ?? "p95"} ${constraints.latency_p95_ms} ms`);
      if (constraints.compliance !== null)
        facts.push(
          constraints.compliance.length === 0
            ? "no compliance regime"
            : `compliance ${constraints.compliance.join(", ")}`,
        );
      if (constraints.data_classification !== null) facts.push(`${constraints.data_classification} data`);
      if (constraints.availability_target !== null) facts.push(`${constraints.availability_target}% availability`);
      if (constraints.regions !== null) facts.push(`regions ${constraints.regions.join(", ")}`);
      kit.card({
        agent: thinking.thinker,
        reasoning: `${thinking.note} Read ${request.length} characters: ${facts.length === 0 ? "no explicit figures" : facts.join("; ")}.${applied.length > 0 ? ` Answers applied to ${applied.join(", ")}.` : ""}${ignored.length > 0 ? ` Unreadable answers ignored: ${ignored.join(", ")}.` : ""}`,
        decision: `${known.length} of ${FIELDS.length} requirement fields known${applied.length > 0 ? ` (${applied.length} from answers)` : ""}`,
        confidence: Math.round((known.length / FIELDS.length) * 100) / 100,
        category: "requirements",
        priority: constraints.compliance !== null && constraints.compliance.length > 0 ? "high" : "medium",
        inputs: { request_chars: request.length, answers: Object.keys(s.answers) },
        outputs: {
          budget_monthly_usd: constraints.budget_monthly_usd,
          budget_band: constraints.budget_band,
          workload_types: constraints.workload_types,
          compliance: constraints.compliance,
          data_classification: constraints.data_classification,
          provenance: constraints.provenance,
        },
        alternatives_considered:
          deps.model === null
            ? [{ option: "LLM extraction", reason_rejected: "no OPENAI_API_KEY configured" }]
            : [
                {
                  option: "rules only",
                  reason_rejected: "the LLM reads phrasing the rules miss; rules still win on stated figures",
                },
              ],
        references: [],
      });
      return { request, extracted, constraints };
    },
  );
}
