/**
 * The tab's title has two authors: the page names itself (a run's title), and the
 * attention beacon prefixes how many runs wait. Each sets its part here; neither
 * overwrites the other's.
 */
import { attentionTitle } from "./attention";

let base: string | null = null;
let waiting = 0;

function write(): void {
  base ??= document.title;
  document.title = attentionTitle(waiting, base);
}

/** Names the page; the returned function puts back the name before it. */
export function setPageTitle(title: string): () => void {
  base ??= document.title;
  const before = base;
  base = title;
  write();
  return () => {
    base = before;
    write();
  };
}

/** How many runs wait for the person, as the title shows it (0: none, or the tab is in view). */
export function setWaitingInTitle(count: number): void {
  if (count === waiting) return;
  waiting = count;
  write();
}
