/**
 * Reads a cost estimate defensively. The contract types it as an open JSON object (agents
 * write it), so the expected shape `{monthly_total, currency, items:[{component, monthly_cost}]}`
 * and a few near variants are recognised, and anything else is left for a JSON view.
 */
import { isRecord } from "./json";

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

function firstNumber(o: Record<string, unknown>, keys: readonly string[]): number | undefined {
  for (const k of keys) {
    const v = o[k];
    if (typeof v === "number" && Number.isFinite(v)) return v;
  }
  return undefined;
}

function firstString(o: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = o[k];
    if (typeof v === "string" && v.trim() !== "") return v;
  }
  return undefined;
}

const LIST_KEYS = ["items", "lines", "breakdown", "components", "line_items"] as const;
const LABEL_KEYS = ["component", "name", "service", "item", "label", "id"] as const;
const AMOUNT_KEYS = ["monthly_cost", "monthly", "monthly_usd", "cost", "amount", "usd"] as const;
const TOTAL_KEYS = ["monthly_total", "total_monthly", "monthly_usd", "total", "monthly"] as const;
const BUDGET_KEYS = ["budget_usd", "budget", "monthly_budget"] as const;

/**
 * The estimate as a table, or null when its shape is not recognised. A total alone (a
 * summary without lines) gives a table with no items.
 */
export function readCost(estimate: unknown): CostTable | null {
  if (!isRecord(estimate)) return null;
  let list: unknown[] = [];
  for (const k of LIST_KEYS) {
    const v = estimate[k];
    if (Array.isArray(v)) {
      list = v;
      break;
    }
  }
  const items: CostItem[] = [];
  for (const raw of list) {
    if (!isRecord(raw)) continue;
    const label = firstString(raw, LABEL_KEYS);
    const monthly = firstNumber(raw, AMOUNT_KEYS);
    if (label === undefined || monthly === undefined) continue;
    const quantity = firstNumber(raw, ["quantity", "qty", "count"]);
    const unit = firstString(raw, ["unit"]);
    items.push(
      quantity !== undefined && unit !== undefined
        ? { label, monthly, detail: `${quantity} × ${unit}` }
        : { label, monthly },
    );
  }
  const total = firstNumber(estimate, TOTAL_KEYS);
  if (items.length === 0 && total === undefined) return null;
  const table: CostTable = {
    items,
    total: total ?? items.reduce((n, i) => n + i.monthly, 0),
    currency: firstString(estimate, ["currency"]) ?? "USD",
  };
  const budget = firstNumber(estimate, BUDGET_KEYS);
  if (budget !== undefined) table.budget = budget;
  return table;
}
