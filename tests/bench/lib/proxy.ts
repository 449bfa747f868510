// Starts the real Porthole proxy in front of the bench engine: in a child process (the reported numbers:
// client and proxy do not share an event loop) or in this process (to show what sharing one costs).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ProxyEndpoint } from './clients.ts';
import { ensureBuilt, proxyMain } from '../../../proxy/bin/build.mjs';
import { NODE_ENV, NODE_FLAGS } from '../../../proxy/src/serviceUnit.ts';

export const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const START_TIMEOUT_MS = 30_000;

export interface ProxyHandle extends ProxyEndpoint {
  mode: 'child' | 'in-process';
  /** The proxy's own process (the child), or null in-process. */
  pid: number | null;
  /** "https://127.0.0.1:PORT": what a browser sends as Origin. */
  origin: string;
  stop(): Promise<void>;
}

export interface Memory {
  rssMiB: number;
  /** Peak RSS since the process started (VmHWM). */
  hwmMiB: number;
}

/** VmRSS and VmHWM of a process, from /proc/PID/status. */
export function readMemory(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string): number => {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!m) throw new Error(`/proc/${pid}/status has no ${field}`);
    return Number(m[1]) / 1024;
  };
  return { rssMiB: kib('VmRSS'), hwmMiB: kib('VmHWM') };
}

const newToken = (): string => `bench-${randomBytes(18).toString('base64url')}`;

function proxyArgs(stateDir: string, engineSocket: string): string[] {
  return ['--listen', '127.0.0.1:0', '--state-dir', stateDir, '--engine', `local=unix://${engineSocket}`];
}

// Children still running when this process ends (Ctrl-C, crash) are ended by their pid.
const children = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const c of children) if (c.pid !== undefined && c.exitCode === null) c.kill('SIGKILL');
  });
}

export interface ChildServer {
  pid: number;
  /** The URL or port it printed after "listening on". */
  listening: string;
  stop(): Promise<void>;
}

/**
 * `node [nodeArgs] [--import tsx [--import PRELOAD...]] SCRIPT ARGS` as a child; resolves once it printed
 * "listening on X". tsx only for TypeScript: a built .js script runs on plain node. Preloads are TypeScript
 * modules run before the script (experiments patch with them).
 */
export async function spawnListening(script: string, args: string[], env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = [], preloads: string[] = [], node = process.execPath): Promise<ChildServer> {
  installExitHook();
  // node itself, not npx: the pid we hold is then the server's own, and so is its RSS and CPU time.
  const typescript = script.endsWith('.ts') || preloads.length > 0;
  const imports = typescript ? ['--import', 'tsx', ...preloads.flatMap((p) => ['--import', pathToFileURL(p).href])] : [];
  const child = spawn(node, [...nodeArgs, ...imports, script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let log = '';
  const keep = (c: Buffer): void => {
    log = (log + c.toString()).slice(-8000);
  };
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const listening = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within ${START_TIMEOUT_MS} ms:\n${log}`)), START_TIMEOUT_MS);
    child.stdout!.on('data', (c: Buffer) => {
      keep(c);
      const m = /listening on (\S+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code}) before listening:\n${log}`));
    });
  });
  return {
    pid: child.pid!,
    listening,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(killer);
      }
      children.delete(child);
    },
  };
}

export interface ChildOptions {
  /** Node's flags (default: those `npm start` and the service use), e.g. ['--cpu-prof', ...]. */
  nodeArgs?: string[];
  /** Node flags added to the default ones (or to nodeArgs). */
  extraNodeArgs?: string[];
  /** TypeScript modules run before the proxy (experiments patch its modules with them); runs the TypeScript entry. */
  preloads?: string[];
  env?: NodeJS.ProcessEnv;
  /** Another build of the proxy, for an A/B of two builds in one run (e.g. a copy of the build before a change). */
  main?: string;
  /** Another node binary (e.g. the current LTS: `node tests/tools/otherNode.mjs 24` prints its path). */
  node?: string;
  /** More proxy arguments, e.g. `--web-root DIR` (the PWA bench's baseline build). */
  args?: string[];
  /** A state dir to use (and keep): a restart in it finds its certificate and tokens. Default: a fresh one, removed at stop. */
  stateDir?: string;
}

/**
 * Porthole as a child: the built proxy (dist/proxy/main.js, built first when stale), as `npm start` and the
 * service run it; the TypeScript entry when preloads patch its modules.
 */
export async function startProxyChild(engineSocket: string, opts: ChildOptions = {}): Promise<ProxyHandle> {
  const ownDir = !opts.stateDir;
  const stateDir = opts.stateDir ?? mkdtempSync(join(tmpdir(), 'porthole-bench-proxy-'));
  const token = opts.env?.PORTHOLE_TOKEN ?? newToken();
  const preloads = opts.preloads ?? [];
  let server: ChildServer;
  try {
    if (!preloads.length && !opts.main) ensureBuilt();
    // As npm start and the service run it, unless a run asks for other flags.
    const nodeArgs = [...(opts.nodeArgs?.length ? opts.nodeArgs : NODE_FLAGS), ...(opts.extraNodeArgs ?? [])];
    const env = { ...NODE_ENV, ...opts.env, PORTHOLE_TOKEN: token, HOME: stateDir };
    const script = preloads.length ? join(ROOT, 'proxy', 'src', 'main.ts') : resolve(ROOT, opts.main ?? proxyMain);
    server = await spawnListening(script, [...proxyArgs(stateDir, engineSocket), ...(opts.args ?? [])], env, nodeArgs, preloads, opts.node);
  } catch (e) {
    if (ownDir) rmSync(stateDir, { recursive: true, force: true });
    throw e;
  }
  const port = Number(new URL(server.listening).port);
  return {
    mode: 'child',
    pid: server.pid,
    host: '127.0.0.1',
    port,
    origin: `https://127.0.0.1:${port}`,
    token,
    engine: 'local',
    stop: async () => {
      await server.stop();
      if (ownDir) rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** The same proxy started inside this process (client and proxy share one event loop and one core). */
export async function startProxyInProcess(engineSocket: string): Promise<ProxyHandle> {
  const { parseArgs } = await import('../../../proxy/src/config.ts');
  const { startPorthole } = await import('../../../proxy/src/server.ts');
  const stateDir = mkdtempSync(join(tmpdir(), 'porthole-bench-proxy-'));
  const token = newToken();
  const porthole = await startPorthole(parseArgs(proxyArgs(stateDir, engineSocket), { PORTHOLE_TOKEN: token, HOME: stateDir }));
  return {
    mode: 'in-process',
    pid: null,
    host: '127.0.0.1',
    port: porthole.port,
    origin: `https://127.0.0.1:${porthole.port}`,
    token,
    engine: 'local',
    stop: async () => {
      await porthole.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
