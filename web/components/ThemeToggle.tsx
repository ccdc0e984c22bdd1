import { useId, useSyncExternalStore } from "react";
import { currentChoice, setThemeChoice, subscribeTheme, ThemeChoice } from "../lib/theme";

const LABELS: Record<ThemeChoice, string> = { system: "As the system", light: "Light", dark: "Dark" };

/** Light, dark or as the system says; the choice is kept in this browser. */
export function ThemeToggle() {
  const choice = useSyncExternalStore(subscribeTheme, currentChoice, currentChoice);
  const id = useId();
  return (
    <span className="theme-toggle">
      <label htmlFor={id} className="small muted">
        Colours
      </label>
      <select
        id={id}
        className="small"
        value={choice}
        data-testid="theme-choice"
        onChange={(e) => {
          const parsed = ThemeChoice.safeParse(e.target.value);
          if (parsed.success) setThemeChoice(parsed.data);
        }}
      >
        {ThemeChoice.options.map((c) => (
          <option key={c} value={c}>
            {LABELS[c]}
          </option>
        ))}
      </select>
    </span>
  );
}
