/**
 * What the checks of a generated repository share: the design they are read against and
 * the one way a check reports. The file checks (`repository-checks.ts`) and the policy read
 * in the Terraform (`terraform-policy.ts`) both stand on it, so neither imports the other.
 */
import type { CheckStatus, Design, Requirements, ValidationCheck } from "./schema";

/** What the policy checks need to know about the design; absent, they are skipped. */
export interface ValidationContext {
  design?: Design;
  req?: Requirements;
}

/** One check's outcome: failed on any failure, warned on any warning, the first 50 details kept. */
export function result(
  id: string,
  title: string,
  fails: string[],
  warns: string[] = [],
  okDetail = "ok",
): ValidationCheck {
  const status: CheckStatus = fails.length > 0 ? "fail" : warns.length > 0 ? "warn" : "pass";
  const details = [...fails, ...warns].slice(0, 50);
  return { id, title, status, details: details.length === 0 ? [okDetail] : details };
}
