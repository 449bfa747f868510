// A private dockerd for tests: own temp dir, own network namespace, own containerd namespace.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PREFIX, netnsPathOf, reapSync, track } from './cleanup.ts';
import { engineJson, engineRequest, type ContainerSummary, type EngineInfo } from './engine-client.ts';
import { killQuiet, pidGone, run, sleep, tailFile } from './sys.ts';

export { cleanupStale } from './cleanup.ts';
export * from './engine-client.ts';

export interface TestEngine {
  name: string;
  socketPath: string;
  netnsName: string;
  /** /var/run/netns/NAME: enter it with `nsenter --net=PATH` (never `ip netns exec`). */
  netnsPath: string;
  dir: string;
  logPath: string;
  /** dockerd's pid (a new one after resume()). */
  readonly pid: number;
  /** Stops dockerd the orderly way (SIGTERM: it stops its containers first) and waits until it exited; its state stays. */
  halt(): Promise<void>;
  /** Starts dockerd again on the same state after halt() (or a SIGKILL); resolves once it answers /_ping. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartEngineOptions {
  name?: string;
  /** Default: dockerd picks (overlay2 here, vfs where overlay is impossible). Env PORTHOLE_TEST_STORAGE_DRIVER too. */
  storageDriver?: string;
  readyTimeoutMs?: number;
  /** More dockerd flags, e.g. a TCP listener with TLS (-H tcp://… --tlsverify …). */
  extraArgs?: string[];
}

let counter = 0;

export async function startEngine(opts: StartEngineOptions = {}): Promise<TestEngine> {
  counter += 1;
  const netnsName = `${PREFIX}${process.pid}-${counter}`;
  const name = opts.name ?? netnsName;
  // The dir name starts with the netns name: cleanupStale() pairs them up after a crash.
  const dir = mkdtempSync(join(tmpdir(), `${netnsName}-`));
  const untrack = track({ dir, netnsName });
  const netnsPath = netnsPathOf(netnsName);
  const socketPath = join(dir, 'sock');
  const logPath = join(dir, 'dockerd.log');
  const pidFile = join(dir, 'dockerd.pid');
  try {
    await run('ip', ['netns', 'add', netnsName]);
    // Trap: `ip netns exec` remounts /sys, and dockerd then fails with "Devices cgroup isn't mounted".
    await run('nsenter', [`--net=${netnsPath}`, 'ip', 'link', 'set', 'lo', 'up']);
    // Trap: dockerd reads /etc/docker/daemon.json by default; a user's settings there (hosts,
    // data-root) would clash with our flags.
    const configFile = join(dir, 'daemon.json');
    writeFileSync(configFile, '{}\n');
    const args = [
      `--net=${netnsPath}`,
      'dockerd',
      '--config-file', configFile,
      '--data-root', join(dir, 'data'),
      '--exec-root', join(dir, 'exec'),
      '--pidfile', pidFile,
      '-H', `unix://${socketPath}`,
      // dockerd 20.10 uses the system containerd when /run/containerd/containerd.sock exists:
      // a namespace of our own keeps our containers apart from the user's.
      '--containerd-namespace', netnsName,
      '--containerd-plugins-namespace', `${netnsName}-plugins`,
      // Containers that ignore SIGTERM (sleep as pid 1) would otherwise hold up shutdown 10 s.
      '--shutdown-timeout', '1',
    ];
    const driver = opts.storageDriver ?? process.env.PORTHOLE_TEST_STORAGE_DRIVER;
    if (driver) args.push('--storage-driver', driver);
    args.push(...(opts.extraArgs ?? []));
    // Never without a bridge and never in the host netns: a second engine there deletes the host engine's docker0.
    let pid = -1;
    const launch = async (): Promise<void> => {
      const logFd = openSync(logPath, 'a');
      // Detached: a terminal Ctrl-C must not reach dockerd before our cleanup decides the order.
      // nsenter execs dockerd, so child.pid is dockerd's pid.
      const child = spawn('nsenter', args, { detached: true, stdio: ['ignore', logFd, logFd] });
      closeSync(logFd);
      child.unref();
      let exited: string | undefined;
      child.on('exit', (code, signal) => (exited = `exited with ${code ?? signal}`));
      child.on('error', (err) => (exited = `could not start: ${err.message}`));
      pid = child.pid ?? -1;

      const timeout = opts.readyTimeoutMs ?? 30_000;
      const deadline = Date.now() + timeout;
      for (;;) {
        if (exited) {
          throw new Error(`test dockerd ${exited} before answering /_ping. Last log lines (${logPath}):\n${tailFile(logPath)}`);
        }
        const ok = await engineRequest(socketPath, 'GET', '/_ping', undefined, {}, 1000).then(
          (r) => r.status === 200,
          () => false,
        );
        if (ok) break;
        if (Date.now() > deadline) {
          throw new Error(
            `test dockerd did not answer /_ping on ${socketPath} within ${timeout / 1000} s. Last log lines:\n${tailFile(logPath)}`,
          );
        }
        await sleep(100);
      }
    };
    await launch();
    const halt = async (): Promise<void> => {
      killQuiet(pid, 'SIGTERM');
      const killAt = Date.now() + 30_000;
      while (!pidGone(pid) && Date.now() < killAt) await sleep(50);
      if (!pidGone(pid)) throw new Error(`test dockerd ${pid} did not exit within 30 s of SIGTERM`);
    };

    let stopped = false;
    const stop = async (): Promise<void> => {
      if (stopped) return;
      stopped = true;
      if (!pidGone(pid)) {
        // A swarm left behind makes the next start slow; ignore "not part of a swarm".
        await engineRequest(socketPath, 'POST', '/swarm/leave?force=true', undefined, {}, 10_000).catch(() => undefined);
        // Kill containers first: dockerd would otherwise stop them one by one with a timeout.
        const running = await engineJson<ContainerSummary[]>(socketPath, 'GET', '/containers/json').catch(
          (): ContainerSummary[] => [],
        );
        await Promise.all(
          running.map((c) => engineRequest(socketPath, 'POST', `/containers/${c.Id}/kill`, undefined, {}, 10_000).catch(() => undefined)),
        );
        killQuiet(pid, 'SIGTERM');
        const killAt = Date.now() + 15_000;
        while (!pidGone(pid) && Date.now() < killAt) await sleep(50);
        if (!pidGone(pid)) killQuiet(pid, 'SIGKILL');
      }
      // Whatever is left (containerd, shims, mounts under the exec/data roots, the netns, the dir).
      const problems = reapSync({ dir, netnsName });
      untrack();
      if (problems.length > 0) throw new Error(`test engine ${name} did not clean up fully:\n${problems.join('\n')}`);
    };
    return {
      name,
      socketPath,
      netnsName,
      netnsPath,
      dir,
      logPath,
      get pid() {
        return pid;
      },
      halt,
      resume: launch,
      stop,
    };
  } catch (err) {
    const problems = reapSync({ dir, netnsName });
    untrack();
    if (problems.length > 0) (err as Error).message += `\nCleanup problems:\n${problems.join('\n')}`;
    throw err;
  }
}

/** The storage driver the engine picked (overlay2 here; vfs on filesystems overlay cannot use). */
export async function engineDriver(engine: Pick<TestEngine, 'socketPath'>): Promise<string> {
  return (await engineJson<EngineInfo>(engine.socketPath, 'GET', '/info')).Driver;
}
