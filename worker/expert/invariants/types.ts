/** One invariant: a property every design must hold, whichever thinker produced it. */
import type { Design, PolicyResult, Requirements } from "../schema";

/** What an invariant reads: the design and the requirements it was built for. */
export interface InvariantInput {
  design: Design;
  req: Requirements;
}

/**
 * An invariant's check. `pass`: it holds; `warn`: it cannot be met and the design says so
 * (what stands in, and why); `fail`: it is broken; `n/a`: the brief states nothing it keeps.
 */
export interface Invariant {
  id: string;
  title: string;
  check(x: InvariantInput): Pick<PolicyResult, "status" | "detail">;
}

/** A decision of `design` whose topic starts with `topic`, if it has one. */
export function decisionOn(design: Design, topic: string) {
  return design.decisions.find((d) => d.topic.startsWith(topic));
}
