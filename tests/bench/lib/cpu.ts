// CPU time accounting from /proc: what a process (or the whole machine) spent, in milliseconds.
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime of one process. */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: split after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** Busy time of all CPUs together (everything but idle and iowait). */
export function machineBusyMs(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  return (total - (v[3] ?? 0) - (v[4] ?? 0)) * TICK_MS;
}

/** CPU time of this process (user + system). */
export function selfCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export interface CpuSnapshot {
  self: number;
  machine: number;
  pids: Map<number, number>;
}

export function snapshot(pids: readonly number[]): CpuSnapshot {
  return { self: selfCpuMs(), machine: machineBusyMs(), pids: new Map(pids.map((p) => [p, processCpuMs(p)])) };
}

export function since(a: CpuSnapshot): { self: number; machine: number; pids: Map<number, number> } {
  const b = snapshot([...a.pids.keys()]);
  return { self: b.self - a.self, machine: b.machine - a.machine, pids: new Map([...a.pids].map(([p, v]) => [p, (b.pids.get(p) ?? v) - v])) };
}

/** utime + stime of each thread of a process, by thread name (threads of one name summed). */
export function threadCpuMs(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = tid === String(pid) ? 'main' : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(name, (out.get(name) ?? 0) + (Number(fields[11]) + Number(fields[12])) * TICK_MS);
    } catch {
      // the thread ended
    }
  }
  return out;
}
