/**
 * Light or dark: the person's choice, kept in localStorage, or the system's. The resolved
 * scheme is written on <html data-scheme>, which the stylesheet's colour tokens follow, and
 * is readable by components that draw their own colours (the mermaid diagram).
 */
import { z } from "zod";

const KEY = "rs:theme";

export const ThemeChoice = z.enum(["system", "light", "dark"]);
export type ThemeChoice = z.infer<typeof ThemeChoice>;
export type Scheme = "light" | "dark";

/** The scheme a choice comes to, given what the system prefers. */
export function resolveScheme(choice: ThemeChoice, systemDark: boolean): Scheme {
  if (choice === "system") return systemDark ? "dark" : "light";
  return choice;
}

/** The stored choice; anything unreadable is "system". */
export function readChoice(from: Pick<Storage, "getItem"> | null): ThemeChoice {
  try {
    const parsed = ThemeChoice.safeParse(from?.getItem(KEY));
    return parsed.success ? parsed.data : "system";
  } catch {
    return "system";
  }
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const listeners = new Set<() => void>();
let choice: ThemeChoice = "system";
let scheme: Scheme = "light";
let media: MediaQueryList | null = null;

function apply(): void {
  const next = resolveScheme(choice, media?.matches ?? false);
  document.documentElement.dataset.scheme = next;
  if (next === scheme && document.documentElement.dataset.choice === choice) return;
  scheme = next;
  document.documentElement.dataset.choice = choice;
  for (const fn of listeners) fn();
}

/** Reads the stored choice and follows the system's changes; called once, before the first render. */
export function initTheme(): void {
  choice = readChoice(storage());
  media = window.matchMedia?.("(prefers-color-scheme: dark)") ?? null;
  media?.addEventListener("change", apply);
  apply();
}

/** Records the person's choice and applies it at once. */
export function setThemeChoice(next: ThemeChoice): void {
  choice = next;
  try {
    storage()?.setItem(KEY, next);
  } catch {
    // Storage refused: the choice holds until the page is closed.
  }
  apply();
}

export function subscribeTheme(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export const currentScheme = (): Scheme => scheme;
export const currentChoice = (): ThemeChoice => choice;
