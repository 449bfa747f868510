// Small process and OS helpers shared by the harness modules.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion; throws with its output when it exits non-zero. */
export async function run(cmd: string, args: string[], opts: { input?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (err) => reject(new Error(`could not run ${cmd}: ${err.message} (is it installed? run: node tests/tools/ensure-deps.mjs)`)));
    child.on('close', (code) => {
      if (code === 0) resolve({ code, stdout, stderr });
      else reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}: ${(stderr || stdout).trim()}`));
    });
    if (child.stdin) {
      child.stdin.on('error', () => undefined); // the command may exit before reading: EPIPE is fine
      child.stdin.end(opts.input);
    }
  });
}

/** Synchronous variant that never throws: used on exit paths where nothing async can run. */
export function runSync(cmd: string, args: string[]): RunResult {
  const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? (r.error ? r.error.message : '') };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// Blocks the thread: only for the synchronous exit path (signal / 'exit' handlers),
// where vitest calls process.exit() 1 ms after SIGINT and timers never fire.
const sleepCell = new Int32Array(new SharedArrayBuffer(4));
export function sleepSync(ms: number): void {
  Atomics.wait(sleepCell, 0, 0, ms);
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM means it exists but is not ours: still alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A process is gone once it no longer exists or is a zombie waiting for its parent to reap it. */
export function pidGone(pid: number): boolean {
  if (!pidAlive(pid)) return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

export function killQuiet(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    /* already gone */
  }
}

export interface ProcInfo {
  pid: number;
  cmdline: string[];
  /** "net:[inode]" */
  netns: string;
  /** "mnt:[inode]": containers have their own mount namespace. */
  mntns: string;
}

/** Snapshot of every process we can inspect (root sees all). */
export function listProcesses(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      let netns = '';
      let mntns = '';
      try {
        netns = readlinkSync(`/proc/${pid}/ns/net`);
        mntns = readlinkSync(`/proc/${pid}/ns/mnt`);
      } catch {
        /* kernel threads or races */
      }
      out.push({ pid, cmdline, netns, mntns });
    } catch {
      /* exited while we looked */
    }
  }
  return out;
}

/**
 * Mount table as the process itself sees it. A container's root mount shows the host paths of
 * its layers (overlay lowerdir/upperdir, or the vfs dir), so it names the engine's data root.
 * Trap: /proc/PID/root of a container reads "/" from outside, and once the shim is gone the
 * container process is reparented to pid 1 with nothing else tying it to its engine.
 */
export function procRootMount(pid: number): string {
  try {
    // Only the line mounted on "/" (the last one if stacked): a process in a copy of the host's
    // mount namespace (unshare -m, PrivateTmp) lists our mounts too, but its root is the host's.
    const lines = readFileSync(`/proc/${pid}/mountinfo`, 'utf8').split('\n');
    return lines.filter((l) => l.split(' ')[4] === '/').pop() ?? '';
  } catch {
    return '';
  }
}

export const selfMountNs = (): string => readlinkSync('/proc/self/ns/mnt');

/** "net:[inode]" of a named network namespace, as /proc/PID/ns/net shows it. */
export function netnsId(netnsPath: string): string | undefined {
  if (!existsSync(netnsPath)) return undefined;
  // Only a live nsfs mount counts: a leftover plain file would give an unrelated inode.
  if (runSync('stat', ['-f', '-L', '-c', '%T', netnsPath]).stdout.trim() !== 'nsfs') return undefined;
  const r = runSync('stat', ['-L', '-c', '%i', netnsPath]);
  const id = r.code === 0 ? `net:[${r.stdout.trim()}]` : undefined;
  // Never hand out the host's own namespace: reaping "everything in it" would kill the machine.
  return id === readlinkSync('/proc/self/ns/net') ? undefined : id;
}

/** Mount points (unescaped) from /proc/self/mountinfo. */
export function mountPoints(): string[] {
  const text = readFileSync('/proc/self/mountinfo', 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => (line.split(' ')[4] ?? '').replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))));
}

/** A TCP port free on the host's 127.0.0.1 right now (a race is possible: callers retry). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Last lines of a log file, for error messages. */
export function tailFile(path: string, lines = 20): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Logs one timing line to stderr. */
export function logStep(what: string, startedAt: number): void {
  process.stderr.write(`[harness] ${what}: ${((performance.now() - startedAt) / 1000).toFixed(2)} s\n`);
}
