import { useEffect, useState } from "react";
import { LiveSummary } from "../../worker/contract/api";
import { liveUrl } from "../lib/api";

export type Summaries = ReadonlyMap<string, LiveSummary>;

/**
 * The history page's live summaries: ONE EventSource for the whole list, whatever its
 * length (a browser allows six connections per origin over HTTP/1.1, and each open stream
 * holds one). Opened only while `needed` (some row is still running); the server answers
 * 204 once nothing is left to follow, which stops EventSource's own reconnects.
 */
export function useLiveSummaries(needed: boolean): Summaries {
  const [summaries, setSummaries] = useState<Summaries>(new Map());
  useEffect(() => {
    if (!needed) return;
    const es = new EventSource(liveUrl());
    es.addEventListener("summary", (event) => {
      if (!("data" in event) || typeof event.data !== "string") return;
      let json: unknown;
      try {
        json = JSON.parse(event.data);
      } catch {
        return;
      }
      const parsed = LiveSummary.safeParse(json);
      if (!parsed.success) return;
      const summary = parsed.data;
      setSummaries((before) => new Map(before).set(summary.decision_set_id, summary));
    });
    return () => es.close();
  }, [needed]);
  return summaries;
}
