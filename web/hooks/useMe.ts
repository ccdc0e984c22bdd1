import { useEffect, useState } from "react";
import type { Me } from "../../worker/contract/identity";
import { api } from "../lib/api";

// Who is signed in does not change while the page lives: one request serves every component.
let pending: Promise<Me> | null = null;

/** The signed-in caller as the server knows them, or null until it answers (and if it fails). */
export function useMe(): Me | null {
  const [me, setMe] = useState<Me | null>(null);
  useEffect(() => {
    let live = true;
    pending ??= api.me();
    pending.then(
      (m) => {
        if (live) setMe(m);
      },
      () => {
        pending = null;
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return me;
}
