// Leaves nothing behind: tracks what the harness created (a temp dir, maybe a netns) and can
// destroy it synchronously, so it also works inside signal and 'exit' handlers.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killQuiet, listProcesses, mountPoints, netnsId, pidAlive, pidGone, procRootMount, runSync, selfMountNs, sleepSync } from './sys.ts';

/** Every temp dir and netns the harness makes is named `porthole-test-<owner pid>-...`. */
export const PREFIX = 'porthole-test-';
const OWNED = /^porthole-test-(\d+)-/;

export interface Scope {
  /** Temp dir holding all state; every process we start names it on its command line. */
  dir: string;
  netnsName?: string;
}

export const netnsPathOf = (name: string): string => `/var/run/netns/${name}`;

/**
 * Kills every process tied to the scope, unmounts what is left under its dir, deletes its netns
 * and its dir. Never throws; returns what it could not remove.
 */
export function reapSync(scope: Scope): string[] {
  const problems: string[] = [];
  const dir = scope.dir.replace(/\/+$/, '');
  const nsId = scope.netnsName ? netnsId(netnsPathOf(scope.netnsName)) : undefined;
  // Processes: dockerd, containerd, shims and registries name the dir on their command line
  // (shims of a system containerd name our containerd namespace, which is the netns name);
  // the in-netns registry lives in the netns; container processes (own mount namespace) have
  // their root filesystem under the dir. Killing a shim does NOT kill its container.
  const selfMnt = selfMountNs();
  const victims = listProcesses().filter(
    (p) =>
      p.cmdline.some((a) => a.includes(dir) || a === scope.netnsName) ||
      (nsId !== undefined && p.netns === nsId) ||
      (p.mntns !== '' && p.mntns !== selfMnt && procRootMount(p.pid).includes(dir + '/')),
  );
  for (const p of victims) killQuiet(p.pid, 'SIGKILL');
  const deadline = Date.now() + 5000;
  while (victims.some((p) => !pidGone(p.pid)) && Date.now() < deadline) sleepSync(50);
  for (const p of victims) if (!pidGone(p.pid)) problems.push(`process ${p.pid} (${p.cmdline.join(' ')}) did not die`);

  removeShimSockets(dir, scope.netnsName);

  // Mounts: overlay "merged" dirs, container netns files, dockerd's bind mount of the data root.
  // Several may be stacked on one path: unmount deepest first, and loop.
  for (let round = 0; round < 5; round++) {
    const mounts = mountPoints().filter((m) => m === dir || m.startsWith(dir + '/'));
    if (mounts.length === 0) break;
    mounts.sort((a, b) => b.length - a.length);
    for (const m of mounts) runSync('umount', ['-l', m]);
  }
  const left = mountPoints().filter((m) => m === dir || m.startsWith(dir + '/'));
  if (left.length > 0) problems.push(`still mounted: ${left.join(', ')}`);

  if (scope.netnsName && existsSync(netnsPathOf(scope.netnsName))) {
    const r = runSync('ip', ['netns', 'del', scope.netnsName]);
    if (r.code !== 0) problems.push(`ip netns del ${scope.netnsName}: ${r.stderr.trim()}`);
  }
  if (left.length === 0) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch (err) {
      problems.push(`rm -rf ${dir}: ${(err as Error).message}`);
    }
  }
  return problems;
}

/**
 * containerd 1.6 puts each shim's socket in /run/containerd/s/<sha256(address/namespace/id)>,
 * outside our dir; a SIGKILLed shim leaves it behind. Remove those of this engine's containers,
 * for our own containerd and for a system one.
 */
function removeShimSockets(dir: string, namespace: string | undefined): void {
  if (!namespace) return;
  let ids: string[] = [];
  try {
    ids = readdirSync(join(dir, 'data', 'containers'));
  } catch {
    return; // not an engine dir, or no container ever created
  }
  const addresses = [join(dir, 'exec', 'containerd', 'containerd.sock'), '/run/containerd/containerd.sock'];
  for (const id of ids) {
    for (const address of addresses) {
      const hash = createHash('sha256').update(join(address, namespace, id)).digest('hex');
      rmSync(`/run/containerd/s/${hash}`, { force: true });
    }
  }
}

// ---- what this process owns right now ----

const live: Scope[] = [];

/** Registers a scope for emergency cleanup; returns the function that forgets it again. */
export function track(scope: Scope): () => void {
  live.push(scope);
  return () => {
    const i = live.indexOf(scope);
    if (i >= 0) live.splice(i, 1);
  };
}

/** Destroys everything still tracked, newest first (registries before the engine they use). */
export function reapAllSync(reason: string): void {
  if (live.length === 0) return;
  process.stderr.write(`[harness] ${reason}: removing ${live.length} test resource(s)\n`);
  for (const scope of live.splice(0).reverse()) {
    for (const p of reapSync(scope)) process.stderr.write(`[harness] cleanup problem: ${p}\n`);
  }
}

let handlersInstalled = false;
const SIGNALS: Record<string, number> = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 };

/**
 * Makes an interrupted run clean up after itself. Everything here is synchronous: vitest's own
 * SIGINT handler calls process.exit() 1 ms later, so async work would never finish.
 * A SIGKILLed run cannot clean up: cleanupStale() at the next start handles that.
 */
export function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => reapAllSync('process exit'));
  // Monitor, not handler: keeps Node's (and vitest's) normal crash behaviour. Reap only when the
  // process is about to die, i.e. when nobody handles the exception.
  process.on('uncaughtExceptionMonitor', () => {
    if (process.listenerCount('uncaughtException') === 0) reapAllSync('uncaught exception');
  });
  for (const [sig, num] of Object.entries(SIGNALS)) {
    const onSignal = (): void => {
      reapAllSync(sig);
      // If vitest (or anyone) also listens, let it finish and exit; otherwise exit like Node would.
      if (process.listenerCount(sig) <= 1) process.exit(128 + num);
    };
    process.on(sig, onSignal);
  }
}

// ---- leftovers of earlier runs ----

function ownerAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  if (!pidAlive(pid)) return false;
  // Guard against pid reuse: our owners are node processes.
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('node');
  } catch {
    return false;
  }
}

/**
 * Removes what interrupted runs left: netns, temp dirs, processes and mounts named
 * porthole-test-<pid>-* whose owner pid is dead. Resources of live runs are left alone.
 */
export function cleanupStale(): string[] {
  const removed: string[] = [];
  const isStale = (name: string): boolean => {
    const m = OWNED.exec(name);
    return m !== null && !ownerAlive(Number(m[1]));
  };
  const base = tmpdir();
  let dirs: string[] = [];
  try {
    dirs = readdirSync(base).filter(isStale);
  } catch {
    /* no tmp dir */
  }
  const netnsNames = runSync('ip', ['netns', 'list'])
    .stdout.split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter(isStale);
  // An engine's dir is `<netns name>-XXXXXX`: reap the pair together.
  for (const name of netnsNames) {
    const own = dirs.filter((d) => d.startsWith(name + '-'));
    dirs = dirs.filter((d) => !own.includes(d));
    for (const d of own.length > 0 ? own : [name]) {
      const problems = reapSync({ dir: join(base, d), netnsName: name });
      removed.push(`${name} ${d}`, ...problems.map((p) => `problem: ${p}`));
    }
  }
  for (const d of dirs) {
    const problems = reapSync({ dir: join(base, d) });
    removed.push(d, ...problems.map((p) => `problem: ${p}`));
  }
  // Processes whose dir is already gone (e.g. a registry, or a container of an engine that was
  // SIGKILLed): found by command line, or by the mount table of their own mount namespace.
  const orphanRe = new RegExp(`/${PREFIX}(\\d+)-`, 'g');
  const selfMnt = selfMountNs();
  for (const p of listProcesses()) {
    const texts = [...p.cmdline];
    if (p.mntns !== '' && p.mntns !== selfMnt) texts.push(procRootMount(p.pid));
    const owners = texts.flatMap((t) => [...t.matchAll(orphanRe)].map((m) => Number(m[1])));
    if (owners.length > 0 && owners.every((o) => !ownerAlive(o))) {
      killQuiet(p.pid, 'SIGKILL');
      removed.push(`process ${p.pid} ${p.cmdline[0] ?? ''}`);
    }
  }
  return removed;
}
