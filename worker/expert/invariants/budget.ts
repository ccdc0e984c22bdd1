/**
 * Budget: a design fits the budget when the cheapest feasible design does; otherwise it is
 * that cheapest design, and it names the overage and what drives it. A small budget buys
 * no NAT gateway or WAF that neither the data nor a regime asks for.
 */
import { SMALL_BUDGET_USD } from "../catalogue/sizing";
import { DEFAULT_DIRECTIVES, planDesign } from "../planner";
import { usd } from "../text";
import { decisionOn, type Invariant } from "./types";

/** The cheapest feasible design's monthly cost for the requirements. */
export function cheapestFeasible(req: Parameters<typeof planDesign>[0]): number {
  const { candidates } = planDesign(req, { ...DEFAULT_DIRECTIVES, cost_level: 2 });
  const costs = candidates.filter((c) => c.feasible).map((c) => c.monthly_usd);
  return costs.length === 0 ? Number.POSITIVE_INFINITY : Math.min(...costs);
}

export const budget: Invariant = {
  id: "INV-BUDGET",
  title: "The design fits the budget, or is the cheapest feasible one with its overage named",
  check({ design, req }) {
    const cap = req.budget_usd;
    if (cap === null) return { status: "n/a", detail: "No budget is stated." };
    const cost = design.estimates.monthly_usd;
    if (cap < SMALL_BUDGET_USD) {
      const privateAsked =
        req.classification === "restricted" || req.compliance.some((c) => c === "HIPAA" || c === "PCI-DSS");
      const extras = [
        design.network.nat_gateways > 0 && !privateAsked ? `${design.network.nat_gateways} NAT gateways` : "",
        design.network.waf && !req.compliance.includes("PCI-DSS") ? "a WAF" : "",
      ].filter((x) => x !== "");
      if (extras.length > 0)
        return { status: "fail", detail: `A ${usd(cap)} budget carries ${extras.join(" and ")} nobody asked for.` };
    }
    if (cost <= cap) return { status: "pass", detail: `${usd(cost)} within ${usd(cap)} a month.` };
    const floor = cheapestFeasible(req);
    if (floor <= cap)
      return { status: "fail", detail: `${usd(cost)} over ${usd(cap)}; a feasible design at ${usd(floor)} fits.` };
    const overage = decisionOn(design, "Budget overage");
    if (cost > floor + 1)
      return {
        status: "fail",
        detail: `${usd(cost)} over ${usd(cap)}; the cheapest feasible design costs ${usd(floor)}.`,
      };
    if (overage === undefined)
      return { status: "fail", detail: `${usd(cost - cap)} over budget and the design does not say why.` };
    return { status: "warn", detail: overage.reason };
  },
};
