import type { Me } from "../../worker/contract/identity";
import { api } from "../lib/api";
import { useLoaded } from "./useLoaded";

// Who is signed in does not change while the page lives: one request serves every component and loader.
let pending: Promise<Me> | null = null;

/** The signed-in caller, asked once per page; a failure is forgotten so that a later call asks again. */
export function loadMe(): Promise<Me> {
  pending ??= api.me().catch((err: unknown) => {
    pending = null;
    throw err;
  });
  return pending;
}

/** The signed-in caller as the server knows them, or null until it answers (and if it fails). */
export function useMe(): Me | null {
  return useLoaded(loadMe);
}
