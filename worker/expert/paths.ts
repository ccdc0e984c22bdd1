/**
 * Path sanitising for generated files. Names derived from user text end up in paths, so
 * every path is normalised to relative segments of `[A-Za-z0-9._-]`: no `..`, no absolute
 * roots, no drive letters, no control characters, bounded depth and length.
 */

const MAX_SEGMENT = 80;
const MAX_DEPTH = 8;

/** Turns any string into a safe relative path ("file" if nothing is left). */
export function sanitizePath(raw: string): string {
  const segments = raw
    .normalize("NFKC")
    .replace(/\\/g, "/")
    .split("/")
    .map(sanitizeSegment)
    .filter((s) => s !== "");
  const kept = segments.slice(-MAX_DEPTH);
  return kept.length === 0 ? "file" : kept.join("/");
}

function sanitizeSegment(segment: string): string {
  const cleaned = segment
    .split("")
    .filter((ch) => ch.charCodeAt(0) > 0x1f && ch.charCodeAt(0) !== 0x7f)
    .join("")
    .replace(/^[A-Za-z]:$/, "")
    .replace(/[^A-Za-z0-9._-]/g, "-")
    .replace(/-{2,}/g, "-")
    .slice(0, MAX_SEGMENT);
  // A segment of only dots is "." or ".." or a trick on either: dropped.
  if (/^\.+$/.test(cleaned)) return "";
  return cleaned.replace(/^-+|-+$/g, "") === "" ? "" : cleaned;
}

/** True when a path is already in sanitised form (what validators require of every file). */
export function isSafePath(path: string): boolean {
  return (
    path !== "" &&
    sanitizePath(path) === path &&
    !path.startsWith("/") &&
    path.split("/").every((s) => s !== "." && s !== "..")
  );
}
