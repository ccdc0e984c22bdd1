/**
 * The host a run was taken on, so that a slow or crowded machine can be told from a
 * regression: CPU model and cores, load average at the start and the end, and the share
 * of CPU time the hypervisor gave to other guests over the run (steal, from /proc/stat).
 */
import { readFileSync } from "node:fs";
import os from "node:os";

/**
 * The aggregate `cpu` line of /proc/stat, in clock ticks, or null where there is none.
 * Fields: user nice system idle iowait irq softirq steal (guest time is inside user).
 * @returns {{ total: number, idle: number, steal: number } | null}
 */
export function cpuTicks() {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n", 1)[0] ?? "";
    if (!line.startsWith("cpu ")) return null;
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    const parts = [user, nice, system, idle, iowait, irq, softirq, steal].map((v) => v ?? 0);
    return {
      total: parts.reduce((a, b) => a + b, 0),
      idle: (idle ?? 0) + (iowait ?? 0),
      steal: steal ?? 0,
    };
  } catch {
    return null;
  }
}

const load = () => os.loadavg().map((x) => Number(x.toFixed(2)));

/** The host as the run starts: model, cores, memory, load; `ticks` is kept for `hostAtEnd`. */
export function hostAtStart() {
  return {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? "?",
    mem_gib: Math.round(os.totalmem() / 2 ** 30),
    load_before: load(),
    node: process.version,
    ticks_before: cpuTicks(),
  };
}

/**
 * What the host did over the run: load at the end, and from the /proc/stat deltas the
 * share of all CPU time that was stolen and that was busy (every process, not only ours).
 * @param {{ ticks_before: ReturnType<typeof cpuTicks> }} start
 */
export function hostAtEnd(start) {
  const a = start.ticks_before;
  const b = cpuTicks();
  const total = a === null || b === null ? 0 : b.total - a.total;
  const pct = (v) => (total > 0 ? Number(((v / total) * 100).toFixed(2)) : null);
  return {
    load_after: load(),
    steal_pct: a === null || b === null ? null : pct(b.steal - a.steal),
    busy_pct: a === null || b === null ? null : pct(total - (b.idle - a.idle)),
  };
}

/** One line on the host for the table's header. */
export function hostLine(machine, loadAfter) {
  const after = loadAfter === undefined ? "" : ` → ${loadAfter.join(" ")}`;
  const steal =
    machine.steal_pct === undefined || machine.steal_pct === null
      ? ""
      : `; steal ${machine.steal_pct.toFixed(1)} % and busy ${machine.busy_pct?.toFixed(0) ?? "–"} % of all CPU time over the run (/proc/stat)`;
  return `${machine.cpus} × ${machine.cpu}, ${machine.mem_gib} GiB, Node ${machine.node}; load ${machine.load_before.join(" ")}${after}${steal}`;
}
