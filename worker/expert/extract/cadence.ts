/**
 * The shape of the work as the brief's own words give it: volumes by the night, day or
 * month with nobody waiting are batch; a continuous stream of events with seconds to act
 * is streaming. Each answer carries the words that decided it, for the design to quote.
 */
const BATCH =
  /\b(?:nightly|every night|overnight|each night|once a (?:day|week|month)|by the (?:day|month)|daily (?:batch|volumes?|files|exports?|loads?)|monthly (?:batch|volumes?|files|recordings|loads?))\b/i;
/** A volume by the period: "3,000 call recordings a month" (not money, not requests). */
const VOLUME =
  /(?<![$€£\d.,])\b\d[\d,.]*\s?(?:k|m|thousand|million)?\s+((?:[a-z-]+\s+){0,2}[a-z-]+)\s+(?:per|a|an|each|every)\s+(?:night|day|month)\b/i;
const NOT_VOLUME = /\b(?:usd|dollars?|euros?|pounds?|eur|gbp|requests?|queries|gb|tb|hours?|users?)\b/i;
const STREAM =
  /\b(?:continuous(?:ly)?(?: stream(?:ing)?| events?| feed)?|event streams?|streams? of events|within (?:a few )?seconds|seconds to (?:act|react|respond))\b/i;
/** Someone waits on an answer: the work is online whatever its cadence. */
const ONLINE =
  /real[- ]?time|\bapi\b|endpoint|interactive|chatbot|per request|\brps\b|requests? (?:per|an?|each) (?:second|minute|hour)|req\/s|latency|\b\d+\s?ms\b|\bp(?:50|90|95|99)\b/i;

export type Shape = "batch" | "streaming";

/** The shape the words of `text` state, with those words; null when they state none. */
export function cadenceOf(text: string): { shape: Shape; words: string } | null {
  if (ONLINE.test(text)) return null;
  const stream = STREAM.exec(text);
  if (stream !== null) return { shape: "streaming", words: stream[0] };
  const volume = VOLUME.exec(text);
  if (volume !== null && !NOT_VOLUME.test(volume[1] ?? "")) return { shape: "batch", words: volume[0] };
  const batch = BATCH.exec(text);
  if (batch !== null) return { shape: "batch", words: batch[0] };
  return null;
}
