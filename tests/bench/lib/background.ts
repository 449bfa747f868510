// How much of the machine other work took while a measurement ran. "Ours" is this process, the proxy child,
// and the test engine's processes (dockerd, containerd, shims: their command lines name the engine's dir;
// exec'd processes are counted through their reaper's cutime). Kernel threads (kworkers moving pty and socket
// data) count for neither side. Everything else busy on the CPUs is "other".
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { machineBusyMs } from './cpu.ts';
import { now } from './stats.ts';

const TICK_MS = 10;

export interface Mark {
  t: number;
  machine: number;
  ours: Map<number, number>;
}

/** utime + stime + cutime + cstime of a process, or null when it is gone. */
function cpuWithChildren(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * TICK_MS;
  } catch {
    return null;
  }
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] === 'Z';
  } catch {
    return true;
  }
}

export class Background {
  constructor(
    /** A path every engine process names on its command line (the engine's temp dir). */
    private readonly engineDir: string,
    /** Our own children (the proxy) by pid, looked up at each mark. */
    private readonly extraPids: () => readonly number[],
  ) {}

  /** Our processes and the kernel's threads (an empty command line). */
  private ourPids(): number[] {
    const pids = new Set<number>([process.pid, ...this.extraPids()]);
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
        if (cmdline.includes(this.engineDir) || (cmdline === '' && !isZombie(Number(name)))) pids.add(Number(name));
      } catch {
        // gone
      }
    }
    return [...pids];
  }

  mark(): Mark {
    const ours = new Map<number, number>();
    for (const pid of this.ourPids()) {
      const v = cpuWithChildren(pid);
      if (v !== null) ours.set(pid, v);
    }
    return { t: now(), machine: machineBusyMs(), ours };
  }

  /** Share of all CPUs that other work kept busy between a mark and now (0..1). */
  otherShare(a: Mark): number {
    const b = this.mark();
    let ours = 0;
    for (const [pid, v] of b.ours) ours += v - (a.ours.get(pid) ?? 0);
    const wall = b.t - a.t;
    return Math.max(0, (b.machine - a.machine - ours) / (wall * availableParallelism()));
  }
}

export interface Attempted<T> {
  result: T;
  /** Other work's share of the CPUs during the kept attempt. */
  other: number;
  attempts: number;
}

/**
 * Runs a measurement; while other work took more than `limit` of the CPUs, runs it again (at most
 * `maxAttempts`, and not after `deadline`), keeping the quietest attempt.
 */
export async function quietest<T>(
  bg: Background,
  what: string,
  run: () => Promise<T>,
  opts: { limit: number; maxAttempts: number; deadline: number; log: (m: string) => void },
): Promise<Attempted<T>> {
  let best: Attempted<T> | null = null;
  for (let attempt = 1; attempt <= opts.maxAttempts; attempt++) {
    const m = bg.mark();
    const result = await run();
    const other = bg.otherShare(m);
    if (!best || other < best.other) best = { result, other, attempts: attempt };
    else best.attempts = attempt;
    if (other <= opts.limit) break;
    if (attempt < opts.maxAttempts && now() < opts.deadline) {
      opts.log(`${what}: other work took ${(other * 100).toFixed(0)}% of the CPUs meanwhile; measuring again`);
    } else break;
  }
  return best!;
}

/** Runs one measurement under a quietness check (see quietest); what run.ts hands to the measurement modules. */
export type Guard = <T>(what: string, run: () => Promise<T>) => Promise<{ result: T; other: number }>;

/** A guard that only runs (no meter). */
export const unguarded: Guard = async (_what, run) => ({ result: await run(), other: Number.NaN });
