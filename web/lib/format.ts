/** Small, locale-aware formatting helpers shared by the views. */

/** "850 ms", "12.4 s", "3 min 05 s", "1 h 02 min": precise for short steps, readable for long runs. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "–";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  const totalS = Math.floor(s);
  const m = Math.floor(totalS / 60);
  if (m < 60) return `${m} min ${String(totalS % 60).padStart(2, "0")} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
}

/** A countdown as m:ss, never negative. */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

export function formatPercent(share: number): string {
  return `${Math.round(Math.min(1, Math.max(0, share)) * 100)}%`;
}

export function formatDateTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export function formatTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * Money in the estimate's own currency. An unknown currency code (the estimate is agent
 * output) falls back to the bare number rather than throwing inside a render.
 */
export function formatMoney(amount: number, currency: string): string {
  try {
    // Whole units for real money; cents where a line is small enough for them to matter.
    const digits = Math.abs(amount) < 100 && !Number.isInteger(amount) ? 2 : 0;
    return new Intl.NumberFormat(undefined, { style: "currency", currency, maximumFractionDigits: digits }).format(
      amount,
    );
  } catch {
    return `${amount.toFixed(0)} ${currency}`;
  }
}

/** "node_name" or "camelCase" keys as words a person reads. */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Seconds left until `deadline` by the server's clock (local clock + measured skew). */
export function secondsLeft(deadline: string, now: number, skewMs: number): number | null {
  const t = Date.parse(deadline);
  if (Number.isNaN(t)) return null;
  return (t - (now + skewMs)) / 1000;
}
