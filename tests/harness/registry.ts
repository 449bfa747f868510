// A real Registry API v2 (Debian's docker-registry) reachable at the same 127.0.0.1:PORT from
// the host and from inside the test engine's network namespace.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PREFIX, reapSync, track } from './cleanup.ts';
import { freePort, killQuiet, pidGone, run, sleep, tailFile } from './sys.ts';

export interface TestRegistry {
  /** "127.0.0.1:PORT": the same address works on the host and inside the engine's netns. */
  host: string;
  url: string;
  port: number;
  user?: string;
  password?: string;
  dir: string;
  stop(): Promise<void>;
}

export interface StartRegistryOptions {
  /** The engine's netns (/var/run/netns/NAME): a second registry process serves it there. */
  netnsPath: string;
  auth?: { user: string; password: string };
  readyTimeoutMs?: number;
}

let counter = 0;

/**
 * Why two processes: the engine's 127.0.0.1 is its own netns's loopback, not the host's. Two
 * registries on the same port, one per namespace, share one config and one storage dir, so a
 * push through either is visible through both. Trap: no `cache: blobdescriptor: inmemory` in
 * the config, or each process would keep a stale view of deletes done through the other; and one
 * shared http.secret, so upload state signed by one process is accepted by the other.
 */
export async function startRegistry(opts: StartRegistryOptions): Promise<TestRegistry> {
  counter += 1;
  const dir = mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-reg${counter}-`));
  const untrack = track({ dir });
  const pids: number[] = [];
  try {
    let htpasswdPath: string | undefined;
    if (opts.auth) {
      // bcrypt is the only hash the registry accepts; htpasswd (apache2-utils) writes it.
      const line = (await run('htpasswd', ['-Bbn', opts.auth.user, opts.auth.password])).stdout.trim();
      htpasswdPath = join(dir, 'htpasswd');
      writeFileSync(htpasswdPath, line + '\n');
    }
    const secret = randomBytes(16).toString('hex');
    const timeout = opts.readyTimeoutMs ?? 15_000;
    // The free port is probed on the host only (the netns has nothing else listening): retry on a race.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const config = join(dir, `config-${port}.yml`);
      writeFileSync(
        config,
        [
          'version: 0.1',
          'log: { level: warn, accesslog: { disabled: true } }',
          'storage:',
          `  filesystem: { rootdirectory: ${join(dir, 'data')} }`,
          '  delete: { enabled: true }',
          '  maintenance: { uploadpurging: { enabled: false } }',
          `http: { addr: "127.0.0.1:${port}", secret: "${secret}" }`,
          ...(htpasswdPath ? [`auth: { htpasswd: { realm: porthole-test, path: ${htpasswdPath} } }`] : []),
          '',
        ].join('\n'),
      );
      const hostLog = join(dir, `host-${port}.log`);
      const nsLog = join(dir, `netns-${port}.log`);
      const host = spawnLogged('docker-registry', ['serve', config], hostLog);
      const inNs = spawnLogged('nsenter', [`--net=${opts.netnsPath}`, 'docker-registry', 'serve', config], nsLog);
      pids.push(host.pid, inNs.pid);
      const url = `http://127.0.0.1:${port}`;
      const deadline = Date.now() + timeout;
      let ready = false;
      while (Date.now() < deadline && !host.exited() && !inNs.exited()) {
        const [a, b] = await Promise.all([probeHost(url), probeNetns(opts.netnsPath, url)]);
        if (a && b) {
          ready = true;
          break;
        }
        await sleep(100);
      }
      if (ready) {
        let stopped = false;
        const stop = async (): Promise<void> => {
          if (stopped) return;
          stopped = true;
          for (const pid of pids) killQuiet(pid, 'SIGTERM');
          const killAt = Date.now() + 5000;
          while (pids.some((p) => !pidGone(p)) && Date.now() < killAt) await sleep(50);
          const problems = reapSync({ dir });
          untrack();
          if (problems.length > 0) throw new Error(`test registry ${url} did not clean up fully:\n${problems.join('\n')}`);
        };
        return {
          host: `127.0.0.1:${port}`,
          url,
          port,
          ...(opts.auth ? { user: opts.auth.user, password: opts.auth.password } : {}),
          dir,
          stop,
        };
      }
      for (const pid of [host.pid, inNs.pid]) killQuiet(pid, 'SIGKILL');
      const logs = `host log:\n${tailFile(hostLog, 10)}\nnetns log:\n${tailFile(nsLog, 10)}`;
      const portTaken = /address already in use/.test(logs);
      if (!portTaken || attempt >= 5) {
        throw new Error(
          `docker-registry did not answer GET /v2/ on 127.0.0.1:${port} (host and engine netns) within ${timeout / 1000} s.\n${logs}`,
        );
      }
    }
  } catch (err) {
    reapSync({ dir });
    untrack();
    throw err;
  }
}

function spawnLogged(cmd: string, args: string[], logPath: string): { pid: number; exited: () => boolean } {
  const fd = openSync(logPath, 'a');
  // Detached: Ctrl-C on the terminal must not reach it; our cleanup stops it.
  const child = spawn(cmd, args, { detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  child.unref();
  let exited = false;
  child.on('exit', () => (exited = true));
  child.on('error', () => (exited = true));
  return { pid: child.pid ?? -1, exited: () => exited };
}

/** 200, or 401 for the auth variant, means it serves. */
async function probeHost(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/v2/`, { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return res.status === 200 || res.status === 401;
  } catch {
    return false;
  }
}

// Node itself is the one HTTP client sure to be there: run it inside the netns for the probe.
const PROBE = `require('http').get(process.argv[1], r => { process.stdout.write(String(r.statusCode)); r.resume(); }).on('error', () => process.exit(1))`;

async function probeNetns(netnsPath: string, url: string): Promise<boolean> {
  try {
    const out = await run('nsenter', [`--net=${netnsPath}`, process.execPath, '-e', PROBE, `${url}/v2/`]);
    return out.stdout === '200' || out.stdout === '401';
  } catch {
    return false;
  }
}

/** Host-side request to a test registry, with Basic credentials when it has them. */
export async function registryFetch(
  reg: Pick<TestRegistry, 'url' | 'user' | 'password'>,
  method: string,
  path: string,
  init: { body?: Buffer | string; headers?: Record<string, string>; anonymous?: boolean } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...init.headers };
  if (reg.user !== undefined && reg.password !== undefined && !init.anonymous) {
    headers.authorization = `Basic ${Buffer.from(`${reg.user}:${reg.password}`).toString('base64')}`;
  }
  const target = /^https?:/.test(path) ? path : reg.url + path;
  const body = init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : new Uint8Array(init.body);
  return fetch(target, { method, headers, ...(body !== undefined ? { body } : {}), redirect: 'manual' });
}
