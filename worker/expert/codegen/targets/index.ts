/** The per-target tables of the generated CI, guides and service. */
import type { Cloud } from "../../schema";
import { aws } from "./aws";
import { azure } from "./azure";
import { gcp } from "./gcp";
import { selfHosted } from "./self-hosted";
import type { CodegenTarget } from "./types";

export type { CodegenTarget } from "./types";

const TARGETS: Record<Cloud, CodegenTarget> = { aws, gcp, azure, self_hosted: selfHosted };

/** What the generated files say and use on `cloud`. */
export function targetOf(cloud: Cloud): CodegenTarget {
  return TARGETS[cloud];
}

/** `{NAME}` placeholders as GitHub Actions repository variables. */
export function asActionsVars(text: string): string {
  return text.replace(/\{([A-Z][A-Z0-9_]*)\}/g, (_, name: string) => `\${{ vars.${name} }}`);
}

/** `{NAME}` placeholders as shell variables, `{PROJECT}` as the project's name. */
export function asShellVars(text: string, project: string): string {
  return text.replace(/\{([A-Z][A-Z0-9_]*)\}/g, (_, name: string) => (name === "PROJECT" ? project : `$${name}`));
}
