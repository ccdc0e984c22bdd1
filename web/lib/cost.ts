/**
 * A cost estimate as a table. The shape is the contract's `CostEstimate`: a monthly total,
 * optional lines, an optional budget. Anything else (an empty estimate, a run recorded
 * before the shape was fixed) is left for a JSON view.
 */
import { CostEstimate } from "../../worker/contract/shapes";

export interface CostItem {
  label: string;
  monthly: number;
  /** "2 × gpu-node", when the line says how much of what. */
  detail?: string;
}

export interface CostTable {
  items: CostItem[];
  total: number;
  currency: string;
  budget?: number;
}

/** The estimate as a table, or null when it is not a `CostEstimate`. A total alone gives a table with no items. */
export function readCost(estimate: unknown): CostTable | null {
  const parsed = CostEstimate.safeParse(estimate);
  if (!parsed.success) return null;
  const { monthly_usd, currency, budget_usd, lines = [] } = parsed.data;
  const items = lines.map((line): CostItem => {
    const item: CostItem = { label: line.component, monthly: line.monthly_usd };
    if (line.quantity !== undefined && line.unit !== undefined) item.detail = `${line.quantity} × ${line.unit}`;
    return item;
  });
  const table: CostTable = { items, total: monthly_usd, currency: currency ?? "USD" };
  if (budget_usd !== undefined && budget_usd !== null) table.budget = budget_usd;
  return table;
}
