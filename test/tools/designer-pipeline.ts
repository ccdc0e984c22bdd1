/**
 * The MLOps graph's designer steps as pure calls, in the graph's order, with both gates
 * taking their defaults: intake, the questions' smart defaults, the planner, the policy
 * rules and invariants with their bounded re-plans, code generation and validation.
 */
import {
  applyAnswers,
  extractConstraints,
  resolveRequirements,
  planDesign,
  DEFAULT_DIRECTIVES,
  evaluatePolicies,
  MAX_REPLANS,
  buildQuestions,
  generateRepository,
  validateRepository,
  withInvariants,
  type Design,
  type PolicyReport,
  type Requirements,
} from "../../worker/expert";

export interface PipelineResult {
  req: Requirements;
  design: Design;
  policy: PolicyReport;
  replans: number;
}

/** Designs `text` as the graph does offline; `generate` also writes and validates the repository. */
export function designPure(text: string, generate = false): PipelineResult {
  const extracted = extractConstraints(text);
  const { defaults } = buildQuestions(extracted);
  const { constraints } = applyAnswers(extracted, defaults);
  const req = resolveRequirements(constraints);
  let directives = DEFAULT_DIRECTIVES;
  let replans = 0;
  for (;;) {
    const { design } = planDesign(req, directives, replans);
    const policy = withInvariants(evaluatePolicies(design, req), design, req);
    if (!policy.passed && replans < MAX_REPLANS) {
      directives = policy.directives;
      replans += 1;
      continue;
    }
    if (generate) validateRepository(generateRepository(design, req), { design, req });
    return { req, design, policy, replans };
  }
}
