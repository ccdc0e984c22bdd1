/**
 * The loader behind the revision comparison: a decision set and the ones before it on its
 * thread. The chain is a linked list (`previous_id`), so the caller's own list is read
 * beside the first decision set to learn the chain at once, and its members are then
 * fetched together; a link the list does not know (someone else's run) is followed one by one.
 */
import type { LoaderFunctionArgs, ShouldRevalidateFunction } from "react-router";
import type { DecisionSetSummary } from "../../worker/contract/api";
import { api, errorMessage } from "./api";
import { parseSnapshot } from "./parse-event";
import type { Revision } from "./revisions";

/** Revisions shown side by side: the newest and the ones before it on its thread. */
export const MAX_REVISIONS = 4;

/** What the comparison gets: a failure is data, so that it shows in the tab and not in place of the page. */
export type RevisionsData = { ok: true; revisions: Revision[] } | { ok: false; message: string };

/** Where the comparison of `id`'s revisions is loaded from (`useFetcher().load`). */
export function revisionsHref(id: string): string {
  return `/d/${encodeURIComponent(id)}/revisions`;
}

/** `first` and, while the list knows each link, the ones before it: at most `max` ids. */
function knownChain(first: string, byId: ReadonlyMap<string, DecisionSetSummary>, max: number): string[] {
  const ids = [first];
  let next = byId.get(first)?.previous_id ?? null;
  while (next !== null && ids.length < max && !ids.includes(next)) {
    ids.push(next);
    next = byId.get(next)?.previous_id ?? null;
  }
  return ids;
}

/** This decision set and its predecessors on the thread, oldest first. */
export async function loadRevisions(id: string): Promise<Revision[]> {
  // The list is only a shortcut: without it the chain is still followed, one request at a time.
  const [head, list] = await Promise.all([api.getDecisionSet(id), api.listDecisionSets().catch(() => null)]);
  const byId = new Map((list?.decision_sets ?? []).map((d) => [d.decision_set_id, d]));
  const details = [head];
  let next = head.previous_id;
  while (next !== null && details.length < MAX_REVISIONS) {
    const batch = await Promise.all(knownChain(next, byId, MAX_REVISIONS - details.length).map(api.getDecisionSet));
    details.push(...batch);
    next = batch.at(-1)?.previous_id ?? null;
  }
  const revisions: Revision[] = [];
  for (const detail of details) {
    const view = parseSnapshot(detail.snapshot);
    if (view !== null) revisions.push({ decisionSetId: detail.decision_set_id, createdAt: detail.created_at, view });
  }
  return revisions.toReversed();
}

/** Route loader for `revisionsHref(id)`. */
export async function revisionsLoader({ params }: LoaderFunctionArgs): Promise<RevisionsData> {
  try {
    return { ok: true, revisions: await loadRevisions(params.decisionSetId ?? "") };
  } catch (err) {
    return { ok: false, message: errorMessage(err) };
  }
}

/** A finished thread's revisions do not change: nothing the page submits makes them worth reloading. */
export const revisionsShouldRevalidate: ShouldRevalidateFunction = () => false;
