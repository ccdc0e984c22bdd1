/**
 * Reads a cost estimate defensively. The contract types it as an open JSON object (agents
 * write it), so the expected shape `{monthly_total, currency, items:[{component, monthly_cost}]}`
 * and a few near variants are recognised, and anything else is left for a JSON view.
 */

export interface CostItem {
  label: string;
  monthly: number;
}

export interface CostTable {
  items: CostItem[];
  total: number;
  currency: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
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

const LIST_KEYS = ["items", "breakdown", "components", "line_items"] as const;
const LABEL_KEYS = ["component", "name", "service", "item", "label", "id"] as const;
const AMOUNT_KEYS = ["monthly_cost", "monthly", "monthly_usd", "cost", "amount", "usd"] as const;
const TOTAL_KEYS = ["monthly_total", "total_monthly", "total", "monthly"] as const;

/** The estimate as a table, or null when its shape is not recognised. */
export function readCost(estimate: unknown): CostTable | null {
  if (!isRecord(estimate)) return null;
  let list: unknown;
  for (const k of LIST_KEYS) {
    if (Array.isArray(estimate[k])) {
      list = estimate[k];
      break;
    }
  }
  if (!Array.isArray(list)) return null;
  const items: CostItem[] = [];
  for (const raw of list) {
    if (!isRecord(raw)) continue;
    const label = firstString(raw, LABEL_KEYS);
    const monthly = firstNumber(raw, AMOUNT_KEYS);
    if (label !== undefined && monthly !== undefined) items.push({ label, monthly });
  }
  if (items.length === 0) return null;
  const sum = items.reduce((n, i) => n + i.monthly, 0);
  return {
    items,
    total: firstNumber(estimate, TOTAL_KEYS) ?? sum,
    currency: firstString(estimate, ["currency"]) ?? "USD",
  };
}
