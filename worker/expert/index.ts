/**
 * The offline designer's one entry. The workflow's nodes and the tests import the designer
 * from here and nowhere else (a lint rule refuses `expert/<file>` from outside this folder),
 * so what lies behind this file can move without touching its callers. Modules inside
 * `expert/` import each other directly, never this file, which keeps it out of every cycle.
 */

// The data model: zod schemas (values, parsed at the workflow's boundaries) and their types.
export {
  CLOUDS,
  Candidate,
  Classification,
  Cloud,
  Compliance,
  Constraints,
  Design,
  DesignDiff,
  FIELDS,
  Finding,
  LatencyPercentile,
  MODEL_SIZES,
  PATTERNS,
  PatternId,
  type Approval,
  type BudgetBand,
  type Coverage,
  type Directives,
  type GeneratedFile,
  type PolicyReport,
  type Requirements,
  type ValidationReport,
  type Workload,
} from "./schema";

// Reading the brief: constraints from the text and the answers, what is still unknown,
// the questions that ask for it, and the requirements with defaults standing in.
export { emptyConstraints, extractConstraints, mergeConstraints } from "./extract";
export { applyAnswers } from "./extract/answers";
export { FIELD_WEIGHTS, assessCoverage } from "./coverage";
export { buildQuestions } from "./questions";
export { resolveRequirements } from "./defaults";

// Planning and review: the planner, the catalogue a thinker chooses from, the two critics,
// and the design policy with its re-plan bound.
export { DEFAULT_DIRECTIVES, planDesign } from "./planner";
export { catalogueFor } from "./catalogue/components";
export { costCritic, mergeFindings, techCritic, type Critic } from "./critics";
export { MAX_REPLANS, evaluatePolicies } from "./design-policy";

// The invariants every design is held to, wherever it came from (the expert or a model),
// run by the policy node; and the error that marks a fault of the designer itself, which
// fails a run at once instead of being retried as if it were transient.
export { INVARIANTS, brokenInvariants, cheapestFeasible, checkInvariants, withInvariants } from "./invariants";
export type { Invariant, InvariantInput } from "./invariants";
export { DesignerError, asDesignerError } from "./errors";

// What the run hands back: the repository and its checks, the summary, the diff against
// the previous design, and the report's markdown.
export { generateRepository } from "./codegen";
export { validateRepository } from "./repository-checks";
export type { ValidationContext } from "./check-result";
export { architectureSummary } from "./codegen/docs";
export { diffDesigns } from "./diff";
export { renderDiff, renderRejection, renderReport } from "./report";
export { usd } from "./text";

// Internals the tests pin down directly; nothing in the Worker imports these from here.
// The catalogue tables, their loader and the per-cloud rows, sizes and regions:
export { component, priceSource, ROLE_IDS } from "./catalogue/components";
export { patternText } from "./catalogue/patterns";
export { drRegionOf, inJurisdiction, isEuRegion, LOCATIONS, regionOn, regionsIn } from "./catalogue/regions";
export { sizingFor } from "./catalogue/sizing";
export { HOURS_PER_MONTH, loadTable, TABLES, unitMonthUsd } from "./catalogue/tables";
// The AWS table as written, before the loader checks it: the loader's tests break copies of it.
export { default as AWS_TABLE_SOURCE } from "./catalogue/clouds/aws.json";
// The HCL writer, its `terraform fmt` alignment and each target's required variables:
export { block, expr, heredoc, renderHcl, resource } from "./codegen/terraform/hcl";
export { formatHcl } from "./codegen/terraform/format";
export { requiredVariables } from "./codegen/terraform";
// The parsers the checks read the generated files with, and the path sanitiser:
export { blocksOf, parseHcl } from "./syntax/hcl";
export { scanTypeScript } from "./syntax/typescript";
export { parseYaml } from "./syntax/yaml";
export { isSafePath, sanitizePath } from "./paths";
