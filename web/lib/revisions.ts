/**
 * Reason cards across the revisions of one thread: for each node, the card each revision
 * ended with, and whether its decision changed from the revision before. Pure: the
 * revisions loader (revisions-loader.ts) fetches them, this lines them up.
 */
import type { ReasonCard } from "../../worker/contract/events";
import type { ViewSnapshot } from "../../worker/contract/view";

export interface Revision {
  decisionSetId: string;
  createdAt: string;
  view: ViewSnapshot;
}

export interface NodeRow {
  node: string;
  title: string;
  /** Per revision, oldest first: the node's last card there, or null where it gave none. */
  cards: (ReasonCard | null)[];
  /** Per revision: its decision differs from the previous revision's (false for the first). */
  changed: boolean[];
}

/** The last card a node gave in a view (a loop's last round is what the design kept). */
function lastCard(view: ViewSnapshot, node: string): ReasonCard | null {
  for (const step of view.steps.toReversed()) {
    if (step.node !== node) continue;
    const card = step.cards.at(-1);
    if (card !== undefined) return card;
  }
  return null;
}

/** One row per node that gave a card in any revision, in the newest revision's step order. */
export function compareRevisions(revisions: readonly Revision[]): NodeRow[] {
  const order: { node: string; title: string }[] = [];
  for (const r of revisions.toReversed()) {
    for (const step of r.view.steps) {
      if (!order.some((o) => o.node === step.node)) order.push({ node: step.node, title: step.title });
    }
  }
  const rows: NodeRow[] = [];
  for (const { node, title } of order) {
    const cards = revisions.map((r) => lastCard(r.view, node));
    if (cards.every((c) => c === null)) continue;
    const changed = cards.map((c, i) => {
      const before = i === 0 ? undefined : cards[i - 1];
      return before !== undefined && (before?.decision ?? null) !== (c?.decision ?? null);
    });
    rows.push({ node, title, cards, changed });
  }
  return rows;
}
