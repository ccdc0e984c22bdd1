/**
 * Which runs wait for the person at this tab, and what to tell them about it: the tab's
 * title and icon, a notification, and the sentences a screen reader hears. Every run's
 * container reports its live state here; one beacon in the layout shows the sum. The rules
 * are pure functions over two reports, so they are tested without a browser.
 */
import { isTerminalStatus, type Status } from "../../worker/contract/status";
import { secondsLeft } from "./format";
import { STATUS_LABEL } from "./status";

/** An open gate nobody has answered yet. */
export interface OpenGate {
  kind: "questions" | "approval";
  /** Server time; absent when the gate waits for ever. */
  deadline?: string;
}

/** What a run's container reports: enough to say which run waits, for what, until when. */
export interface RunAttention {
  id: string;
  /** How the person knows the run: its title, or the request that started it. */
  name: string;
  status: Status;
  gate: OpenGate | null;
  /** The measured difference between the server's clock and this one. */
  skewMs: number;
}

/** The last minute of a gate is announced once, when it begins. */
export const LAST_MINUTE_S = 60;

/** The tab's title while runs wait: "(1) Your answer is needed". */
export function attentionTitle(waiting: number, base: string): string {
  return waiting > 0 ? `(${waiting}) Your answer is needed · ${base}` : base;
}

/** A gate's identity: a new deadline is a new question, even at the same step. */
export function gateKey(run: Pick<RunAttention, "id" | "gate">): string | null {
  return run.gate === null ? null : `${run.id}:${run.gate.kind}:${run.gate.deadline ?? ""}`;
}

/** The deadline as this machine's clock reads it, "14:05". */
function localDeadline(deadline: string, skewMs: number): string {
  const t = Date.parse(deadline) - skewMs;
  return new Date(t).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}

function fallback(gate: OpenGate): string {
  return gate.kind === "questions" ? "the suggested answers are used" : "the default decision is applied";
}

/** One sentence for a gate that has just opened, naming the run and the deadline. */
export function gateOpenedText(run: RunAttention & { gate: OpenGate }): string {
  const what =
    run.gate.kind === "questions"
      ? `“${run.name}” has questions for you.`
      : `“${run.name}” waits for your approval of the plan.`;
  if (run.gate.deadline === undefined || Number.isNaN(Date.parse(run.gate.deadline))) return what;
  return `${what} Without an answer by ${localDeadline(run.gate.deadline, run.skewMs)}, ${fallback(run.gate)}.`;
}

/**
 * What changed between two reports of one run, as a sentence for the live region, or null
 * when nothing worth saying did. A run seen for the first time only speaks of an open gate:
 * a finished run opened from History has nothing new to say.
 */
export function transition(
  before: RunAttention | undefined,
  after: RunAttention,
): { kind: AnnouncementKind; text: string } | null {
  const ended = isTerminalStatus(after.status);
  if (before !== undefined && !isTerminalStatus(before.status) && ended) {
    return { kind: "ended", text: `“${after.name}” has ended: ${STATUS_LABEL[after.status]}.` };
  }
  if (after.gate !== null && gateKey(before ?? { id: after.id, gate: null }) !== gateKey(after)) {
    return { kind: "gate", text: gateOpenedText({ ...after, gate: after.gate }) };
  }
  if (before !== undefined && before.gate !== null && after.gate === null && !ended) {
    return { kind: "answered", text: `The answer to “${after.name}” was received; the run goes on.` };
  }
  return null;
}

/** True once `run`'s open gate is within its last minute (and not yet past it). */
export function inLastMinute(run: RunAttention, now: number): boolean {
  if (run.gate?.deadline === undefined) return false;
  const left = secondsLeft(run.gate.deadline, now, run.skewMs);
  return left !== null && left > 0 && left <= LAST_MINUTE_S;
}

export function lastMinuteText(run: RunAttention): string {
  const gate = run.gate ?? { kind: "questions" };
  return `One minute left to answer “${run.name}”; then ${fallback(gate)}.`;
}

/** What an announcement is about: a gate's opening and last minute call for a notification, the rest clears it. */
export type AnnouncementKind = "gate" | "last-minute" | "answered" | "ended";

/** A sentence for the live region; `n` grows with each, so the same words said twice still change the region. */
export interface Announcement {
  n: number;
  kind: AnnouncementKind;
  runId: string;
  text: string;
}

export interface AttentionState {
  /** The runs that wait for this person, oldest report first. */
  waiting: readonly RunAttention[];
  announcement: Announcement | null;
}

/**
 * The tab's one attention store: containers report into it, the beacon reads it through
 * `useSyncExternalStore`. `announce` hears each new sentence (the beacon's notification).
 */
export class AttentionStore {
  private runs = new Map<string, RunAttention>();
  private lastMinuteSaid = new Set<string>();
  private state: AttentionState = { waiting: [], announcement: null };
  private listeners = new Set<() => void>();
  private count = 0;

  /** Records a run's current state and says what changed. */
  report(run: RunAttention): void {
    const before = this.runs.get(run.id);
    if (before !== undefined && sameReport(before, run)) return;
    this.runs.set(run.id, run);
    const said = transition(before, run);
    this.emit(said === null ? null : { ...said, runId: run.id });
  }

  /** The run's container is gone: it no longer waits here. */
  remove(id: string): void {
    if (!this.runs.delete(id)) return;
    this.emit(null);
  }

  /** Announces each open gate's last minute once; called every second while a gate is open. */
  tick(now: number): void {
    for (const run of this.runs.values()) {
      const key = gateKey(run);
      if (key === null || this.lastMinuteSaid.has(key) || !inLastMinute(run, now)) continue;
      this.lastMinuteSaid.add(key);
      this.emit({ kind: "last-minute", runId: run.id, text: lastMinuteText(run) });
    }
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  getState = (): AttentionState => this.state;

  private emit(said: Omit<Announcement, "n"> | null): void {
    const waiting = [...this.runs.values()].filter((r) => r.gate !== null);
    const announcement = said === null ? this.state.announcement : { n: ++this.count, ...said };
    this.state = { waiting, announcement };
    for (const fn of this.listeners) fn();
  }
}

function sameReport(a: RunAttention, b: RunAttention): boolean {
  return a.name === b.name && a.status === b.status && gateKey(a) === gateKey(b) && a.skewMs === b.skewMs;
}

/** The store the app uses. */
export const attention = new AttentionStore();
