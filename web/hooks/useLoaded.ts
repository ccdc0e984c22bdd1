import { useEffect, useState } from "react";

/**
 * The value of a page-wide request, or null until it answers (and when it fails). `load`
 * keeps its own promise, so every component that asks shares one request.
 */
export function useLoaded<T>(load: () => Promise<T>): T | null {
  const [value, setValue] = useState<T | null>(null);
  useEffect(() => {
    let live = true;
    load().then(
      (v) => {
        if (live) setValue(v);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [load]);
  return value;
}
