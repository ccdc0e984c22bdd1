/**
 * The offline expert end to end, without the graph: extract, apply answers (or the smart
 * defaults), plan, critique, the bounded policy loop, generate, validate, report. The graph
 * runs the same functions node by node; this is the same path for tests and tools.
 */
import type { AnswerValue } from "../../contract/events";
import { generateRepository } from "./codegen";
import { assessCoverage } from "./coverage";
import { critiqueCost, critiqueTech } from "./critics";
import { resolveRequirements } from "./defaults";
import { applyAnswers, extractConstraints } from "./extract";
import { DEFAULT_DIRECTIVES, planDesign } from "./planner";
import { evaluatePolicies } from "./policy";
import { buildQuestions } from "./questions";
import { renderReport } from "./report";
import type {
  Candidate,
  Constraints,
  Coverage,
  Design,
  Finding,
  GeneratedFile,
  PolicyReport,
  Requirements,
  ValidationReport,
} from "./schema";
import { validateRepository } from "./validators";

/** Re-plans allowed after a policy violation before the plan goes to the human anyway. */
export const MAX_REPLANS = 2;

/** Everything one offline run produced, step by step. */
export interface ExpertRun {
  constraints: Constraints;
  coverage: Coverage;
  requirements: Requirements;
  design: Design;
  candidates: Candidate[];
  findings: Finding[];
  policy: PolicyReport;
  replans: number;
  files: GeneratedFile[];
  validation: ValidationReport;
  report: string;
}

/**
 * Designs from a request. Without `answers`, the questions' smart defaults are taken, as
 * the gate does when nobody answers before the deadline.
 */
export function runExpert(text: string, answers?: Record<string, AnswerValue>): ExpertRun {
  const extracted = extractConstraints(text);
  const given = answers ?? buildQuestions(extracted).defaults;
  const constraints = applyAnswers(extracted, given).constraints;
  const coverage = assessCoverage(constraints);
  const requirements = resolveRequirements(constraints);
  let directives = DEFAULT_DIRECTIVES;
  let replans = 0;
  for (;;) {
    const { design, candidates } = planDesign(requirements, directives, replans);
    const findings = [...critiqueTech(design, requirements), ...critiqueCost(design, requirements, candidates)];
    const policy = evaluatePolicies(design, requirements);
    if (policy.passed || replans >= MAX_REPLANS) {
      const files = generateRepository(design, requirements);
      const validation = validateRepository(files, { design, req: requirements });
      const report = renderReport({
        design,
        req: requirements,
        constraints,
        candidates,
        findings,
        policy,
        validation,
        approval: null,
        replans,
      });
      return {
        constraints,
        coverage,
        requirements,
        design,
        candidates,
        findings,
        policy,
        replans,
        files,
        validation,
        report,
      };
    }
    directives = policy.directives;
    replans += 1;
  }
}
