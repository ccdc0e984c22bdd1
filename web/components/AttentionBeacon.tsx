import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { attention, type Announcement } from "../lib/attention";
import { setWaitingInTitle } from "../lib/tab-title";

const ICON = "/favicon.svg";
const ICON_WAITING = "/favicon-attention.svg";

function subscribeVisibility(fn: () => void): () => void {
  document.addEventListener("visibilitychange", fn);
  return () => document.removeEventListener("visibilitychange", fn);
}

const isHidden = () => document.visibilityState === "hidden";

function setIcon(href: string): void {
  let link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
  if (link === null) {
    link = document.createElement("link");
    link.rel = "icon";
    link.type = "image/svg+xml";
    document.head.append(link);
  }
  if (link.getAttribute("href") !== href) link.setAttribute("href", href);
}

function notificationsSupported(): boolean {
  return typeof window !== "undefined" && "Notification" in window;
}

/**
 * Tells the person when a run waits for them while they look elsewhere: the tab's title and
 * icon, a notification if they allowed it, and a polite live region that a screen reader
 * reads (a gate opening, its last minute, the answer received, the run's end).
 */
export function AttentionBeacon() {
  const { waiting, announcement } = useSyncExternalStore(attention.subscribe, attention.getState);
  const hidden = useSyncExternalStore(subscribeVisibility, isHidden, () => false);
  const shown = hidden ? waiting.length : 0;
  const open = useRef(new Map<string, Notification>());

  useEffect(() => {
    setWaitingInTitle(shown);
    setIcon(shown > 0 ? ICON_WAITING : ICON);
  }, [shown]);

  // The last minute is measured here, once a second, while any gate is open.
  useEffect(() => {
    if (waiting.length === 0) return undefined;
    const timer = setInterval(() => attention.tick(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [waiting.length]);

  useEffect(() => {
    if (announcement !== null) notify(announcement, open.current);
  }, [announcement]);

  return (
    <div className="sr-only" role="status" aria-live="polite" data-testid="announcer">
      {announcement?.text ?? ""}
    </div>
  );
}

/** A notification for a gate (replacing the run's earlier one); an answer or the end takes it away. */
function notify(said: Announcement, open: Map<string, Notification>): void {
  if (said.kind === "answered" || said.kind === "ended") {
    open.get(said.runId)?.close();
    open.delete(said.runId);
    return;
  }
  if (!notificationsSupported() || Notification.permission !== "granted" || !isHidden()) return;
  const n = new Notification("Reasonstream: your answer is needed", { body: said.text, tag: said.runId });
  n.addEventListener("click", () => {
    window.focus();
    n.close();
  });
  open.set(said.runId, n);
}

/**
 * Offers notifications; the browser's prompt comes only from the person's click, never on load.
 * Once they chose, it says what they chose.
 */
export function NotifyToggle() {
  const [permission, setPermission] = useState<NotificationPermission | "unsupported">(() =>
    notificationsSupported() ? Notification.permission : "unsupported",
  );
  if (permission === "unsupported") return null;
  if (permission === "granted")
    return (
      <span className="muted small" data-testid="notify-state">
        Notifications on
      </span>
    );
  if (permission === "denied") return null;
  return (
    <button
      type="button"
      className="small"
      data-testid="notify-enable"
      onClick={() => void Notification.requestPermission().then(setPermission)}
    >
      Notify me when a run needs me
    </button>
  );
}
