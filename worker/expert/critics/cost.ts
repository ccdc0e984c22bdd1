/**
 * The cost critic: the budget, the dominant cost drivers, idle GPUs, cheaper patterns the
 * planner weighed, and the share disaster recovery takes.
 */
import { PATTERN_MODULES } from "../patterns";
import { usd } from "../text";
import { defineCritic, type Rule } from "./factory";

const budgetFit: Rule = ({ design, req }) => {
  const total = design.estimates.monthly_usd;
  const top = design.components
    .toSorted((a, b) => b.monthly_usd - a.monthly_usd)
    .slice(0, 3)
    .map((c) => `${c.name} ${usd(c.monthly_usd)}`);
  const budget = req.budget_usd;
  if (budget === null)
    return {
      id: "no-budget",
      severity: "info",
      title: `No budget given: ${usd(total)} a month (${design.estimates.band} band)`,
      detail: `Largest items: ${top.join(", ")}.`,
      recommendation: "Agree a monthly budget and alert on it.",
    };
  if (total > budget)
    return {
      id: "over-budget",
      severity: "critical",
      title: `Over budget: ${usd(total)} vs ${usd(budget)} a month`,
      detail: `The design exceeds the budget by ${usd(total - budget)} (${Math.round((total / budget - 1) * 100)}%). Largest items: ${top.join(", ")}.`,
      recommendation: "Trim optional extras (DR tier, headroom, on-demand training) or choose a cheaper pattern.",
    };
  if (total > budget * 0.85)
    return {
      id: "near-budget",
      severity: "warning",
      title: `Close to budget: ${usd(total)} of ${usd(budget)}`,
      detail: `Only ${usd(budget - total)} a month is left for traffic growth.`,
      recommendation: "Set an AWS Budgets alert at 80% and review autoscaling limits.",
    };
  return null;
};

const costDriver: Rule = ({ design }) => {
  const total = design.estimates.monthly_usd;
  const first = design.components.toSorted((a, b) => b.monthly_usd - a.monthly_usd)[0];
  if (first === undefined || total <= 0 || first.monthly_usd / total <= 0.4) return null;
  const steady = first.category === "serving" || first.category === "compute";
  return {
    id: `cost-driver-${first.id}`,
    severity: "info",
    title: `${first.name} is ${Math.round((first.monthly_usd / total) * 100)}% of the cost`,
    detail: `${first.quantity} ${first.unit} at ${usd(first.monthly_usd)} a month.`,
    component: first.id,
    recommendation: steady
      ? "A 1-year Savings Plan on steady compute cuts this by about 30%."
      : "Review its sizing first: it moves the total most.",
  };
};

const idleGpu: Rule = ({ design, req }) =>
  design.serving !== null &&
  design.serving.gpu &&
  design.serving.capacity_rps > 0 &&
  req.rps < design.serving.capacity_rps * 0.3
    ? {
        id: "idle-gpu",
        severity: "warning",
        title: "GPU capacity mostly idle",
        detail: `${design.serving.replicas} GPU replicas handle ~${Math.round(design.serving.capacity_rps)} req/s for ${req.rps} req/s of traffic.`,
        recommendation:
          "Use asynchronous inference with scale-to-zero, or batch requests, if the latency target allows.",
      }
    : null;

const cheaperAlternative: Rule = ({ design, req, candidates }) => {
  const total = design.estimates.monthly_usd;
  const cheapest = candidates
    .filter((c) => c.feasible && c.pattern !== design.pattern && c.monthly_usd < total * 0.7)
    .toSorted((a, b) => a.monthly_usd - b.monthly_usd)[0];
  if (cheapest === undefined) return null;
  return {
    id: "cheaper-alternative",
    severity: req.budget_usd !== null && total > req.budget_usd ? "warning" : "info",
    title: `${PATTERN_MODULES[cheapest.pattern].name} would cost ${usd(cheapest.monthly_usd)}`,
    detail: `It scored ${cheapest.score} (this design ${design.score}): ${cheapest.why}.`,
    recommendation: "Keep the chosen pattern unless cost outweighs that difference.",
  };
};

const drShare: Rule = ({ design }) => {
  const total = design.estimates.monthly_usd;
  const dr = design.components.find((c) => c.region === "dr");
  if (dr === undefined || total <= 0 || dr.monthly_usd / total <= 0.3) return null;
  return {
    id: "dr-share",
    severity: "info",
    title: `Disaster recovery is ${Math.round((dr.monthly_usd / total) * 100)}% of the cost`,
    detail: `${dr.name}: ${usd(dr.monthly_usd)} a month.`,
    component: dr.id,
    recommendation: "Confirm the RTO the business needs; a lower DR tier costs far less.",
  };
};

/** Reviews the design's cost against the budget and the alternatives the planner weighed. */
export const costCritic = defineCritic({
  kind: "cost",
  what: "cost issue",
  category: "cost",
  rules: [budgetFit, costDriver, idleGpu, cheaperAlternative, drShare],
});
